"""Ray Data adapter (issue 8, part 1): the sample clips and broken files scored on a local Ray
(2 CPUs, one actor each) give exactly the rows of ``reelscore.score_video`` on the same files.

One Ray instance for the module; about 30 s in all (Ray's start-up is a third of it).
"""

from __future__ import annotations

import math
import pathlib

import numpy as np
import pytest

import reelscore
from conftest import clip_dir

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")
pa = pytest.importorskip("pyarrow")

from reelscore.scale import arrow as rows  # noqa: E402
from reelscore.scale.ray_data import VideoScorer, score_dataset  # noqa: E402

pytestmark = [
    # Ray 2.60's own DataContext() assigns its deprecated fields while it is built, warning about
    # them (ray/data/context.py); nothing a caller can change.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context"),
]


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, pathlib.Path]:
    """The four sample clips, a corrupt and a truncated copy of bikes, a text file, a missing path."""
    d = tmp_path_factory.mktemp("ray")
    src = clip_dir()
    out = {p.stem: p for p in sorted(src.glob("*.mp4"))}
    data = (src / "bikes.mp4").read_bytes()
    buf = np.frombuffer(data, np.uint8).copy()
    rng = np.random.default_rng(1)
    idx = rng.integers(5000, buf.size, 200)
    buf[idx] = rng.integers(0, 256, idx.size)  # the corruption recipe of test_cli.py
    out["corrupt"] = d / "corrupt.mp4"
    out["corrupt"].write_bytes(buf.tobytes())
    out["truncated"] = d / "truncated.mp4"
    out["truncated"].write_bytes(data[: len(data) // 2])
    out["text"] = d / "notes.mp4"
    out["text"].write_text("not a video\n" * 40)
    out["missing"] = d / "missing.mp4"
    return out


@pytest.fixture(scope="module")
def local(files) -> dict[str, reelscore.TakeScore]:
    """What a single machine says: ``reelscore.score_video`` (defaults) on each file."""
    out = {}
    for name, p in files.items():
        try:
            out[name] = reelscore.score_video(p)
        except reelscore.ReelscoreError as e:
            out[name] = reelscore.TakeScore(path=str(p), error=str(e))
    return out


def _same(a, b) -> bool:
    """Equal, NaN/None-aware, floats compared exactly."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def check_row(r: dict, take: reelscore.TakeScore, path: str) -> None:
    assert r["path"] == path
    if not take.ok:
        assert r["verdict"] == "error" and r["score"] is None
        assert r["defects"] is None and r["metrics"] is None
        # score_video's message starts with the file name; the row names the file in `path`.
        assert r["error"] and take.error.endswith(r["error"]), (r["error"], take.error)
        return
    d = take.to_dict()
    assert r["error"] is None
    assert r["verdict"] == take.verdict
    assert r["score"] == take.report.score  # exact: the same core on the same frames
    assert r["defects"] == d["defects"]
    assert r["cuts"] == list(take.report.cuts)
    assert r["cut_times"] == [take.time(c) for c in take.report.cuts]
    assert (r["fps"], r["width"], r["height"], r["frames"]) == (take.fps, take.width, take.height, take.frames)
    metrics = dict(r["metrics"])
    assert metrics.keys() == take.report.metrics.keys()
    for k, v in take.report.metrics.items():
        assert _same(metrics[k] if metrics[k] is not None else math.nan, v), k
    for k in rows.KEY_METRICS:
        if k in take.report.metrics:
            assert _same(r[k] if r[k] is not None else math.nan, take.report.metrics[k]), k
        else:
            assert r[k] is None


def test_paths_through_ray_equal_score_video(local_ray, files, local):
    ds = ray.data.from_items([{"path": str(p), "clip_id": i} for i, p in enumerate(files.values())])
    out = score_dataset(ds, workers=2, batch_size=2, keep=["clip_id"]).take_all()
    assert len(out) == len(files)
    by_id = {r["clip_id"]: r for r in out}
    for i, (name, p) in enumerate(files.items()):
        check_row(by_id[i], local[name], str(p))
    errors = {pathlib.Path(r["path"]).stem: r["error"] for r in out if r["error"] is not None}
    assert set(errors) == {"corrupt", "truncated", "notes", "missing"}
    assert "corrupt" in errors["corrupt"] and "truncated" in errors["truncated"]
    assert errors["missing"] == "no such file"
    assert sum(r["verdict"] != "error" for r in out) == 4


def test_bytes_through_ray_equal_score_video(local_ray, files, local):
    """``read_binary_files`` gives bytes and paths: each is scored from a temporary copy."""
    picked = ["carphone_pristine", "carphone_distorted", "corrupt", "text"]
    ds = ray.data.read_binary_files([str(files[n]) for n in picked], include_paths=True)
    out = score_dataset(ds, workers=2, batch_size=1).take_all()
    assert sorted(r["path"] for r in out) == sorted(str(files[n]) for n in picked)
    by_path = {r["path"]: r for r in out}
    for n in picked:
        check_row(by_path[str(files[n])], local[n], str(files[n]))


def test_rows_are_arrow_with_nested_defects(local_ray, files):
    """The dataset holds Arrow blocks of the documented schema, and filters like any other."""
    ds = ray.data.from_items([{"path": str(files["bikes"])}, {"path": str(files["missing"])}])
    scored = score_dataset(ds, batch_size=2).materialize()
    table = pa.concat_tables(ray.get(scored.to_arrow_refs()))
    assert table.schema.remove_metadata() == rows.SCHEMA
    from ray.data.expressions import col

    kept = scored.filter(expr=col("error").is_null() & (col("score") >= 50)).take_all()
    assert [pathlib.Path(r["path"]).name for r in kept] == ["bikes.mp4"]


def test_scorer_without_ray(files, local):
    """The callable is plain Python: batches as Arrow tables, pandas frames or dicts of arrays."""
    scorer = VideoScorer(max_frames=None)
    paths = [str(files["carphone_pristine"]), str(files["missing"])]
    import pandas as pd

    for batch in (pa.table({"path": paths}), pd.DataFrame({"path": paths}), {"path": np.array(paths)}):
        t = scorer(batch)
        assert t.schema == rows.SCHEMA
        r = t.to_pylist()
        check_row(r[0], local["carphone_pristine"], paths[0])
        check_row(r[1], local["missing"], paths[1])


def test_rank_results_as_an_arrow_table(files, local):
    """``reelscore.scale.arrow.table`` turns any results (e.g. ``reelscore.rank``'s) into rows."""
    names = ["bikes", "missing"]
    t = rows.table([local[n] for n in names])
    assert t.schema == rows.SCHEMA and t.num_rows == 2
    for r, n in zip(t.to_pylist(), names):
        check_row(r, local[n], str(files[n]))


def test_bad_arguments_fail_before_any_work():
    with pytest.raises(reelscore.ReelscoreError, match="unknown score_video options"):
        VideoScorer(strid=2)
    with pytest.raises(reelscore.ReelscoreError, match="result columns"):
        VideoScorer(keep=["score"])
    with pytest.raises(reelscore.ReelscoreError, match="no 'path' column"):
        VideoScorer()(pa.table({"file": ["a.mp4"]}))
    with pytest.raises(reelscore.ReelscoreError, match="workers"):
        score_dataset(None, workers=0)
