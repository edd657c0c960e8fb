"""The preview's HTTP server: one page with a small inline script, and the session's outputs.

Routes: ``/`` the page; ``/events`` a Server-Sent Events stream that announces each new version;
``/state.json`` the findings and status; ``/brief.html`` the last good render; ``/brief.pdf`` the
last good PDF (as a download); ``/page/N.png`` page N of that PDF as an image.

The server listens on 127.0.0.1 only and answers only requests whose ``Host`` is that address or
``localhost`` (a web page elsewhere cannot reach it through DNS rebinding). The page makes no
request outside the server: its script and style are inline, under a Content-Security-Policy with
a per-process nonce. The brief's HTML is shown in a sandboxed frame that may not run scripts.
"""

from __future__ import annotations

import html
import json
import logging
import re
import secrets
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefkit.preview.session import PreviewSession

KEEPALIVE_SECONDS = 15.0

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>briefkit preview: __NAME__</title>
<style nonce="__NONCE__">
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1b1f24; background: #e9ecef; }
  header { display: flex; gap: .75rem; align-items: center; padding: .5rem 1rem;
           background: #0b2545; color: #fff; }
  header .name { font-weight: 600; }
  header .status { flex: 1; opacity: .85; }
  header button, header a { font: inherit; padding: .25rem .75rem; border-radius: 4px;
           border: 1px solid #fff6; background: transparent; color: #fff; cursor: pointer;
           text-decoration: none; }
  header button[aria-pressed="true"] { background: #fff; color: #0b2545; }
  #findings { margin: 0; padding: .25rem 1rem; list-style: none; background: #fff;
              max-height: 25vh; overflow: auto; border-bottom: 1px solid #ccc; }
  #findings:empty { display: none; }
  #findings li { font-family: ui-monospace, monospace; font-size: 12.5px; padding: .1rem 0; }
  #findings .error { color: #a4161a; }
  #findings .warning { color: #8a5a00; }
  main { position: relative; height: calc(100vh - 3rem); }
  #error { position: absolute; z-index: 2; top: 1rem; left: 1rem; right: 1rem; padding: .75rem 1rem;
           background: #a4161aee; color: #fff; border-radius: 6px;
           box-shadow: 0 4px 16px #0005; white-space: pre-wrap; }
  #error[hidden] { display: none; }
  #brief { width: 100%; height: 100%; border: 0; background: #fff; }
  #pages { height: 100%; overflow: auto; text-align: center; }
  #pages img { display: block; margin: 1rem auto; max-width: 95%;
               box-shadow: 0 2px 10px #0003; background: #fff; }
  [hidden] { display: none !important; }
</style>
</head>
<body>
<header>
  <span class="name">__NAME__</span>
  <span class="status" id="status" aria-live="polite">connecting…</span>
  <button type="button" id="show-brief" aria-pressed="true">Brief</button>
  <button type="button" id="show-pages" aria-pressed="false">Pages</button>
  <a id="download" href="/brief.pdf" download="__PDFNAME__">Download PDF</a>
</header>
<ul id="findings"></ul>
<main>
  <div id="error" role="alert" hidden></div>
  <iframe id="brief" title="The brief as rendered" sandbox></iframe>
  <div id="pages" hidden></div>
</main>
<script nonce="__NONCE__">
(function () {
  "use strict";
  var shown = 0, pagesShown = 0, view = "brief", chosen = false;
  var byId = function (id) { return document.getElementById(id); };
  function text(node, value) { node.textContent = value; return node; }
  function show(which) {
    view = which;
    byId("brief").hidden = which !== "brief";
    byId("pages").hidden = which !== "pages";
    byId("show-brief").setAttribute("aria-pressed", String(which === "brief"));
    byId("show-pages").setAttribute("aria-pressed", String(which === "pages"));
  }
  function update(state) {
    var list = byId("findings");
    list.replaceChildren();
    state.findings.forEach(function (f) {
      var item = document.createElement("li");
      item.className = f.severity;
      text(item, f.line + ":" + f.column + ": " + f.code + " " + f.message);
      list.appendChild(item);
    });
    var error = byId("error");
    if (state.ok) {
      error.hidden = true;
      text(error, "");
    } else {
      var lines = [state.error];
      state.findings.filter(function (f) { return f.severity === "error"; }).slice(0, 8)
        .forEach(function (f) {
          lines.push(f.line + ":" + f.column + ": " + f.code + " " + f.message);
        });
      text(error, lines.join("\\n"));
      error.hidden = false;
    }
    var when = state.rendered_at ? new Date(state.rendered_at * 1000).toLocaleTimeString() : "";
    var pages = state.pages + " page" + (state.pages === 1 ? "" : "s");
    text(byId("status"), state.busy ? "rendering…" :
      state.ok ? "rendered " + when + " · " + pages :
      state.rendered_version ? "not rendered: showing the render of " + when : "not rendered");
    document.body.dataset.version = String(state.version);
    document.body.dataset.ok = String(state.ok);
    if (state.pages_version && state.pages_version !== pagesShown) {
      pagesShown = state.pages_version;
      var strip = byId("pages");
      strip.replaceChildren();
      for (var n = 1; n <= state.pages; n++) {
        var img = document.createElement("img");
        img.alt = "Page " + n;
        img.src = "/page/" + n + ".png?v=" + pagesShown;
        strip.appendChild(img);
      }
      if (!state.rendered_version) { show("pages"); }  // the first HTML is still on its way
    }
    if (state.rendered_version && state.rendered_version !== shown) {
      if (!shown && view === "pages" && !chosen) { show("brief"); }
      shown = state.rendered_version;
      byId("brief").src = "/brief.html?v=" + shown;
      document.body.dataset.rendered = String(shown);
    }
  }
  function load() {
    fetch("/state.json", {cache: "no-store"}).then(function (r) { return r.json(); }).then(update)
      .catch(function () { text(byId("status"), "preview stopped"); });
  }
  byId("show-brief").addEventListener("click", function () { chosen = true; show("brief"); });
  byId("show-pages").addEventListener("click", function () { chosen = true; show("pages"); });
  if (window.EventSource) {
    var events = new EventSource("/events");
    events.onmessage = load;
    events.onerror = function () { text(byId("status"), "reconnecting…"); };
  } else {
    setInterval(load, 1000);
  }
  load();
})();
</script>
</body>
</html>
"""

_BRIEF_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "frame-ancestors 'self'"
)


def page_html(name: str, nonce: str) -> str:
    """The preview page for a brief called ``name``."""
    pdf_name = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem) + ".pdf"
    return (
        _PAGE.replace("__NAME__", html.escape(name))
        .replace("__PDFNAME__", html.escape(pdf_name))
        .replace("__NONCE__", nonce)
    )


class PreviewServer(ThreadingHTTPServer):
    """An HTTP server bound to 127.0.0.1 that serves one :class:`PreviewSession`."""

    daemon_threads = True

    def __init__(self, session: PreviewSession, port: int = 0) -> None:
        self.session = session
        self.nonce = secrets.token_urlsafe(16)
        self.closing = threading.Event()
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def url(self) -> str:
        """The address of the page."""
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> threading.Thread:
        """Serve on a background thread; returns it."""
        thread = threading.Thread(target=self.serve_forever, name="briefkit-preview", daemon=True)
        thread.start()
        return thread

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that goes away mid-answer (any page can make one) is a non-event: one debug
        line, never a traceback. Anything else is still reported as the bug it is."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            logging.getLogger("briefkit.preview").debug("client went away: %s", error)
            return
        super().handle_error(request, client_address)

    def stop(self) -> None:
        """Stop serving and end open event streams."""
        self.closing.set()
        self.session.wake()
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the preview's own status, not a request log."""

    def _allowed_host(self) -> bool:
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return host in ("127.0.0.1", "localhost")

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found(self, what: str = "not found") -> None:
        self._send(HTTPStatus.NOT_FOUND, what.encode(), "text/plain; charset=utf-8")

    def do_HEAD(self) -> None:
        """Headers only."""
        self.do_GET()

    def do_GET(self) -> None:
        """Serve the page, the state, the outputs and the event stream."""
        if not self._allowed_host():
            self._send(HTTPStatus.FORBIDDEN, b"forbidden host", "text/plain; charset=utf-8")
            return
        path = urlsplit(self.path).path
        session = self.server.session
        if path == "/":
            nonce = self.server.nonce
            body = page_html(session.brief_path.name, nonce).encode()
            policy = (
                f"default-src 'self'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
                "img-src 'self'; frame-src 'self'; connect-src 'self'; object-src 'none'; "
                "base-uri 'none'; form-action 'none'"
            )
            self._send(
                HTTPStatus.OK, body, "text/html; charset=utf-8", {"Content-Security-Policy": policy}
            )
        elif path == "/state.json":
            body = json.dumps(session.snapshot().as_json()).encode()
            self._send(HTTPStatus.OK, body, "application/json")
        elif path == "/brief.html":
            document = session.html()
            if not document:
                self._not_found("not rendered yet")
                return
            self._send(
                HTTPStatus.OK,
                document,
                "text/html; charset=utf-8",
                {"Content-Security-Policy": _BRIEF_POLICY},
            )
        elif path == "/brief.pdf":
            pdf = session.pdf()
            if not pdf:
                self._not_found("not rendered yet")
                return
            name = re.sub(r"[^A-Za-z0-9._-]+", "-", session.brief_path.stem) + ".pdf"
            self._send(
                HTTPStatus.OK,
                pdf,
                "application/pdf",
                {"Content-Disposition": f'attachment; filename="{name}"'},
            )
        elif match := re.fullmatch(r"/page/(\d{1,4})\.png", path):
            image = session.page(int(match.group(1)))
            if image is None:
                self._not_found("no such page")
                return
            self._send(HTTPStatus.OK, image, "image/png")
        elif path == "/events":
            self._events()
        else:
            self._not_found()

    def _events(self) -> None:
        """Server-Sent Events: one message per new version, a comment now and then to keep the
        connection open, until the server stops or the browser goes away."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        session = self.server.session
        seen = -1
        try:
            while not self.server.closing.is_set():
                version = session.snapshot().version
                if version != seen:
                    seen = version
                    self.wfile.write(f"data: {version}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
                session.wait_for_version(seen, KEEPALIVE_SECONDS)
        except (BrokenPipeError, ConnectionResetError):
            return
