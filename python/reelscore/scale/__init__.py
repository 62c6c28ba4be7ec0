"""Scale-out adapters: reelscore inside Ray Data and Apache Spark, as those engines are used.

Nothing here schedules work or moves data: the engines do. These modules are thin adapters
that hand each engine's batches to the same functions a single machine calls —
:func:`reelscore.score_video` for clips, :mod:`reelscore.engage` for engagement — so the
numbers are the Rust core's, identical to a local run.

* :mod:`reelscore.scale.ray_data` (``pip install reelscore[ray]``): :class:`VideoScorer`, a
  ``Dataset.map_batches`` callable class (one per Ray actor) that scores a dataset of video
  paths or bytes into Arrow rows — path, score, verdict, defects, cuts, key metrics, error —
  and :func:`score_dataset`, which wires it up.
* :mod:`reelscore.scale.spark` (``pip install reelscore[spark]``): pandas (Arrow) UDFs for
  engagement over event tables — Wilson and Bayesian-average rates, reddit hot, Hacker News
  and half-life decay — the duration-debiased watch percentile as a two-pass job, and
  Bradley–Terry ratings per prompt with ``applyInPandas``.
* :mod:`reelscore.scale.arrow`: the Arrow schema of a scored clip (shared, engine-free).

The engines are optional: importing :mod:`reelscore` never imports Ray, Spark or pyarrow.
Examples: ``python/examples/ray_prefilter.py`` and ``python/examples/spark_engagement.py``.
"""

__all__: list[str] = []
