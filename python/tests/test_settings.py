"""Settings (``reelscore.settings``): the configuration file found upward from the working
directory, its precedence under flags and keyword arguments, every setting's effect, and the
errors a bad file gets.

The oracles are the documented rules, not numbers the code printed: the score is
``100 · Π (1 − weight · severity · (0.5 + 0.5 · coverage))`` over the defects
(core/src/clip/verdict.rs), an ignored kind's defects are absent, loudness is a defect only
when it is more than ``LOUDNESS_TOLERANCE_LU`` from the target, and a take with no defect
scores 100. bigbuckbunny.mp4 has a quiet sound track (a ``too_quiet`` defect at the default
target); carphone_distorted.mp4 is a short clean take with no sound.
"""

from __future__ import annotations

import csv
import io
import json
import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import clip_dir

import reelscore
from reelscore import cli
from reelscore._native import KEEPER_SCORE
from reelscore.settings import NAMES, Settings, find_config, resolve

QUIET = "bigbuckbunny.mp4"
CLEAN = "carphone_distorted.mp4"


def near_floor(weights: dict[str, float]) -> float:
    """F: each kind's near-miss share, scaled by its weight over the rule's, taken at once."""
    rules = reelscore.DEFECT_RULES
    return float(np.prod([1.0 - r["near_share"] * weights[k] / r["weight"] for k, r in rules.items()]))


def score_of(defects, frames: int, weights: dict[str, float]) -> float:
    """The documented verdict of a take with defects, written out: defects as (kind, start, end,
    severity), from the near-miss floor."""
    s = 100.0 * near_floor(weights)
    for kind, start, end, severity in defects:
        coverage = min(1.0, (end - start + 1) / frames)
        s *= 1.0 - weights[kind] * severity * (0.5 + 0.5 * coverage)
    return s


def defects_of(take) -> list[tuple[str, int, int, float]]:
    return [(d.kind, d.start, d.end, d.severity) for d in take.report.defects]


@pytest.fixture(scope="module")
def quiet() -> reelscore.TakeScore:
    """bigbuckbunny with the defaults (no file read)."""
    return reelscore.score_video(clip_dir() / QUIET, settings=Settings())


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> pathlib.Path:
    """A folder of takes: two at the top, one in a subfolder, one in a hidden subfolder."""
    d = tmp_path_factory.mktemp("folder")
    (d / "sub").mkdir()
    (d / ".hidden").mkdir()
    shutil.copy(clip_dir() / CLEAN, d / "z.mp4")
    shutil.copy(clip_dir() / QUIET, d / "a.mp4")
    shutil.copy(clip_dir() / CLEAN, d / "sub" / "b.mp4")
    shutil.copy(clip_dir() / CLEAN, d / ".hidden" / "c.mp4")
    (d / "sub" / "notes.txt").write_text("not a take")
    return d


def run(*args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "reelscore", *args], capture_output=True, text=True, timeout=300, cwd=cwd)


