"""One brief being previewed: its last good render, its current findings, and the files watched.

``refresh`` reads, lints and renders the brief through the library's :class:`Renderer` (the same
path as ``briefkit render``), so the preview shows exactly what would be published. A save that
breaks the brief (invalid JSON, a lint error, a failed render) does not replace the last good
render: the error is recorded beside it and shown over it, and the next good save clears it.

Renders run in the library's render worker, through :class:`Renderer` (which stops a render at its
time limit from outside); ``refresh`` is called from one thread at a time, and the HTTP server only
reads the state, under a lock, and waits on a condition for the next version.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefkit.errors import BriefkitError
from briefkit.findings import Finding, Severity
from briefkit.vocabulary import DEFAULT_DPI
from briefkit.wording import plural

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class Snapshot:
    """What the page shows: a consistent view of the session at one version."""

    version: int
    ok: bool
    error: str
    findings: tuple[Finding, ...]
    rendered_version: int
    pages_version: int
    pages: int
    rendered_at: float | None
    busy: bool

    def as_json(self) -> dict[str, Any]:
        """The snapshot as the page's script reads it."""
        return {
            "version": self.version,
            "ok": self.ok,
            "error": self.error,
            "busy": self.busy,
            "rendered_version": self.rendered_version,
            "pages_version": self.pages_version,
            "pages": self.pages,
            "rendered_at": self.rendered_at,
            "findings": [
                {
                    "line": finding.line,
                    "column": finding.column,
                    "code": finding.code,
                    "severity": str(finding.severity),
                    "message": finding.message,
                }
                for finding in self.findings
            ],
        }


