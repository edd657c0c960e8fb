"""Render a brief to HTML with a layout: Jinja2 templates plus the layout's CSS.

Layouts are folders holding ``template.html`` and ``style.css``. The folders given with
``--layout-dir`` are searched before the built-in ``layouts/``, so a firm can override one template
(or add a layout) without forking. This module never imports WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefkit.assets import layouts_dir
from briefkit.document.brief import DEFAULT_LIMITS, Brief, Limits
from briefkit.document.markings import tlp_class
from briefkit.errors import BriefkitError
from briefkit.files import stamp
from briefkit.render.brand import Brand
from briefkit.render.view import View, build_view, file_url, load_labels, locale_of
from briefkit.version import __version__
from briefkit.vocabulary import LAYOUT_FOR_KIND
from briefkit.wording import plural

SHARED_STYLESHEETS = ("fonts.css", "base.css")
"""Stylesheets every layout uses, in cascade order before the layout's own ``style.css``."""


@dataclass(frozen=True)
class Layout:
    """A resolved layout: its name and the folder its template and stylesheet come from."""

    name: str
    folder: Path

    @property
    def stylesheet(self) -> Path:
        """The layout's ``style.css``, which must exist and really be inside the layout's
        folder."""
        path = _confined(self.folder / "style.css", [self.folder.parent.resolve()])
        if not path.is_file():
            raise BriefkitError(
                f"layout {self.name!r} has no style.css in {self.folder}; a layout folder holds "
                "template.html and style.css"
            )
        return path


@dataclass(frozen=True)
class RenderedHtml:
    """A brief rendered to HTML, with what WeasyPrint needs to lay it out."""

    html: str
    base_url: str
    layout: Layout
    view: View
    search_path: tuple[Path, ...]

    @property
    def shared_stylesheets(self) -> list[Path]:
        """``fonts.css`` and ``base.css``, each the first found on the search path."""
        found = (first_on_path(name, self.search_path) for name in SHARED_STYLESHEETS)
        return [path for path in found if path is not None]


def layout_search_path(layout_dirs: Sequence[Path] = ()) -> tuple[Path, ...]:
    """Folders searched for layouts, the user's first, the built-in ones last."""
    return (*(Path(folder).resolve() for folder in layout_dirs), layouts_dir().resolve())


def available_layouts(layout_dirs: Sequence[Path] = ()) -> dict[str, Layout]:
    """Every layout found on the search path; a user's layout hides a built-in one of that name."""
    search_path = layout_search_path(layout_dirs)
    return dict(_layouts_on(search_path, tuple(stamp(root) for root in search_path)))


@cache
def _layouts_on(
    search_path: tuple[Path, ...], changed: tuple[tuple[int, int], ...]
) -> tuple[tuple[str, Layout], ...]:
    """The layout folders on a search path, listed again only when a folder on it changes (a
    layout added or removed), so a batch of renders does not rescan the disk."""
    found: dict[str, Layout] = {}
    for root in search_path:
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if (folder / "template.html").is_file() and folder.name not in found:
                found[folder.name] = Layout(folder.name, folder)
    return tuple(found.items())


def resolve_layout(brief: Brief, name: str | None, layout_dirs: Sequence[Path] = ()) -> Layout:
    """The layout to render ``brief`` with: ``name``, or the one for its kind."""
    layouts = available_layouts(layout_dirs)
    wanted = name or LAYOUT_FOR_KIND.get(brief.kind or "analysis", "analysis")
    if wanted not in layouts and name is None:
        wanted = "analysis"
    if wanted not in layouts:
        known = ", ".join(sorted(layouts)) or "none"
        raise BriefkitError(f"unknown layout {wanted!r}; available layouts: {known}")
    return layouts[wanted]


class ConfinedLoader(FileSystemLoader):
    """A template loader that refuses a file whose real path (symlinks followed) is outside the
    folders it searches, so a layout cannot include ``/etc/passwd`` through a link."""

    def __init__(self, search_path: Sequence[Path]) -> None:
        super().__init__([str(folder) for folder in search_path])
        self.roots = tuple(Path(folder).resolve() for folder in search_path)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        _confined(Path(filename), self.roots)
        return source, filename, uptodate


