"""Open a generated view in headless Chromium and report what happened: did the layout settle and how
fast, which labels are on the page, every request the page made, console errors, a screenshot.

Shared by the browser tests and the benchmark. Chromium is driven through the DevTools protocol over a
websocket implemented here with the standard library (no Playwright, no Selenium, no browser download).
Every wait is bounded and Chromium is always killed.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--metrics-recording-only",
    "--mute-audio",
    "--hide-scrollbars",
    # belt and braces: even if a page asked for a host, Chromium could not resolve it (the request
    # would still be recorded by Network.requestWillBeSent, which is what the tests check)
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


class BrowserError(RuntimeError):
    pass


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


# --- a minimal websocket client (RFC 6455, client side, text frames) ------------------------------

class _WebSocket:
    def __init__(self, host: str, port: int, path: str, timeout: float):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise BrowserError("DevTools closed the connection during the websocket handshake")
            head += chunk
        status, _, rest = head.partition(b"\r\n\r\n")
        if b" 101 " not in status.split(b"\r\n")[0]:
            raise BrowserError(f"DevTools refused the websocket: {status.splitlines()[0]!r}")
        self.buf = rest

    def _read(self, n: int) -> bytes:
        while len(self.buf) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buf)))
            if not chunk:
                raise BrowserError("DevTools connection closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload)) if n < 4096 else _mask_fast(payload, mask)
        self.sock.sendall(header + mask + masked)

    def send(self, text: str) -> None:
        self._send_frame(0x1, text.encode("utf-8"))

    def recv(self) -> str:
        parts: list[bytes] = []
        while True:
            b0, b1 = self._read(2)
            fin, opcode, n = b0 & 0x80, b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = _mask_fast(payload, mask)
            if opcode == 0x8:
                raise BrowserError("DevTools closed the websocket")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            parts.append(payload)
            if fin:
                return b"".join(parts).decode("utf-8")

    def close(self) -> None:
        try:
            self._send_frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


def _mask_fast(payload: bytes, mask: bytes) -> bytes:
    n = len(payload)
    key = int.from_bytes((mask * (n // 4 + 1))[:n], "big")
    return (int.from_bytes(payload, "big") ^ key).to_bytes(n, "big")


# --- Chromium + DevTools session -------------------------------------------------------------------

class Chromium:
    """A headless Chromium with a fresh profile, driven over one DevTools websocket. A context manager:
    leaving it kills the browser (its whole process group) and deletes the profile."""

    def __init__(self, executable: str | None = None, *, width: int = 1400, height: int = 900, start_timeout: float = 30.0):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise BrowserError("no Chromium on PATH (apt-get install chromium)")
        self.width, self.height, self.start_timeout = width, height, start_timeout
        self.proc: subprocess.Popen | None = None
        self.profile: str | None = None
        self.ws: _WebSocket | None = None
        self.session: str | None = None
        self.events: list[dict[str, Any]] = []
        self._next_id = 0

    def __enter__(self) -> "Chromium":
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        args = [self.executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-port=0",
                f"--window-size={self.width},{self.height}", "about:blank"]
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.start_timeout
        while True:
            if port_file.is_file():
                lines = port_file.read_text().split()
                if len(lines) >= 2:
                    break
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace")[-800:] if self.proc.stderr else ""
                raise BrowserError(f"{self.executable} exited with {self.proc.returncode} before DevTools was ready: {err}")
            if time.monotonic() > deadline:
                raise BrowserError(f"{self.executable}: DevTools not ready after {self.start_timeout:.0f}s")
            time.sleep(0.05)
        # stderr is not read any further; do not let a chatty browser block on a full pipe
        if self.proc.stderr:
            self.proc.stderr.close()
        port, path = int(lines[0]), lines[1]
        self.ws = _WebSocket("127.0.0.1", port, path, timeout=self.start_timeout)
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})

    def call(self, method: str, params: dict[str, Any] | None = None, *, timeout: float = 30.0, session: bool = True) -> dict[str, Any]:
        assert self.ws is not None
        self._next_id += 1
        call_id = self._next_id
        msg: dict[str, Any] = {"id": call_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BrowserError(f"DevTools {method}: no answer within {timeout:.0f}s")
            self.ws.sock.settimeout(remaining)
            try:
                reply = json.loads(self.ws.recv())
            except socket.timeout:
                raise BrowserError(f"DevTools {method}: no answer within {timeout:.0f}s") from None
            if reply.get("id") == call_id:
                if "error" in reply:
                    raise BrowserError(f"DevTools {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)
                if reply["method"] == "Page.javascriptDialogOpening":
                    # an alert() would block the page for ever: dismiss it (the event stays recorded)
                    self._next_id += 1
                    self.ws.send(json.dumps({"id": self._next_id, "method": "Page.handleJavaScriptDialog",
                                             "params": {"accept": False}, "sessionId": self.session}))

    def evaluate(self, expression: str, *, timeout: float = 30.0) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, timeout=timeout)
        if "exceptionDetails" in result:
            raise BrowserError(f"evaluating {expression!r}: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def close(self) -> None:
        if self.ws is not None:
            try:
                self.ws.close()
            except OSError:
                pass
            self.ws = None
        if self.proc is not None:
            if self.proc.poll() is None:
                try:
                    os.killpg(self.proc.pid, signal.SIGTERM)  # the group we started (start_new_session)
                    self.proc.wait(timeout=5)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                    self.proc.wait(timeout=5)
            self.proc = None
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None


# --- what a test or the benchmark asks -------------------------------------------------------------

@dataclass
class PageReport:
    url: str
    settled: bool
    settle_seconds: float | None  # from navigation start to the layout stopping (performance.now())
    node_labels: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)  # every URL the page asked for, the page itself included
    console_errors: list[str] = field(default_factory=list)  # console.error, uncaught exceptions, error log entries
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages (dismissed)
    results: list[Any] = field(default_factory=list)  # values of the ``evaluate`` expressions, in order
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
) -> PageReport:
    """Load ``html_path`` in a fresh headless Chromium, wait (at most ``timeout`` s) for the view to set
    ``window.kgStabilized``, evaluate each of ``evaluate`` (JSON-able results), and report. The
    screenshot (taken last) is a PNG of the viewport."""
    url = Path(html_path).resolve().as_uri()
    with Chromium(executable, width=width, height=height) as browser:
        browser.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        settled = False
        while time.monotonic() < deadline:
            if browser.evaluate("window.kgStabilized === true", timeout=max(1.0, deadline - time.monotonic())):
                settled = True
                break
            time.sleep(0.1)
        info = browser.evaluate(
            "JSON.stringify({labels: window.kgNodeLabels || [], settledAt: window.kgSettledAt || null})"
        )
        info = json.loads(info) if info else {"labels": [], "settledAt": None}
        results = [browser.evaluate(expr) for expr in evaluate]
        png = None
        if screenshot:
            time.sleep(0.3)  # let the last frame be drawn after the physics stopped
            png = base64.b64decode(browser.call("Page.captureScreenshot", {"format": "png"}, timeout=60)["data"])
        browser.evaluate("1")  # flush: events raised up to now are collected
        events = list(browser.events)
    report = PageReport(url=url, settled=settled,
                        settle_seconds=info["settledAt"] / 1000.0 if settled and info["settledAt"] is not None else None,
                        node_labels=list(info["labels"]), results=results, screenshot=png)
    for ev in events:
        method, p = ev.get("method"), ev.get("params", {})
        if method == "Network.requestWillBeSent":
            report.requests.append(p.get("request", {}).get("url", ""))
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            report.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            report.console_errors.append(f"{d.get('text', 'exception')}: {d.get('exception', {}).get('description', '')}")
        elif method == "Page.javascriptDialogOpening":
            report.dialogs.append(f"{p.get('type')}: {p.get('message')}")
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            report.console_errors.append(f"{e.get('source')}: {e.get('text')} {e.get('url', '')}".strip())
    return report


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