@dataclass
class PreviewSession:
    """The state of one preview; thread-safe."""

    brief_path: Path
    brand_path: Path | None = None
    layout_dirs: Sequence[Path] = ()
    config_file: Path | None = None
    dpi: int = DEFAULT_DPI
    _condition: threading.Condition = field(default_factory=threading.Condition, repr=False)
    _version: int = 0
    _ok: bool = False
    _error: str = "not rendered yet"
    _findings: tuple[Finding, ...] = ()
    _busy: bool = False
    _rendered_version: int = 0
    _pages_version: int = 0
    _rendered_at: float | None = None
    _html: bytes = b""
    _pdf: bytes = b""
    _pages: tuple[bytes, ...] = ()
    _renderer: Any = field(default=None, repr=False)

    # --- reading (any thread) -------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The current state."""
        with self._condition:
            return Snapshot(
                self._version,
                self._ok,
                self._error,
                self._findings,
                self._rendered_version,
                self._pages_version,
                len(self._pages),
                self._rendered_at,
                self._busy,
            )

    def html(self) -> bytes:
        """The last good render as one self-contained HTML document."""
        with self._condition:
            return self._html

    def pdf(self) -> bytes:
        """The last good PDF."""
        with self._condition:
            return self._pdf

    def page(self, number: int) -> bytes | None:
        """PNG of page ``number`` (1-based) of the last good PDF."""
        with self._condition:
            return self._pages[number - 1] if 0 < number <= len(self._pages) else None

    def wait_for_version(self, after: int, timeout: float) -> int:
        """Block until the version is past ``after`` (or ``timeout`` seconds); the version."""
        with self._condition:
            self._condition.wait_for(lambda: self._version > after, timeout=timeout)
            return self._version

    def wait_until(self, predicate: Callable[[Snapshot], bool], timeout: float) -> Snapshot:
        """Block until ``predicate`` holds for the state (or ``timeout``); the last snapshot."""
        deadline = time.monotonic() + timeout
        while True:
            current = self.snapshot()
            remaining = deadline - time.monotonic()
            if predicate(current) or remaining <= 0:
                return current
            self.wait_for_version(current.version, remaining)

    def wake(self) -> None:
        """Wake every waiter (the server's event streams, when it stops)."""
        with self._condition:
            self._condition.notify_all()

    def _publish(self, **changes: Any) -> None:
        with self._condition:
            for name, value in changes.items():
                setattr(self, f"_{name}", value)
            self._version += 1
            self._condition.notify_all()

    # --- rendering (one thread) -----------------------------------------------------------------

    def refresh(self) -> Snapshot:
        """Read, lint and render the brief now; keep the last good render if anything fails."""
        from briefkit.desk.config import ConfigError, ConfigFinder
        from briefkit.document.brief import load_brief
        from briefkit.render.brand import load_brand
        from briefkit.render.renderer import Renderer
        from briefkit.rules.lint import lint_with_config

        self._publish(busy=True)
        findings: list[Finding] = []
        try:
            config = ConfigFinder(self.config_file).for_path(self.brief_path)
            brief = load_brief(self.brief_path, config.lint.limits)
            findings = lint_with_config(brief, config)
            errors = [finding for finding in findings if finding.severity is Severity.ERROR]
            if errors:
                count = len(errors)
                raise BriefkitError(
                    f"{plural(count, 'error')} to fix; showing the last good render",
                    findings,
                )
            brand = load_brand(self.brand_path)
            desk = config.render
            settings = {
                "paper": desk.paper or "a4",
                "layout_name": desk.layout,
                "standard": desk.standard,
                "findings": findings,
            }
            renderer = Renderer(
                layout_dirs=tuple(self.layout_dirs), lint_config=config.lint, limits=desk.limits
            )
            if self._renderer != renderer:
                self._renderer = renderer
            renderer = self._renderer
            # Every render runs in the library's render worker (killed at the time limit); the
            # documents come back as bytes, nothing is written to disk. The PDF and its pages
            # first (one layout): the self-contained HTML subsets and embeds the fonts, which
            # takes seconds the first time (cached after that).
            laid_out = renderer.render_bytes(
                brief,
                brand,
                formats=("pdf", "png"),
                dpi=self.dpi,
                **settings,
            )
            pdf, pages = laid_out.data, laid_out.png
            self._publish(pdf=pdf, pages=pages, pages_version=self._version + 1)
            html = renderer.render_bytes(brief, brand, formats=("html",), **settings).data
        except ConfigError as error:
            self._publish(busy=False, ok=False, error=error.message, findings=())
        except BriefkitError as error:
            located = tuple(error.findings) or tuple(findings)
            self._publish(busy=False, ok=False, error=error.message, findings=located)
        else:
            self._publish(
                busy=False,
                ok=True,
                error="",
                findings=tuple(findings),
                html=html,
                pdf=pdf,
                pages=pages,
                rendered_version=self._version + 1,
                rendered_at=time.time(),
            )
        return self.snapshot()

    # --- watching -------------------------------------------------------------------------------

    def watched_roots(self) -> list[Path]:
        """Folders to watch: the brief's, the brand's, the layouts' and the configuration's."""
        from briefkit.assets import default_brand_path, layouts_dir
        from briefkit.desk.config import ConfigFinder

        roots = [self.brief_path.resolve().parent]
        brand = (self.brand_path or default_brand_path()).resolve()
        roots.append(brand if brand.is_dir() else brand.parent)
        roots.append(layouts_dir().resolve())
        roots.extend(path.resolve() for path in self.layout_dirs)
        config = ConfigFinder(self.config_file).for_path(self.brief_path).path
        if config is not None:
            roots.append(config.resolve().parent)
        return [root for root in dict.fromkeys(roots) if root.is_dir()]

    def is_relevant(self, path: Path) -> bool:
        """Whether a change to ``path`` can change the render."""
        from briefkit.assets import default_brand_path, layouts_dir

        path = path.resolve() if path.exists() else path.parent.resolve() / path.name
        brief = self.brief_path.resolve()
        if path == brief:
            return True
        if path.name in ("briefkit.toml", "pyproject.toml"):
            return True
        if path.parent == brief.parent and path.suffix.lower() in IMAGE_SUFFIXES:
            return True  # figures
        if brief.parent in path.parents and path.suffix.lower() in IMAGE_SUFFIXES:
            return True
        brand = (self.brand_path or default_brand_path()).resolve()
        brand_folder = brand if brand.is_dir() else brand.parent
        if path == brand or path.parent == brand_folder:
            return True
        return any(
            root == path or root in path.parents
            for root in (layouts_dir().resolve(), *(p.resolve() for p in self.layout_dirs))
        )

    def watch(
        self, stop: threading.Event, ready: threading.Event | None = None
    ) -> Iterator[set[Path]]:
        """Re-render after every relevant change until ``stop`` is set; yields what changed.

        ``ready`` is set once the watcher is running: a change made after that is seen.
        """
        import watchfiles

        def relevant(change: watchfiles.Change, path: str) -> bool:
            return self.is_relevant(Path(path))

        for changes in watchfiles.watch(
            *self.watched_roots(),
            watch_filter=relevant,
            debounce=200,
            step=50,
            stop_event=stop,
            rust_timeout=500,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            if ready is not None:
                ready.set()  # the watcher has been running for at least one timeout
            if not changes:
                continue
            changed = {Path(path) for _, path in changes}
            self.refresh()
            yield changed
