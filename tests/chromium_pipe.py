"""Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``).

No websocket client and no extra package: Chromium reads commands from fd 3 and writes replies
and events to fd 4, each message a JSON object followed by a NUL byte. Used by the note view's
browser tests to click, type and take screenshots; the net log tells the page's requests apart
(see ``test_report_chromium``).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

from test_report_chromium import CHROMIUM, FLAGS, TIMEOUT_S

__all__ = ["CHROMIUM", "Browser"]

KEYS = {
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "Escape": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
}


def _above_four(*fds: int) -> tuple[int, ...]:
    """The fds moved above 10, so that bash's ``3<&n 4>&m`` cannot clobber one of them."""
    moved = tuple(fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in fds)
    for fd in fds:
        os.close(fd)
    return moved


class Browser:
    """One Chromium with one page; ``with Browser(tmp, "name") as b: b.open(path) …``."""

    def __init__(self, tmp: Path, name: str, size: tuple[int, int] = (1280, 1000)) -> None:
        self.netlog = tmp / f"{name}.netlog.json"
        self.size = size
        commands_read, self._commands = _above_four(*os.pipe())
        self._replies, replies_write = _above_four(*os.pipe())
        args = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp / f'profile-{name}'}", f"--log-net-log={self.netlog}",
                "--remote-debugging-pipe", "about:blank"]
        shell = f'exec "$@" 3<&{commands_read} 4>&{replies_write} {commands_read}<&- {replies_write}>&-'
        self._stderr = (tmp / f"{name}.stderr").open("w")
        self.process = subprocess.Popen(["bash", "-c", shell, "bash", *args], pass_fds=(commands_read, replies_write),
                                        stdout=subprocess.DEVNULL, stderr=self._stderr)
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None

    def __enter__(self) -> Browser:
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        self.call("Page.enable")
        self.call("Emulation.setDeviceMetricsOverride", {"width": self.size[0], "height": self.size[1],
                                                         "deviceScaleFactor": 1, "mobile": False})
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.call("Browser.close", session=False)
        except (OSError, TimeoutError, RuntimeError):
            pass
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)
        self._stderr.close()

    # ------------------------------------------------------------------ protocol

    def call(self, method: str, params: dict[str, Any] | None = None, *, session: bool = True) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _read(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT_S
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._replies], [], [], left)[0]:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, event: str) -> dict[str, Any]:
        for i, seen in enumerate(self.events):
            if seen.get("method") == event:
                return self.events.pop(i)
        while True:
            message = self._read()
            if message.get("method") == event:
                return message
            self.events.append(message)

    # ------------------------------------------------------------------ page

    def open(self, page: Path) -> None:
        self.call("Page.navigate", {"url": page.resolve().as_uri()})
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click (press and release) in the middle of the element (of its first line)."""
        x, y = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); "
                       "e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0]; "
                       "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})

    def press(self, key: str) -> None:
        spec = KEYS[key]
        self.call("Input.dispatchKeyEvent", {"type": "keyDown", **spec})
        self.call("Input.dispatchKeyEvent", {"type": "keyUp", **{k: v for k, v in spec.items() if k != "text"}})

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        return path
