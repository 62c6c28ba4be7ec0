"""Score a Ray Data dataset of videos: a ``map_batches`` callable class, one per actor.

Training-data pipelines drop bad clips on CPUs before the GPU models run. With Ray Data that
step is one ``map_batches`` call whose callable is :class:`VideoScorer`::

    import ray, ray.data
    from reelscore.scale.ray_data import VideoScorer, score_dataset

    ds = ray.data.from_items([{"path": p} for p in paths])          # shared storage
    # or: ray.data.read_binary_files(uri, include_paths=True)        # bytes + path columns
    scored = score_dataset(ds, workers=8, max_frames=300)           # lazy Dataset of rows
    keep = scored.filter(expr=col("error").is_null() & (col("score") >= 80))  # ray.data.expressions.col
    keep.write_parquet("s3://bucket/scored/")

``score_dataset(ds, ...)`` is ``ds.map_batches(VideoScorer, compute=ActorPoolStrategy(min_size=1,
max_size=workers), batch_format="pyarrow", num_cpus=1, ...)``; call ``map_batches`` yourself
for other settings. Each actor builds one :class:`VideoScorer` (importing the decoder once) and scores
the files of every batch it is given, one after the other, with
:func:`reelscore.score_video` — the same function, so the same numbers, as on one machine.

Rows follow :data:`reelscore.scale.arrow.SCHEMA`: path, verdict, score, error, defects (a list
of structs), cuts, key metrics, the full metrics map. A file that cannot be scored (missing,
corrupt, truncated, not a video, over :class:`reelscore.Limits`) gives a row with ``error``
set and ``score`` null; the job goes on.

Input: a ``path`` column (files every worker can open: a shared or local file system), or a
``bytes`` column (``read_binary_files``: objects from S3, GCS, HTTP…), which is written to a
temporary file on the worker first because the decoder reads files (``path``, if present,
names the row). Columns listed in ``keep`` (e.g. a clip id) are carried over to the output.

Threads: Ray gives each actor one CPU (``num_cpus=1``), so the decoder runs single-threaded
by default here (``decoder_threads=1``); pass ``decoder_threads=0`` to let FFmpeg choose.
"""

from __future__ import annotations

import inspect
import os
import pathlib
import tempfile
import time
from collections.abc import Sequence
from typing import Any, Optional

import pyarrow as pa

from reelscore._native import ReelscoreError
from reelscore.scale.arrow import SCHEMA, row
from reelscore.settings import NAMES as SETTING_NAMES
from reelscore.videoscore import TakeScore, score_video

__all__ = ["SCHEMA", "VideoScorer", "score_dataset"]

#: Options of :func:`reelscore.score_video` that make sense in a batch job.
_OPTIONS = (
    frozenset(inspect.signature(score_video).parameters) - {"path", "progress", "_cancel", "overrides", "thumbnails", "thumbnail_width"}
) | frozenset(SETTING_NAMES)


class VideoScorer:
    """A ``Dataset.map_batches`` callable: scores the videos of a batch into Arrow rows.

    ``path_column`` names the column of file paths; ``bytes_column`` (optional) a column of
    file contents, which takes precedence when present (then ``path_column``, if present,
    only names the rows). ``keep``: input columns copied to the output. ``options`` go to
    :func:`reelscore.score_video` (``stride``, ``max_frames``, ``limits``,
    ``decoder_threads``…; ``decoder_threads`` defaults to 1, one core per actor).

    Batches may be ``pyarrow.Table`` (``batch_format="pyarrow"``, the cheapest), pandas
    DataFrames or dicts of numpy arrays; the result is always a ``pyarrow.Table``.
    """

    def __init__(
        self,
        *,
        path_column: str = "path",
        bytes_column: Optional[str] = "bytes",
        keep: Sequence[str] = (),
        **options: Any,
    ) -> None:
        unknown = sorted(set(options) - _OPTIONS)
        if unknown:
            raise ReelscoreError(f"unknown score_video options {unknown}; accepted: {sorted(_OPTIONS)}")
        clash = sorted(set(keep) & set(SCHEMA.names))
        if clash:
            raise ReelscoreError(f"keep names result columns {clash}; rename them first")
        import av  # noqa: F401  (load FFmpeg once per worker, not on the first file)

        options.setdefault("decoder_threads", 1)
        self.options = options
        self.path_column = path_column
        self.bytes_column = bytes_column
        self.keep = tuple(keep)

    def __call__(self, batch: Any) -> pa.Table:
        columns = _columns(batch, {self.path_column, self.bytes_column or self.path_column, *self.keep})
        n = batch.num_rows if isinstance(batch, pa.Table) else _rows(columns)
        use_bytes = self.bytes_column is not None and self.bytes_column in columns
        if not use_bytes and self.path_column not in columns:
            raise ReelscoreError(
                f"the batch has no {self.path_column!r} column"
                + (f" nor {self.bytes_column!r}" if self.bytes_column else "")
                + f" (columns: {_names(batch)})"
            )
        missing = [k for k in self.keep if k not in columns]
        if missing:
            raise ReelscoreError(f"keep names columns the batch lacks: {missing} (columns: {_names(batch)})")
        names = columns.get(self.path_column)
        rows = []
        for i in range(n):
            name = None if names is None or names[i] is None else str(names[i])
            if use_bytes:
                rows.append(self._score_bytes(columns[self.bytes_column][i], name or f"row {i}"))
            else:
                rows.append(row(self._score_path(name)) if name is not None else _failed("", "no path given"))
        out = pa.Table.from_pylist(rows, schema=SCHEMA)
        for k in self.keep:  # Arrow columns as they came (their types kept), others converted
            out = out.append_column(k, batch.column(k) if isinstance(batch, pa.Table) else _as_arrow(columns[k]))
        return out

    def _score_path(self, path: str) -> TakeScore:
        t0 = time.perf_counter()
        try:
            return score_video(path, **self.options)
        except ReelscoreError as e:
            return TakeScore(path=path, error=_strip(str(e), path), elapsed=time.perf_counter() - t0)
        except Exception as e:  # a bug must not end a million-file job: the row says what happened
            return TakeScore(path=path, error=f"{type(e).__name__}: {e}", elapsed=time.perf_counter() - t0)

    def _score_bytes(self, data: Optional[bytes], name: str) -> dict[str, Any]:
        if data is None:
            return _failed(name, "no bytes given")
        fd, tmp = tempfile.mkstemp(prefix="reelscore-", suffix=pathlib.PurePath(name).suffix[:16])
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            take = self._score_path(tmp)
        finally:
            os.unlink(tmp)
        if take.error is not None:
            take.error = take.error.replace(tmp, name)
        return row(take, path=name)


