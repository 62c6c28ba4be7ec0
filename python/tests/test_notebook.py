"""Python in notebooks (issue 21 item 4): ``rank("folder")`` with a plain string,
``reelscore.engage`` as an attribute, HTML views of takes, reports and lists of takes,
``reelscore.to_pandas`` and ``to_dict``."""

from __future__ import annotations

import html.parser
import json
import pathlib
import re
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, short_takes

import reelscore
from reelscore import notebook

N = 16


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> pathlib.Path:
    d = short_takes(tmp_path_factory, "nb", N)
    (d / "notes.txt").write_text("not a take")
    return d


@pytest.fixture(scope="module")
def ranked(folder):
    return reelscore.rank(str(folder), top=3, thumbnails=3, workers=2)


def test_a_plain_string_is_the_folder_not_its_characters(folder, ranked):
    assert len(ranked) == N and all(t.ok for t in ranked)
    as_list = reelscore.rank([str(folder)], top=3, workers=2)
    as_path = reelscore.rank(folder, top=3, workers=2)
    one_file = reelscore.rank(str(folder / "take-0002.mp4"))
    assert [t.path for t in ranked] == [t.path for t in as_list] == [t.path for t in as_path]
    assert [t.score for t in ranked] == [t.score for t in as_list]
    assert [t.path for t in one_file] == [str(folder / "take-0002.mp4")]
    assert [t.path for t in reelscore.videoscore.score_many(str(folder / "take-0002.mp4"))] == [str(folder / "take-0002.mp4")]


def test_engage_is_an_attribute_of_the_package():
    code = "import reelscore; print(reelscore.engage.half_life_decay(3600.0, half_life=3600.0))"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "0.5"
    assert "engage" in reelscore.__all__ and "to_pandas" in reelscore.__all__


class _Parse(html.parser.HTMLParser):
    """Counts tags and checks that every opened tag (but void ones) is closed."""

    VOID = {"img", "br", "rect", "polyline", "path", "line", "meta"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.count: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()


def parse(page: str) -> dict[str, int]:
    p = _Parse()
    p.feed(page)
    p.close()
    assert p.stack == [], p.stack
    return p.count


def test_a_take_renders_as_html_with_thumbnails_score_defects_and_a_plot(ranked):
    bad = next(t for t in ranked if t.report.defects)
    page = bad._repr_html_()
    tags = parse(page)
    assert tags["img"] == len(bad.thumbnails) == 3
    assert tags["svg"] == 1 and tags["polyline"] == 2  # motion and brightness
    assert tags["rect"] == 1 + len(bad.report.defects)  # the frame and one shaded span per defect
    assert f"{bad.score:.1f}" in page and ">reject<" in page and bad.name in page
    for s in bad.defect_spans():
        assert f"<b>{s['kind']}</b> {s['start']:.2f}–{s['end']:.2f} s" in page
    good = next(t for t in ranked if t.keeper)
    g = good._repr_html_()
    assert ">keep<" in g and ">keeper<" in g and "no defect" in g


def test_a_failed_take_and_a_list_of_takes_render(ranked, folder):
    failed = reelscore.rank([folder / "notes.txt"])[0]
    page = failed._repr_html_()
    parse(page)
    assert ">error<" in page and "not a video file" in page
    table = ranked._repr_html_()
    assert parse(table)["tr"] == N + 1
    assert f"{N} takes, 3 keepers" in table
    assert isinstance(ranked, list) and type(ranked) is reelscore.Takes


def test_a_clip_report_gets_an_html_view_through_ipython(ranked):
    class Formatter:
        def __init__(self):
            self.types = {}

        def for_type(self, cls, func):
            self.types[cls] = func

    class Shell:
        display_formatter = type("DF", (), {"formatters": {"text/html": Formatter()}})()

    shell = Shell()
    assert notebook.register_ipython(shell)
    view = shell.display_formatter.formatters["text/html"].types[reelscore.ClipReport]
    r = ranked[-1].report
    page = view(r)
    parse(page)
    assert f"{r.score:.1f}" in page and all(f"<b>{d.kind}</b>" in page for d in r.defects)
    assert not notebook.register_ipython(object())  # not a shell: nothing registered, no error


def test_to_pandas_one_row_per_take(ranked, folder):
    failed = reelscore.rank([folder / "notes.txt"])[0]
    takes = list(ranked) + [failed]
    df = reelscore.to_pandas(takes)
    assert isinstance(df, pd.DataFrame) and len(df) == N + 1
    assert df["path"].tolist() == [t.path for t in takes]
    assert df["score"].dtype == "float64" and pd.isna(df["score"].iloc[-1])
    assert df["keeper"].tolist() == [t.keeper for t in takes] and df["keeper"].sum() == 3
    assert df["verdict"].iloc[-1] == "error" and "not a video file" in df["error"].iloc[-1]
    assert df["defect_kinds"].tolist() == [tuple(d.kind for d in t.report.defects) if t.ok else () for t in takes]
    assert df["metrics.frames"].iloc[0] == ranked[0].report.metrics["frames"]
    assert df.sort_values("score", ascending=False)["score"].iloc[0] == max(t.score for t in ranked)
    assert ranked.to_pandas().equals(reelscore.to_pandas(ranked))
    one = reelscore.to_pandas(ranked[0].report)
    assert len(one) == 1 and one["score"].iloc[0] == ranked[0].score
    with pytest.raises(TypeError, match="to_pandas takes TakeScore or ClipReport"):
        reelscore.to_pandas([1, 2])


def test_to_dict_of_a_take_and_of_the_list_is_json(ranked):
    docs = ranked.to_dict()
    assert [d["path"] for d in docs] == [t.path for t in ranked]
    assert json.loads(json.dumps(docs, allow_nan=False)) == docs
    assert docs[0] == ranked[0].to_dict()
    assert re.fullmatch(r"take-\d{4}\.mp4", pathlib.Path(docs[0]["path"]).name)


def test_the_notebook_views_render_in_chromium(ranked, folder):
    """Every view inside one page, opened in headless Chromium as the report test does: no
    console message, the thumbnails decode; a screenshot goes to build/notebook.png."""
    from test_cli import browse

    failed = reelscore.rank([folder / "notes.txt"])[0]
    body = ranked._repr_html_() + "".join(t._repr_html_() for t in [*ranked[:4], failed])
    body += notebook.report_html(ranked[-1].report)
    script = (
        "<script>window.addEventListener('load',function(){var ok=[].every.call(document.images,"
        "function(i){return i.complete&&i.naturalWidth>0});document.documentElement.setAttribute('data-images',ok?'ok':'broken');});</script>"
    )
    page = ROOT / "build" / "notebook.html"
    page.parent.mkdir(exist_ok=True)
    page.write_text(f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>views</title></head><body>{body}{script}</body></html>', encoding="utf-8")
    dom, console = browse(page, "--dump-dom")
    assert console == [], console
    assert 'data-images="ok"' in dom
    assert dom.count('class="reelscore"') == 1 + 5 + 1
    browse(page, f"--screenshot={ROOT / 'build' / 'notebook.png'}", "--window-size=900,1400")
