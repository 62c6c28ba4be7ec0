"""Settings a pipeline needs, shared by the command line and the Python API.

One :class:`Settings` object holds them; each layer overrides the one before:

1. the defaults (the fields below);
2. a configuration file, the nearest found upward from the working directory: a
   ``reelscore.toml`` (keys at its top level) or a ``pyproject.toml`` with a
   ``[tool.reelscore]`` table (a ``pyproject.toml`` without one is passed over); in one
   folder ``reelscore.toml`` wins;
3. command-line flags (``--keep-score``, ``--fail-under``, ``--ignore``, ``--weight``,
   ``--target-lufs``, ``--format``, ``--no-recursive``; ``--config FILE`` names the file,
   ``--no-config`` skips it);
4. keyword arguments in Python: ``score_video(path, settings=..., keep_score=70)``,
   ``rank(paths, ignore=("noise",))``. Without ``settings=`` the file is discovered as the
   command line does; ``settings=Settings()`` means the defaults alone.

A file, for example::

  [tool.reelscore]            # or these keys at the top of reelscore.toml
  keep_score = 75             # a take with no defect and at least this score is a keeper
  fail_under = 60             # the command exits with status 3 when a take scores below
  ignore = ["noise", "too_quiet"]   # kinds dropped from the verdict and the score
  target_lufs = -16           # loudness target of the too_quiet / too_loud rules, LUFS
  format = "jsonl"            # table, json, jsonl or csv
  recursive = true            # folders are searched recursively

  [tool.reelscore.weights]    # verdict weights replacing the rules' (DEFECT_WEIGHTS), in [0, 1)
  blur = 0.2

Keys may be spelled with ``_`` or ``-``. An unknown key, kind or a bad value raises
:class:`~reelscore.ReelscoreError` naming the file, the key and what is accepted. Ignoring and
weighting are the core verdict's (``ClipScorer.finish(weights=..., ignore=...)``): an ignored
kind's defects are dropped from the report, so they cost no points and reject no take; a kind
weighted 0 stays listed at 0 points and still makes a take a reject.
"""

from __future__ import annotations

import dataclasses
import math
import os
import pathlib
import sys
import types
from collections.abc import Mapping
from typing import Any, Optional

from reelscore._native import DEFAULT_TARGET_LUFS, DEFECT_KINDS, KEEPER_SCORE, AudioScorer, ReelscoreError, verdict_weights

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python < 3.11 reads TOML with tomli (a dependency there)
    import tomli as tomllib

#: File names searched in each folder, in order of precedence.
CONFIG_FILES = ("reelscore.toml", "pyproject.toml")
#: Output formats of the command line.
FORMATS = ("table", "json", "jsonl", "csv")


def _kinds_text() -> str:
    return ", ".join(DEFECT_KINDS)


