"""A scored clip as one Arrow row: the schema engines see, built from :class:`TakeScore`.

One row per input file, failures included (``error`` set; ``verdict`` ``"error"``; ``score``,
the defects, cuts and metrics null), so a job over millions of files never stops on a bad
one and the failures can be counted and retried. Values come from :meth:`reelscore.TakeScore.to_dict` unchanged
(non-finite metrics become nulls, as in the CLI's JSON).

Columns (see :data:`SCHEMA`):

=================  ==========================================  ===============================
column             type                                        meaning
=================  ==========================================  ===============================
path               string                                      the input path (or name)
verdict            string                                      ``keep`` / ``reject`` / ``error``
score              double                                      0–100, null on error
error              string                                      why the file failed, else null
fps                double                                      source frame rate
width, height      int32                                       frame size, pixels
frames             int64                                       frames scored
duration           double                                      seconds scored
defects            list<struct<kind, start_frame, end_frame,   located defects, times in
                   start, end, severity, points>>              seconds
cuts               list<int64>                                 scene-cut frame indices
cut_times          list<double>                                scene-cut times, seconds
KEY_METRICS        double each                                 e.g. ``sharpness``, ``motion``
metrics            map<string, double>                         every metric of the report
audio              map<string, double>                         audio metrics (null: no track)
seconds            double                                      wall time spent on the file
=================  ==========================================  ===============================

The key metrics are the columns a training-data prefilter selects on (``sharpness > 50 and
frozen_share < 0.1``); every metric is also in the ``metrics`` map.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

import pyarrow as pa

from reelscore.videoscore import TakeScore

#: Report metrics copied into columns of their own (null when a report lacks one).
KEY_METRICS = (
    "motion",
    "dynamic_degree",
    "vbench_flicker",
    "sharpness",
    "noise",
    "blockiness",
    "brightness",
    "contrast",
    "frozen_share",
    "max_chroma_jump",
    "shots",
)

DEFECT = pa.struct(
    [
        ("kind", pa.string()),
        ("start_frame", pa.int64()),
        ("end_frame", pa.int64()),
        ("start", pa.float64()),
        ("end", pa.float64()),
        ("severity", pa.float64()),
        ("points", pa.float64()),
    ]
)

#: The Arrow schema of scored clips (one row per input file).
SCHEMA = pa.schema(
    [
        ("path", pa.string()),
        ("verdict", pa.string()),
        ("score", pa.float64()),
        ("error", pa.string()),
        ("fps", pa.float64()),
        ("width", pa.int32()),
        ("height", pa.int32()),
        ("frames", pa.int64()),
        ("duration", pa.float64()),
        ("defects", pa.list_(DEFECT)),
        ("cuts", pa.list_(pa.int64())),
        ("cut_times", pa.list_(pa.float64())),
        *[(m, pa.float64()) for m in KEY_METRICS],
        ("metrics", pa.map_(pa.string(), pa.float64())),
        ("audio", pa.map_(pa.string(), pa.float64())),
        ("seconds", pa.float64()),
    ]
)


def row(take: TakeScore, *, path: Optional[str] = None) -> dict[str, Any]:
    """The row of one result; ``path`` replaces ``take.path`` (e.g. the dataset's name for a
    file scored from bytes through a temporary file)."""
    d = take.to_dict()
    metrics = d["metrics"]
    audio = d.get("audio")
    out: dict[str, Any] = {
        "path": take.path if path is None else path,
        "verdict": d["verdict"],
        "score": d["score"],
        "error": d["error"],
        "fps": d["fps"] if take.ok else None,
        "width": d["width"] if take.ok else None,
        "height": d["height"] if take.ok else None,
        "frames": d["frames"] if take.ok else None,
        "duration": d["duration"] if take.ok else None,
        "defects": d["defects"] if take.ok else None,
        "cuts": [c["frame"] for c in d["cuts"]] if take.ok else None,
        "cut_times": [c["time"] for c in d["cuts"]] if take.ok else None,
        "metrics": list(metrics.items()) if take.ok else None,
        "audio": None if audio is None else list(audio.items()),
        "seconds": take.elapsed,
    }
    for m in KEY_METRICS:
        v = metrics.get(m)
        out[m] = None if v is None else float(v)
    return out


def table(takes: Iterable[TakeScore], *, paths: Optional[Iterable[Optional[str]]] = None) -> pa.Table:
    """An Arrow table of :data:`SCHEMA` with one row per result."""
    takes = list(takes)
    names = list(paths) if paths is not None else [None] * len(takes)
    return pa.Table.from_pylist([row(t, path=p) for t, p in zip(takes, names)], schema=SCHEMA)