def no_traceback(p: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in p.stderr and "Traceback" not in p.stdout, p.stderr


# ---- discovery and precedence ----------------------------------------------------------------


def test_the_nearest_file_upward_is_found(tmp_path):
    deep = tmp_path / "project" / "a" / "b"
    deep.mkdir(parents=True)
    if find_config(deep) is None:  # nothing above the temporary folder
        assert Settings.discover(deep) == Settings() and Settings.discover(deep).source is None
    (tmp_path / "project" / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.reelscore]\nkeep_score = 70\n')
    assert find_config(deep) == (tmp_path / "project" / "pyproject.toml").resolve()
    s = Settings.discover(deep)
    assert s.keep_score == 70.0 and s.source == str((tmp_path / "project" / "pyproject.toml").resolve())
    # A pyproject.toml without [tool.reelscore] is passed over, not a stop.
    (tmp_path / "project" / "a" / "pyproject.toml").write_text('[project]\nname = "y"\n')
    assert Settings.discover(deep).keep_score == 70.0
    # A nearer reelscore.toml wins; in one folder reelscore.toml wins over pyproject.toml.
    (tmp_path / "project" / "a" / "reelscore.toml").write_text("keep-score = 60\n")
    (tmp_path / "project" / "a" / "pyproject.toml").write_text("[tool.reelscore]\nkeep_score = 65\n")
    assert Settings.discover(deep).keep_score == 60.0
    assert Settings.discover(tmp_path / "project").keep_score == 70.0


def test_python_precedence_defaults_file_settings_keywords(tmp_path, monkeypatch):
    (tmp_path / "reelscore.toml").write_text('fail_under = 50\nignore = ["noise"]\n[weights]\nblur = 0.2\n')
    monkeypatch.chdir(tmp_path)
    s = resolve()
    assert (s.fail_under, s.ignore, dict(s.weights)) == (50.0, ("noise",), {"blur": 0.2})
    assert s.keep_score == KEEPER_SCORE and s.format == "table" and s.recursive
    # Keywords override the file; an explicit Settings replaces it.
    assert resolve(fail_under=10).fail_under == 10.0 and resolve(fail_under=10).ignore == ("noise",)
    assert resolve(Settings(), fail_under=10) == Settings(fail_under=10)
    assert resolve(Settings(target_lufs=-20)).target_lufs == -20.0
    with pytest.raises(TypeError, match="unknown setting 'keepscore'.*keep_score"):
        resolve(keepscore=3)


def test_settings_are_frozen_hashable_and_normalised():
    s = Settings(ignore=["too_quiet", "blur", "blur"], weights={"noise": 0, "blur": 0.25})
    assert s.ignore == ("blur", "too_quiet")  # code order, once each
    assert dict(s.weights) == {"blur": 0.25, "noise": 0.0}
    with pytest.raises(Exception):
        s.keep_score = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.weights["blur"] = 0.5  # type: ignore[index]
    assert hash(s) == hash(Settings(ignore=("blur", "too_quiet"), weights={"blur": 0.25, "noise": 0.0}))
    import copy
    import pickle

    assert pickle.loads(pickle.dumps(s)) == s and copy.deepcopy(s) == s  # e.g. to Ray workers
    w = s.verdict_weights()
    assert w["blur"] == 0.0 and w["too_quiet"] == 0.0 and w["noise"] == 0.0
    assert w["flicker"] == reelscore.DEFECT_WEIGHTS["flicker"] and len(w) == len(reelscore.DEFECT_KINDS)
    assert set(NAMES) == {"keep_score", "fail_under", "ignore", "weights", "target_lufs", "format", "recursive"}


# ---- each setting's effect (Python API) ------------------------------------------------------


def test_weights_follow_the_documented_verdict(quiet):
    assert quiet.report.defects and {d.kind for d in quiet.report.defects} == {"too_quiet"}
    weights = dict(reelscore.DEFECT_WEIGHTS)
    assert quiet.score == pytest.approx(score_of(defects_of(quiet), quiet.frames, weights), abs=1e-9)
    light = reelscore.score_video(clip_dir() / QUIET, settings=Settings(), weights={"too_quiet": 0.1})
    assert defects_of(light) == defects_of(quiet)
    assert light.score == pytest.approx(score_of(defects_of(quiet), quiet.frames, {**weights, "too_quiet": 0.1}), abs=1e-9)
    assert light.score > quiet.score
    assert sum(d.points for d in light.report.defects) == pytest.approx(100 - light.score, abs=1e-9)
    # Weight 0: listed at 0 points, still a defect, so still a reject; the score is the near
    # misses' alone, as if the defect were not there.
    zero = reelscore.score_video(clip_dir() / QUIET, settings=Settings(weights={"too_quiet": 0}))
    assert [d.points for d in zero.report.defects] == [0.0] and zero.verdict == "reject"
    near = sum(p for _, _, p in zero.report.near_misses)
    assert near > 0 and zero.score == pytest.approx(100.0 - near, abs=1e-9)
    ignored = reelscore.score_video(clip_dir() / QUIET, settings=Settings(ignore=("too_quiet",)))
    assert zero.score == ignored.score


def test_ignored_kinds_leave_the_verdict(quiet):
    s = reelscore.score_video(clip_dir() / QUIET, settings=Settings(ignore=("too_quiet",)))
    assert s.report.defects == [] and s.verdict == "keep"
    assert 100.0 * near_floor(dict(reelscore.DEFECT_WEIGHTS)) < s.score <= 100.0
    assert s.report.audio["integrated_lufs"] == quiet.report.audio["integrated_lufs"]  # measured all the same


def test_the_loudness_target_moves_the_loudness_rule(quiet):
    lufs = quiet.report.audio["integrated_lufs"]
    tol = reelscore.LOUDNESS_TOLERANCE_LU
    for target, expect in [(lufs, []), (lufs + tol - 1, []), (lufs + tol + 2, ["too_quiet"]), (lufs - tol - 2, ["too_loud"])]:
        if not -70 <= target <= 0:
            continue
        t = reelscore.score_video(clip_dir() / QUIET, settings=Settings(), target_lufs=target)
        assert [d.kind for d in t.report.defects] == expect, (target, lufs)


def test_keep_score_is_the_takes_threshold(quiet):
    t = reelscore.score_video(clip_dir() / CLEAN, settings=Settings(keep_score=90))
    assert t.report.defects == [] and t.score < 100.0 and t.verdict == "keep"  # near misses cost a little
    # A take without defects is a keeper only at or above the threshold (its near misses count).
    at = reelscore.score_video(clip_dir() / CLEAN, settings=Settings(keep_score=t.score))
    above = reelscore.score_video(clip_dir() / CLEAN, settings=Settings(keep_score=min(100.0, t.score + 0.01)))
    assert at.verdict == "keep" and above.verdict == "reject", (t.score, above.reasons())
    assert "no defect, score below" in above.reasons()
    assert quiet.keep_score == KEEPER_SCORE and quiet.verdict == "reject"


def test_rank_takes_settings_keywords_and_searches_folders(folder, monkeypatch):
    monkeypatch.chdir(folder)
    (folder / "reelscore.toml").write_text('ignore = ["too_quiet"]\n')
    names = lambda takes: sorted(pathlib.Path(t.path).relative_to(folder).as_posix() for t in takes)  # noqa: E731
    takes = reelscore.rank(folder)
    assert names(takes) == ["a.mp4", "sub/b.mp4", "z.mp4"]  # not .hidden/c.mp4
    assert all(t.verdict == "keep" for t in takes)  # the file's ignore reached the verdict
    flat = reelscore.rank(str(folder), recursive=False, ignore=())
    assert names(flat) == ["a.mp4", "z.mp4"]
    assert next(t for t in flat if t.path.endswith("a.mp4")).verdict == "reject"  # keyword over the file
    assert reelscore.videoscore.video_files([folder]) == [str(folder / "a.mp4"), str(folder / "z.mp4"), str(folder / "sub" / "b.mp4")]
    with pytest.raises(TypeError, match="unexpected keyword argument 'ignor'"):
        reelscore.score_video(folder / "a.mp4", ignor=["x"])


# ---- bad values and files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, needles",
    [
        ("keep_scor = 3\n", ["reelscore.toml", "unknown key 'keep_scor'", "keep_score, fail_under"]),
        ("keep_score = 120\n", ["reelscore.toml", "keep_score = 120", "from 0 to 100"]),
        ("keep_score = true\n", ["keep_score = True", "from 0 to 100"]),
        ("fail_under = 'high'\n", ["fail_under = 'high'", "from 0 to 100"]),
        ('ignore = ["blurr"]\n', ["ignore", "unknown defect kind 'blurr'", "flicker, freeze"]),
        ("ignore = 3\n", ["ignore = 3", "list of defect kinds"]),
        ("[weights]\nblur = 1.5\n", ["reelscore.toml: weights: blur = 1.5: expected a weight in [0, 1)"]),
        ("[weights]\nblurry = 0.5\n", ["weights: unknown defect kind 'blurry'", "color_shift"]),
        ("target_lufs = 3\n", ["target_lufs = 3", "-70 to 0"]),
        ('format = "xml"\n', ["format = 'xml'", "table, json, jsonl, csv"]),
        ('recursive = "yes"\n', ["recursive = 'yes'", "true or false"]),
        ("keep_score = 70\nkeep-score = 60\n", ["given twice"]),
        ("keep_score = \n", ["not valid TOML"]),
    ],
)
def test_bad_files_name_the_file_the_key_and_what_is_accepted(tmp_path, text, needles):
    (tmp_path / "reelscore.toml").write_text(text)
    with pytest.raises(reelscore.ReelscoreError) as e:
        Settings.discover(tmp_path)
    for n in needles:
        assert n in str(e.value), (n, str(e.value))