def _strip(message: str, path: str) -> str:
    prefix = f"{path}: "
    return message[len(prefix):] if message.startswith(prefix) else message


def _failed(name: str, why: str) -> dict[str, Any]:
    return row(TakeScore(path=name, error=why))


def _names(batch: Any) -> list[str]:
    """The column names of a batch in any of the formats Ray hands out."""
    if isinstance(batch, pa.Table):
        return list(batch.column_names)
    if isinstance(batch, dict):
        return [str(c) for c in batch]
    if hasattr(batch, "columns") and hasattr(batch, "to_numpy"):  # pandas
        return [str(c) for c in batch.columns]
    raise TypeError(f"batch must be a pyarrow.Table, a pandas DataFrame or a dict of arrays, got {type(batch).__name__}")


def _columns(batch: Any, wanted: set[str]) -> dict[str, list[Any]]:
    """The ``wanted`` columns of a batch as lists of Python values."""
    out = {}
    for c in _names(batch):
        if c in wanted:
            values = batch.column(c) if isinstance(batch, pa.Table) else batch[c]
            out[c] = values.to_pylist() if isinstance(values, pa.ChunkedArray) else list(values)
    return out


def _rows(columns: dict[str, list[Any]]) -> int:
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise ReelscoreError(f"batch columns have different lengths {sorted(lengths)}")
    return lengths.pop() if lengths else 0


def _as_arrow(values: list[Any]) -> pa.Array:
    return pa.array([v.item() if hasattr(v, "item") else v for v in values])


def score_dataset(
    ds: Any,
    /,
    *,
    workers: int = 2,
    batch_size: int = 4,
    path_column: str = "path",
    bytes_column: Optional[str] = "bytes",
    keep: Sequence[str] = (),
    **options: Any,
) -> Any:
    """``ds`` scored by a pool of up to ``workers`` actors (one CPU each), ``batch_size`` files
    per batch: a lazy ``ray.data.Dataset`` of :data:`reelscore.scale.arrow.SCHEMA` rows (plus
    ``keep``). Other arguments as :class:`VideoScorer`.

    The pool starts with one actor and grows to ``workers`` as Ray Data sees fit, so the tasks
    that read the input (``read_binary_files``, ``read_parquet``…) keep a CPU; a fixed pool of
    as many actors as CPUs would leave them none and hang."""
    import ray.data

    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ReelscoreError(f"workers must be a positive integer, got {workers!r}")
    VideoScorer(path_column=path_column, bytes_column=bytes_column, keep=keep, **options)  # fail fast, here
    return ds.map_batches(
        VideoScorer,
        batch_size=batch_size,
        batch_format="pyarrow",
        # Not a fixed pool: actors started up front would take every CPU of a small cluster
        # and starve the read tasks that feed them (read_binary_files), a deadlock.
        compute=ray.data.ActorPoolStrategy(min_size=1, max_size=workers),
        num_cpus=1,
        fn_constructor_kwargs=dict(path_column=path_column, bytes_column=bytes_column, keep=tuple(keep), **options),
    )