@dataclasses.dataclass(frozen=True)
class Settings:
    """What a run is judged by and how it is reported (see the module doc for the layers).

    Build one with keyword arguments (``Settings(keep_score=70)``, validated), from a file
    (:meth:`from_file`, :meth:`discover`), or from another (:meth:`replace`).
    """

    #: A take with no defect and at least this score (0-100) is a keeper (verdict ``"keep"``).
    keep_score: float = KEEPER_SCORE
    #: The command line exits with :data:`reelscore.cli.EXIT_BELOW` when a take scores below
    #: this (0-100); None: no gate.
    fail_under: Optional[float] = None
    #: Defect kinds dropped from the verdict and the score (names of ``DEFECT_KINDS``).
    ignore: tuple[str, ...] = ()
    #: Verdict weights by kind, replacing ``DEFECT_WEIGHTS``' for the kinds named, in [0, 1).
    weights: Mapping[str, float] = dataclasses.field(default_factory=dict)
    #: Target integrated loudness of the ``too_quiet`` / ``too_loud`` rules, LUFS (-70 to 0).
    target_lufs: float = DEFAULT_TARGET_LUFS
    #: Command-line output: ``table``, ``json``, ``jsonl`` or ``csv``.
    format: str = "table"
    #: Folders are searched recursively (sorted; hidden folders skipped); False: their own files only.
    recursive: bool = True
    #: The file these settings were read from, if any (not a setting).
    source: Optional[str] = dataclasses.field(default=None, compare=False)

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            if f.name != "source":
                object.__setattr__(self, f.name, check(f.name, getattr(self, f.name), f"Settings: {f.name}"))

    def __hash__(self) -> int:
        return hash((self.keep_score, self.fail_under, self.ignore, tuple(self.weights.items()), self.target_lufs, self.format, self.recursive))

    def __reduce__(self) -> tuple[Any, ...]:  # the weights' read-only view does not pickle
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["weights"] = dict(self.weights)
        return (_restore, (fields,))

    def replace(self, **overrides: Any) -> "Settings":
        """A copy with ``overrides`` (setting names as keyword arguments) applied and checked;
        ``weights`` replaces the whole mapping (merge with ``{**s.weights, ...}``)."""
        unknown = sorted(set(overrides) - set(NAMES))
        if unknown:
            raise TypeError(f"unknown setting {unknown[0]!r} (settings: {', '.join(NAMES)})")
        return dataclasses.replace(self, **overrides)

    def verdict_weights(self) -> dict[str, float]:
        """Every kind's weight in the verdict under these settings (0 for ignored kinds), from
        the core."""
        return dict(verdict_weights(weights=dict(self.weights), ignore=list(self.ignore)))

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain data (what the command's JSON output records)."""
        return {
            "keep_score": self.keep_score,
            "fail_under": self.fail_under,
            "ignore": list(self.ignore),
            "weights": dict(self.weights),
            "target_lufs": self.target_lufs,
            "format": self.format,
            "recursive": self.recursive,
            "source": self.source,
        }

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> "Settings":
        """The defaults overridden by one file: a ``pyproject.toml`` (its ``[tool.reelscore]``
        table; none is an error here) or any other TOML file (its top-level keys)."""
        p = pathlib.Path(path)
        doc = _read(p)
        if p.name == "pyproject.toml":
            table = doc.get("tool", {}).get("reelscore") if isinstance(doc.get("tool"), dict) else None
            if table is None:
                raise ReelscoreError(f"{p}: has no [tool.reelscore] table")
            return _from_table(p, table, f"{p} [tool.reelscore]")
        return _from_table(p, doc, str(p))

    @classmethod
    def discover(cls, start: Optional[str | os.PathLike[str]] = None) -> "Settings":
        """The defaults overridden by the nearest configuration file upward from ``start``
        (default: the working directory); the defaults alone when there is none."""
        found = find_config(start)
        return cls() if found is None else cls.from_file(found)


def _restore(fields: dict[str, Any]) -> Settings:
    return Settings(**fields)


#: The names of the settings (keyword arguments and file keys).
NAMES = tuple(f.name for f in dataclasses.fields(Settings) if f.name != "source")


def find_config(start: Optional[str | os.PathLike[str]] = None) -> Optional[pathlib.Path]:
    """The nearest ``reelscore.toml``, or ``pyproject.toml`` with a ``[tool.reelscore]``
    table, in ``start`` (default: the working directory) or a folder above it; None if none."""
    here = pathlib.Path(os.getcwd() if start is None else start).resolve()
    for folder in (here, *here.parents):
        own = folder / CONFIG_FILES[0]
        if own.is_file():
            return own
        project = folder / CONFIG_FILES[1]
        if project.is_file():
            tool = _read(project).get("tool")
            if isinstance(tool, dict) and "reelscore" in tool:
                return project
    return None


def resolve(settings: Optional[Settings] = None, **overrides: Any) -> Settings:
    """``settings`` (default: :meth:`Settings.discover`) with keyword ``overrides`` applied:
    the last two layers of the module doc. Unknown names raise ``TypeError``."""
    if settings is not None and not isinstance(settings, Settings):
        raise TypeError(f"settings must be a reelscore.Settings or None, got {type(settings).__name__}")
    base = Settings.discover() if settings is None else settings
    return base.replace(**overrides) if overrides else base


def split_overrides(options: dict[str, Any]) -> tuple[Optional[Settings], dict[str, Any]]:
    """Takes ``settings`` and the setting names out of ``options`` (in place), returning the
    resolved settings (None when there was neither, so the caller discovers them once)."""
    given = options.pop("settings", None)
    overrides = {k: options.pop(k) for k in NAMES if k in options}
    if given is None and not overrides:
        return None, options
    return resolve(given, **overrides), options


def _read(path: pathlib.Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise ReelscoreError(f"{path}: not valid TOML: {e}") from None
    except OSError as e:
        raise ReelscoreError(f"{path}: cannot read: {e.strerror or e}") from None


def _from_table(path: pathlib.Path, table: Any, where: str) -> Settings:
    if not isinstance(table, dict):
        raise ReelscoreError(f"{where}: expected a table of settings, got {_show(table)}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in NAMES:
            raise ReelscoreError(f"{where}: unknown key {key!r} (keys: {', '.join(NAMES)})")
        if name in values:
            raise ReelscoreError(f"{where}: key {key!r} is given twice (as - and as _)")
        values[name] = check(name, value, f"{where}: {key}")
    return dataclasses.replace(Settings(), source=str(path), **values)


def _show(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"


def _number(head: str, value: Any, accepted: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ReelscoreError(f"{head} = {value!r}: expected {accepted}")
    return float(value)


def _score(head: str, value: Any) -> float:
    v = _number(head, value, "a score from 0 to 100")
    if not 0.0 <= v <= 100.0:
        raise ReelscoreError(f"{head} = {value!r}: expected a score from 0 to 100")
    return v


def _kind_list(head: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, frozenset)) or not all(isinstance(k, str) for k in value):
        raise ReelscoreError(f"{head} = {value!r}: expected a list of defect kinds ({_kinds_text()})")
    for k in value:
        if k not in DEFECT_KINDS:
            raise ReelscoreError(f"{head}: unknown defect kind {k!r} (one of {_kinds_text()})")
    chosen = set(value)
    return tuple(k for k in DEFECT_KINDS if k in chosen)  # code order, each once


def _weights(head: str, value: Any) -> Mapping[str, float]:
    if not isinstance(value, Mapping):
        raise ReelscoreError(f"{head} = {value!r}: expected a table of defect kind = weight in [0, 1)")
    out: dict[str, float] = {}
    for k, w in value.items():
        if k not in DEFECT_KINDS:
            raise ReelscoreError(f"{head}: unknown defect kind {k!r} (one of {_kinds_text()})")
        out[k] = _number(f"{head}: {k}", w, "a weight in [0, 1)")
        try:
            verdict_weights(weights={k: out[k]})  # the core's own check of a weight
        except ReelscoreError:
            raise ReelscoreError(f"{head}: {k} = {w!r}: expected a weight in [0, 1)") from None
    return types.MappingProxyType({k: out[k] for k in DEFECT_KINDS if k in out})


def check(name: str, value: Any, head: Optional[str] = None) -> Any:
    """``value`` of setting ``name`` checked and normalised; a :class:`ReelscoreError` starts
    with ``head`` (default: the name; a file's errors give ``"path: key"``, the command line's
    the flag)."""
    head = name if head is None else head
    if name == "keep_score":
        return _score(head, value)
    if name == "fail_under":
        return None if value is None else _score(head, value)
    if name == "ignore":
        return _kind_list(head, value)
    if name == "weights":
        return _weights(head, value)
    if name == "target_lufs":
        v = _number(head, value, "a loudness in LUFS from -70 to 0")
        try:
            AudioScorer(48000, 1, target_lufs=v)  # the core's own check of the target
        except ReelscoreError:
            raise ReelscoreError(f"{head} = {value!r}: expected a loudness in LUFS from -70 to 0") from None
        return v
    if name == "format":
        if value not in FORMATS:
            raise ReelscoreError(f"{head} = {value!r}: expected one of {', '.join(FORMATS)}")
        return value
    if name == "recursive":
        if not isinstance(value, bool):
            raise ReelscoreError(f"{head} = {value!r}: expected true or false")
        return value
    raise TypeError(f"unknown setting {name!r} (settings: {', '.join(NAMES)})")