def test_bad_pyproject_tables_and_keywords(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool]\nreelscore = 3\n")
    with pytest.raises(reelscore.ReelscoreError, match=r"pyproject.toml \[tool.reelscore\]: expected a table"):
        Settings.discover(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    with pytest.raises(reelscore.ReelscoreError, match="has no \\[tool.reelscore\\] table"):
        Settings.from_file(tmp_path / "pyproject.toml")
    with pytest.raises(reelscore.ReelscoreError, match="weight"):
        Settings(weights={"blur": -0.5})
    with pytest.raises(reelscore.ReelscoreError, match="unknown defect kind 'nope'"):
        Settings(ignore=["nope"])
    with pytest.raises(reelscore.ReelscoreError, match="from 0 to 100"):
        Settings(fail_under=float("nan"))


# ---- the command line ------------------------------------------------------------------------


def test_cli_reads_the_file_upward_and_flags_override_it(folder, tmp_path):
    project = tmp_path / "project"
    work = project / "work" / "here"
    work.mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.reelscore]\nfail-under = 99.5\nformat = "json"\n[tool.reelscore.weights]\ntoo_quiet = 0.1\n'
    )
    quiet, clean = str(folder / "a.mp4"), str(folder / "z.mp4")
    p = run("score", quiet, clean, cwd=work)
    no_traceback(p)
    doc = json.loads(p.stdout)  # format from the file
    assert p.returncode == cli.EXIT_BELOW, p.stderr
    assert "scored below --fail-under 99.5" in p.stderr
    s = doc["settings"]
    assert s["source"] == str((project / "pyproject.toml").resolve()) and s["fail_under"] == 99.5
    assert s["weights"] == {"too_quiet": 0.1}
    a = doc["takes"][0]
    frames = a["frames"]
    expect = score_of([(d["kind"], d["start_frame"], d["end_frame"], d["severity"]) for d in a["defects"]], frames, {**reelscore.DEFECT_WEIGHTS, "too_quiet": 0.1})
    assert a["score"] == pytest.approx(expect, abs=1e-9)
    # Flags override: a lower gate passes, another weight merges over the file's.
    p = run("score", quiet, clean, "--fail-under", "50", "--weight", "blur=0.3", "--format", "table", cwd=work)
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines()[-1].endswith(", 0 below 50")
    p = run("score", quiet, "--fail-under", "50", "--weight", "blur=0.3", "--json", cwd=work)
    assert json.loads(p.stdout)["settings"]["weights"] == {"blur": 0.3, "too_quiet": 0.1}
    # --no-config: the defaults (no gate, table).
    p = run("score", quiet, clean, "--no-config", cwd=work)
    assert p.returncode == 0 and p.stdout.startswith("score  verdict")
    # --config names another file.
    (tmp_path / "other.toml").write_text('ignore = ["too_quiet"]\nkeep_score = 90\nformat = "json"\n')
    p = run("score", quiet, "--config", str(tmp_path / "other.toml"), cwd=work)
    doc = json.loads(p.stdout)
    assert doc["keep_score"] == 90.0 and doc["takes"][0]["defects"] == [] and doc["takes"][0]["verdict"] == "keep"


