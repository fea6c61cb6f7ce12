"""What a reader's browser loads of the site, served gzipped on 127.0.0.1 as a docs host
serves it: each page's first view at 1280 x 900 in Chromium (every response, headers
included, until the network is idle) and Lighthouse 12's mobile scores (the median of
its runs)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from statistics import median, median_low
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FLAGS = "--headless=new --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHAPTER = "chain_rule.html"  # the chapter page whose first view has the budget
RUNS = 3  # Lighthouse runs per page
TEXT = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".py", ".ipynb"}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """http.server sends files as they are on disk: text files go gzipped here."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in TEXT and path.is_file()):
            return super().send_head()  # images and fonts are compressed already
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_view(browser: Any, url: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page, finished = context.new_page(), []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    sizes = [request.sizes() for request in finished]
    context.close()
    total = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
    return {"bytes": total, "requests": len(sizes)}


def lighthouse(url: str) -> dict[str, Any]:
    """Lighthouse's four scores (0 to 100), layout shift and blocking time."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json"]
        command += [f"--output-path={report}", f"--chrome-flags={FLAGS}"]
        command += ["--only-categories=" + ",".join(CATEGORIES)]
        env = os.environ | {"CHROME_PATH": CHROMIUM}
        done = subprocess.run(command, capture_output=True, text=True, env=env)
        if done.returncode != 0 or not report.is_file():
            return {"error": (done.stderr or done.stdout)[-500:]}
        data = json.loads(report.read_text(encoding="utf-8"))
    audits, categories = data["audits"], data["categories"]
    return {
        "scores": {c: round(100 * (categories[c]["score"] or 0)) for c in CATEGORIES},
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "short": sorted(  # the audits that cost points: what to fix
            ref["id"]
            for c in categories.values()
            for ref in c["auditRefs"]
            if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
        ),
    }


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Lighthouse's own advice against its variance: the median of its runs, taken
    for each number apart (the run with the median score is not enough: with three
    runs scoring 99, its blocking time was 103 ms where five reruns gave 0-14 ms)."""
    ok = [run for run in runs if "scores" in run]
    if not ok:
        return runs[0] | {"runs": len(runs)}
    return {
        "scores": {c: median_low(run["scores"][c] for run in ok) for c in CATEGORIES},
        "cls": median(run["cls"] for run in ok),
        "tbt_ms": median(run["tbt_ms"] for run in ok),
        "short": sorted({audit for run in ok for audit in run["short"]}),  # any run's
        "runs": len(runs),
    }


def measure(site: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """The first view and Lighthouse's scores of every page of the built site."""
    from playwright.sync_api import sync_playwright

    urls = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    urls = [u for u in urls if not u.startswith(("_static/", "_sources/", "simple/"))]
    pages: dict[str, Any] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=FLAGS.split()
        )
        for index, url in enumerate(urls):
            pages[url] = {"first_view": first_view(browser, base + url)}
            runs = [lighthouse(base + url) for _ in range(RUNS)]
            pages[url] |= median_run(runs)
            log(f"audit {index + 1}/{len(urls)} {url}: {pages[url].get('scores')}")
        browser.close()
    scored = [page for page in pages.values() if "scores" in page]
    package = ROOT / "node_modules" / "lighthouse" / "package.json"
    return {
        "lighthouse": json.loads(package.read_text())["version"],
        "pages": pages,
        "chapter_first_view": pages[CHAPTER]["first_view"]["bytes"],
        "lowest_score": min((min(p["scores"].values()) for p in scored), default=None),
        "worst_cls": max((p["cls"] for p in scored), default=None),
        "worst_tbt_ms": max((p["tbt_ms"] for p in scored), default=None),
    }