def _confined(path: Path, roots: Sequence[Path]) -> Path:
    """``path`` resolved; a :class:`BriefkitError` when that leaves every one of ``roots``."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        raise BriefkitError(f"layout file {path}: a symbolic link that loops") from None
    if not any(real.is_relative_to(root) for root in roots):
        raise BriefkitError(
            f"layout file {path} leads outside its layout folder (to {real}); layout files "
            "must be inside it"
        )
    return real


@cache
def template_environment(search_path: tuple[Path, ...]) -> Environment:
    """The Jinja2 environment for a search path: sandboxed (a layout is not trusted: it cannot
    reach Python internals or files outside its folder), autoescaping always on, undefined is an
    error. A template edited since it was loaded is loaded again (``auto_reload``: one ``stat``
    a template), so a preview or a long-lived worker renders the layout as it now is. Filters:
    Jinja's, and ``plural`` (:func:`briefkit.wording.plural`)."""
    environment = ImmutableSandboxedEnvironment(
        loader=ConfinedLoader(search_path),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=True,
    )
    environment.filters["plural"] = plural  # {{ items | length | plural("brief") }}
    return environment


def first_on_path(name: str, search_path: Sequence[Path]) -> Path | None:
    """The file ``name`` in the first folder of ``search_path`` that has it (a user's layout
    folder before the built-in one), which must really be inside that folder."""
    for folder in search_path:
        candidate = folder / name
        if candidate.is_file():
            return _confined(candidate, [folder])
    return None


def labels_file(search_path: Sequence[Path]) -> Path:
    """The first ``labels.json`` on the layout search path."""
    found = first_on_path("labels.json", search_path)
    if found is None:
        raise BriefkitError("no labels.json found on the layout search path")
    return found


def labels_for(language: str, layout_dirs: Sequence[Path] = ()) -> dict[str, str]:
    """The layouts' fixed labels in ``language``, English for any label it leaves out."""
    by_language = load_labels(labels_file(layout_search_path(layout_dirs)))
    return {**by_language["en"], **by_language.get(locale_of(language).language, {})}


def render_html(
    brief: Brief,
    brand: Brand,
    *,
    layout_name: str | None = None,
    layout_dirs: Sequence[Path] = (),
    inline_assets: bool = False,
    marking: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> RenderedHtml:
    """Render a valid, lint-clean brief to an HTML document.

    With ``inline_assets``, the logo and figures are embedded as ``data:`` URLs, for HTML that
    stands alone. Figures are read within ``limits``, the caps the brief was linted within (a
    desk's ``[limits]``). ``marking`` replaces the brief's own TLP marking everywhere the layout
    shows one (a digest's pages carry the digest's): the layout is never given the brief's own,
    so no layout can print a weaker marking than the one asked for.
    """
    search_path = layout_search_path(layout_dirs)
    layout = resolve_layout(brief, layout_name, layout_dirs)
    labels = load_labels(labels_file(search_path))
    view = build_view(brief, brand, labels, None if inline_assets else file_url, limits=limits)
    if marking is not None:
        view = replace(view, marking=marking, marking_class=tlp_class(marking))
    environment = template_environment(search_path)
    try:
        template = environment.get_template(f"{layout.name}/template.html")
    except TemplateNotFound as exc:
        raise BriefkitError(f"layout {layout.name!r}: template {exc.name!r} not found") from None
    except TemplateSyntaxError as exc:
        raise BriefkitError(f"layout {exc.filename}:{exc.lineno}: {exc.message}") from None
    try:
        html = template.render(view=view, version=__version__)
    except SecurityError as exc:
        raise BriefkitError(
            f"layout {layout.name!r} tried something a layout may not do ({exc}); layouts are "
            "rendered in a sandbox"
        ) from None
    except TemplateError as exc:
        where = (
            f"{exc.filename}:{exc.lineno}" if isinstance(exc, TemplateSyntaxError) else layout.name
        )
        raise BriefkitError(f"layout {where}: {exc.message or exc}") from None
    except (TypeError, ValueError, LookupError, ArithmeticError) as exc:
        # A layout's own mistake at render time (a macro called wrongly, a filter given the
        # wrong value): the layout's error, not briefkit's.
        raise BriefkitError(f"layout {layout.name!r}: {type(exc).__name__}: {exc}") from None
    return RenderedHtml(html, layout.folder.as_uri() + "/", layout, view, search_path)