def test_cli_ignore_target_and_failures_come_first(folder, tmp_path):
    quiet = str(folder / "a.mp4")
    p = run("score", quiet, "--no-config", "--ignore", "too_quiet,blur", "--json", cwd=tmp_path)
    doc = json.loads(p.stdout)
    assert p.returncode == 0 and doc["settings"]["ignore"] == ["blur", "too_quiet"]
    assert doc["takes"][0]["defects"] == [] and doc["takes"][0]["verdict"] == "keep"
    lufs = doc["takes"][0]["audio"]["integrated_lufs"]
    p = run("score", quiet, "--no-config", "--target-lufs", f"{lufs:.3f}", "--json", cwd=tmp_path)
    assert json.loads(p.stdout)["takes"][0]["defects"] == []
    # A file that cannot be scored is status 1 even when a take is below the gate too.
    p = run("score", quiet, str(tmp_path / "missing.mp4"), "--no-config", "--fail-under", "99", cwd=tmp_path)
    assert p.returncode == cli.EXIT_FAILED


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--ignore", "blurr"], "--ignore: unknown defect kind 'blurr' (one of flicker"),
        (["--weight", "blur=2"], "--weight: blur = 2.0: expected a weight in [0, 1)"),
        (["--weight", "blur"], "expected KIND=WEIGHT"),
        (["--keep-score", "101"], "--keep-score = 101.0: expected a score from 0 to 100"),
        (["--fail-under", "x"], "expected a score from 0 to 100, got 'x'"),
        (["--target-lufs", "6"], "--target-lufs = 6.0: expected a loudness in LUFS from -70 to 0"),
        (["--format", "xml"], "invalid choice: 'xml'"),
        (["--format", "csv", "--json"], "not allowed with argument"),
        (["--config", "missing.toml"], "missing.toml: cannot read"),
    ],
)
def test_cli_bad_flags_are_usage_errors(folder, tmp_path, args, needle):
    p = run("score", str(folder / "z.mp4"), *args, cwd=tmp_path)
    no_traceback(p)
    assert p.returncode == cli.EXIT_USAGE
    assert needle in p.stderr, p.stderr


