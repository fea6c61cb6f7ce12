"""The reader's pages are valid HTML: the Nu Html Checker (vnu) finds no error.

vnu comes from the npm package vnu-jar (`make test` installs it with npm ci) and
runs on the system's Java, once for all the pages. axe-core's accessibility checks
and the keyboard test open the pages in Chromium: ``tests/test_browser.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: A short-lived JVM: one garbage collector thread, and the quick compiler only (the
#: optimizing one never repays its work in a run this short: 5.0 s CPU -> 2.6 s);
#: its frames are larger, and the checker's schema then needs a deeper stack.
JAVA_FLAGS = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss4m"]


def reader_pages(site: Path) -> list[Path]:
    """The landing page, the chapter pages (and the site's other top-level pages:
    API, errata, index, search) and the gallery's pages."""
    return sorted(site.glob("*.html")) + sorted(site.glob("auto_examples/*.html"))


def test_reader_pages_are_valid_html(site_html):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail(f"the Nu Html Checker needs Java and {VNU} (`make test`: npm ci)")
    pages = reader_pages(site_html)
    assert site_html / "index.html" in pages and len(pages) > 20
    done = subprocess.run(
        [java, *JAVA_FLAGS, "-jar", str(VNU), "--errors-only", "--format", "json"]
        + [str(page) for page in pages],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stderr or done.stdout)["messages"]
    site = f"file:{site_html.resolve()}/"
    found = [
        f"{m.get('url', '').removeprefix(site)}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] != "info"
    ]
    assert not found, "\n".join(found[:40])
