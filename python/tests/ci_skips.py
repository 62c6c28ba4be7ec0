"""A pytest plugin: in CI (``CI=true``) a skipped test fails.

Tests skip for a missing dependency (Ray, Spark, Polars, espeak-ng, the firmware log, the C
library); CI must have every one of them, so there a skip is a failure that names its reason.
Locally they still skip with their reason.
"""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _fail_skip(report, where: str) -> None:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"skipped in CI ({where}), which must have every test dependency: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        _fail_skip(report, item.nodeid)


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped:
        _fail_skip(report, str(collector.nodeid))