def test_cli_bad_config_file_is_a_usage_error(folder, tmp_path):
    (tmp_path / "reelscore.toml").write_text("keep_score = 300\n")
    p = run("score", str(folder / "z.mp4"), cwd=tmp_path)
    no_traceback(p)
    assert p.returncode == cli.EXIT_USAGE
    assert "reelscore.toml: keep_score = 300: expected a score from 0 to 100" in p.stderr


def test_cli_formats_and_recursion(folder, tmp_path):
    p = run("rank", str(folder), "--no-config", "--format", "jsonl", cwd=tmp_path)
    no_traceback(p)
    rows = [json.loads(line) for line in p.stdout.splitlines()]
    assert p.returncode == 0
    assert sorted(pathlib.Path(r["path"]).relative_to(folder).as_posix() for r in rows) == ["a.mp4", "sub/b.mp4", "z.mp4"]
    assert [r["rank"] for r in rows] == [1, 2, 3] and all("defects" in r and "metrics" in r for r in rows)
    p = run("score", str(folder), "--no-config", "--no-recursive", "--format", "csv", cwd=tmp_path)
    table = list(csv.reader(io.StringIO(p.stdout)))
    assert table[0] == list(cli.CSV_COLUMNS)
    assert [r[0] for r in table[1:]] == [str(folder / "a.mp4"), str(folder / "z.mp4")]  # sorted, not recursive
    a = dict(zip(table[0], table[1]))
    assert a["status"] == "ok" and a["verdict"] == "reject" and a["defects"] == "too_quiet" and a["rank"] == ""
    assert 0 < float(a["score"]) < 100 and "too_quiet" in a["reasons"] and a["error"] == ""
    # The file can turn recursion off and the flag back on; score keeps the walk's order.
    (tmp_path / "reelscore.toml").write_text("recursive = false\n")
    p = run("score", str(folder), "--json", cwd=tmp_path)
    assert [pathlib.Path(t["path"]).name for t in json.loads(p.stdout)["takes"]] == ["a.mp4", "z.mp4"]
    p = run("score", str(folder), "--recursive", "--json", cwd=tmp_path)
    assert [pathlib.Path(t["path"]).relative_to(folder).as_posix() for t in json.loads(p.stdout)["takes"]] == ["a.mp4", "z.mp4", "sub/b.mp4"]
    assert os.path.exists(folder / ".hidden" / "c.mp4")
