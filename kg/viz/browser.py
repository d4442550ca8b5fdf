"""Open a generated view in headless Chromium and report what happened: did the layout settle and how
fast, which labels are on the page, every request the page made, console errors, what the side panel
shows when an edge is clicked, a screenshot.

Shared by the browser tests and the benchmark. Playwright (the ``test`` extra) drives the system's
Chromium through ``executable_path``: nothing is downloaded. Every wait is bounded and the browser is
always closed.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    # belt and braces: even if a page asked for a host, Chromium could not resolve it (the request
    # would still be recorded, which is what the tests check)
    "--host-resolver-rules=MAP * ~NOTFOUND",
)

# A point on the drawn edge (curved or straight) where a click hits that edge and no node, in page
# coordinates; null when the edge is off screen or covered everywhere.
_EDGE_CLICK_POINT = """(id) => {
  const net = window.kgNetwork, edge = net && net.body.edges[id];
  if (!edge) return null;
  const box = net.body.container.getBoundingClientRect();
  for (const t of [0.5, 0.42, 0.58, 0.35, 0.65, 0.28, 0.72, 0.2, 0.8]) {
    const d = net.canvasToDOM(edge.edgeType.getPoint(t));
    if (d.x < 2 || d.y < 2 || d.x > box.width - 2 || d.y > box.height - 2) continue;
    if (net.getNodeAt(d) === undefined && net.getEdgeAt(d) === id) return {x: box.left + d.x, y: box.top + d.y};
  }
  return null;
}"""


class BrowserError(RuntimeError):
    pass


def find_chromium() -> str | None:
    """The system's Chromium: KG_CHROMIUM, else the first of CHROMIUM_NAMES on PATH."""
    chosen = os.environ.get("KG_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


@contextmanager
def chromium(executable: str | None = None) -> Iterator[Any]:
    """A headless Chromium (a Playwright ``Browser``) started from the system's binary; closed on exit."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        raise BrowserError(f"Playwright is not installed ({e}): pip install -e '.[test]'") from None
    path = executable or find_chromium()
    if not path:
        raise BrowserError("no Chromium on PATH (apt-get install chromium)")
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=path, headless=True, args=list(CHROMIUM_ARGS), timeout=60_000)
        except PlaywrightError as e:
            raise BrowserError(f"{path} did not start: {str(e).splitlines()[0]}") from None
        try:
            yield browser
        finally:
            browser.close()


# --- what a test or the benchmark asks -------------------------------------------------------------

@dataclass
class PageReport:
    url: str
    settled: bool
    settle_seconds: float | None  # from navigation start to the layout stopping (performance.now())
    node_labels: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for, the page itself included
    console_errors: list[str] = field(default_factory=list)  # console.error/assert, uncaught exceptions
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages (dismissed)
    results: list[Any] = field(default_factory=list)  # values of the ``evaluate`` expressions, in order
    edge_details: dict[str, str] = field(default_factory=dict)  # edge id -> side panel text after a mouse click on it
    screenshot: bytes | None = None

    @property
    def foreign_requests(self) -> list[str]:
        """Requests for anything but the page file itself."""
        return [u for u in self.requests if u != self.url]


def open_page(
    html_path: Path | str,
    *,
    timeout: float = 120.0,
    screenshot: bool = True,
    width: int = 1400,
    height: int = 900,
    executable: str | None = None,
    evaluate: Sequence[str] = (),
    click_edges: Sequence[str] = (),
    browser: Any = None,
) -> PageReport:
    """Load ``html_path`` in headless Chromium (``browser``, or one started for this page), wait (at most
    ``timeout`` s) for the view to set ``window.kgStabilized``, evaluate each of ``evaluate`` (JSON-able
    results), click each of ``click_edges`` with the mouse and read the side panel, and report. The
    screenshot (taken last) is a PNG of the viewport."""
    if browser is None:
        with chromium(executable) as own:
            return open_page(html_path, timeout=timeout, screenshot=screenshot, width=width, height=height,
                             evaluate=evaluate, click_edges=click_edges, browser=own)
    url = Path(html_path).resolve().as_uri()
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
    try:
        page = context.new_page()
        report = PageReport(url=url, settled=False, settle_seconds=None)
        _record(page, report)
        page.goto(url, wait_until="load", timeout=timeout * 1000)
        report.settled = _wait_settled(page, timeout)
        info = page.evaluate("({labels: window.kgNodeLabels || [], settledAt: window.kgSettledAt || null})")
        report.node_labels = list(info["labels"])
        if report.settled and info["settledAt"] is not None:
            report.settle_seconds = info["settledAt"] / 1000.0
        report.results = [page.evaluate(expr) for expr in evaluate]
        for edge_id in click_edges:
            report.edge_details[edge_id] = _click_edge(page, edge_id)
        if screenshot:
            page.wait_for_timeout(300)  # let the last frame be drawn after the physics stopped
            report.screenshot = page.screenshot(type="png", timeout=60_000)
        page.evaluate("1")  # events raised up to now are delivered
        return report
    finally:
        context.close()


def _record(page, report: PageReport) -> None:
    page.on("request", lambda request: report.requests.append(request.url))
    page.on("console", lambda msg: report.console_errors.append(f"console.{msg.type}: {msg.text}")
            if msg.type in ("error", "assert") else None)
    page.on("pageerror", lambda exc: report.console_errors.append(f"uncaught: {exc}"))

    def dismiss(dialog) -> None:  # an alert() would block the page for ever
        report.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", dismiss)


def _wait_settled(page, timeout: float) -> bool:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("() => window.kgStabilized === true", timeout=timeout * 1000, polling=100)
        return True
    except PlaywrightTimeout:
        return False


def _click_edge(page, edge_id: str) -> str:
    """Click the drawn edge with the mouse and return the side panel's text once it changed."""
    point = page.evaluate(_EDGE_CLICK_POINT, edge_id)
    if point is None:
        raise BrowserError(f"edge {edge_id!r}: not drawn, or no point of it is clear of nodes")
    panel = page.locator("#kg-details")
    before = panel.inner_text()
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function("(before) => document.querySelector('#kg-details').innerText !== before", arg=before, timeout=10_000)
    return panel.inner_text()


def measure_settle(html_path: Path | str, *, timeout: float = 300.0) -> float:
    """Seconds from navigation start until the view's layout has settled (physics stopped)."""
    report = open_page(html_path, timeout=timeout, screenshot=False)
    if not report.settled or report.settle_seconds is None:
        raise BrowserError(f"{html_path}: the layout did not settle within {timeout:.0f}s")
    return report.settle_seconds


def main(argv: list[str] | None = None) -> int:
    """``python -m kg.viz.browser [FILE.html | --synthetic N]``: print how long a view takes to settle."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m kg.viz.browser", description=main.__doc__)
    ap.add_argument("html", nargs="?", help="a view written by kg view / write_view")
    ap.add_argument("--synthetic", type=int, metavar="N", help="write and time a synthetic graph of N entities instead")
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args(argv)
    if args.synthetic:
        from kg.viz import write_view
        from kg.viz.samples import synthetic_graph

        graph = synthetic_graph(args.synthetic)
        path = write_view(graph, Path(tempfile.mkdtemp(prefix="kg-view-")) / f"synthetic-{args.synthetic}.html",
                          title=f"synthetic graph of {args.synthetic} entities")
        what = f"{len(graph.entities)} entities, {len(graph.relations)} relations"
    elif args.html:
        path, what = Path(args.html), "view"
    else:
        ap.error("give an HTML file or --synthetic N")
    seconds = measure_settle(path, timeout=args.timeout)
    print(f"{path}: {what} settled in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
