"""``briefkit build``: a repository of briefs published as a static site, incrementally.

The steps, in order:

1. find the briefs (the same discovery as ``check``) and load them;
2. keep the publishable ones (their TLP is in ``publish-tlp``) and resolve their cards;
3. hash what each brief's outputs are made of, and compare with the manifest;
4. remove the outputs of briefs that were deleted or stopped being publishable (first, so a
   restricted brief leaves the site even if the build is interrupted);
5. render what changed (``<id>.html`` and ``<id>.pdf``), on warm workers;
6. write the index, the feed and the sitemap, then the manifest.

Every file is written atomically, so an interrupted build leaves whole files; the manifest is
saved after each stage, so the next build redoes exactly what is missing.
"""

from __future__ import annotations

import importlib.metadata
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefkit.desk.config import Config, ConfigFinder
from briefkit.desk.detection import looks_like_brief
from briefkit.desk.discovery import discover_briefs
from briefkit.document.brief import load_brief
from briefkit.document.invariants import output_name
from briefkit.errors import BriefkitError, Failure, Hint
from briefkit.files import write_atomically
from briefkit.publish import editions
from briefkit.publish.collection import (
    Entry,
    LinkPlan,
    is_publishable,
    newest_first,
    normalise_site_url,
    plan_links,
)
from briefkit.publish.feeds import JSON_FEED, json_feed
from briefkit.publish.manifest import (
    Manifest,
    PublishedEntry,
    hash_figures,
    hash_file,
    hash_json,
    hash_layout,
    hash_tree,
)
from briefkit.publish.outputs import (
    STAGING,
    located,
    outputs_of,
    publish_staged,
    refuse_foreign_folder,
    remove_outputs,
)
from briefkit.publish.pages import brief_page_nav, feed_xml, index_page, sitemap_xml, with_nav
from briefkit.render.batch import BatchJob, Output, RenderOutcome, RenderSettings, render_batch
from briefkit.render.brand import Brand, brand_warning, load_brand
from briefkit.rules.lint import safety_findings
from briefkit.version import __version__

DEFAULT_OUT = "_site"
SITE_FILES = ("index.html", "feed.xml", "feed.json", "sitemap.xml")


@dataclass(frozen=True)
class BuildOptions:
    """How to build: where from and to, with which brand and layouts, how many workers (brand,
    paper, layout, standard: ``None`` for the build root's configuration, else the default)."""

    root: Path
    out: Path | None = None
    jobs: int = 1
    force: bool = False
    brand_path: Path | None = None
    layout_dirs: tuple[Path, ...] = ()
    paper: str | None = None
    layout_name: str | None = None
    standard: str | None = None
    allow_empty: bool = False


class NothingToBuild(BriefkitError):
    """No brief was found under the build root (and an empty site was not asked for)."""


@dataclass
class BuildReport:
    """What a build did. ``failed`` says which briefs were not published, and why."""

    out: Path
    published: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    found: int = 0
    """Briefs found (publishable or not, readable or not)."""
    skipped: int = 0
    withheld: int = 0
    """Briefs not published because of their marking (counted, never named)."""
    pages_written: list[str] = field(default_factory=list)


ProgressCallback = Callable[[RenderOutcome, int, int], None]
"""Called after each render with the outcome, the number done and the number to do."""


def _out_folder(options: BuildOptions, config: Config) -> Path:
    if options.out is not None:
        return options.out
    if config.out:
        base = config.path.parent if config.path is not None else options.root
        return base / config.out
    return options.root / DEFAULT_OUT


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


@dataclass
class _Collection:
    entries: list[Entry] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """Relative paths of files that could not be read as briefs."""


def _load_collection(
    root: Path, out: Path, finder: ConfigFinder, report: BuildReport
) -> _Collection:
    collection = _Collection()
    out_resolved = out.resolve()
    discovery = discover_briefs([root], finder, detect=False)
    for finding in discovery.findings:
        report.failed.append(Failure(finding.file, finding.message))
    for candidate in discovery.candidates:
        path = candidate.path
        if path.resolve().is_relative_to(out_resolved):
            continue
        relative = _relative(path, root)
        try:
            brief = load_brief(path, candidate.config.lint.limits)
        except BriefkitError as error:
            report.failed.append(Failure.of(str(path), error))
            collection.unreadable.append(relative)
            continue
        if not candidate.certain and not looks_like_brief(brief.data):
            report.skipped += 1
            continue
        collection.entries.append(Entry(brief, relative))
    report.found = len(collection.entries) + len(collection.unreadable)
    return collection


def _inputs_hash(
    entry: Entry,
    plan: LinkPlan,
    common: dict[str, str],
    options: BuildOptions,
    finder: ConfigFinder,
    layout_cache: dict[str, str],
) -> str:
    config = finder.for_path(Path(entry.brief.path))
    return hash_json(
        {
            **common,
            "source": entry.relative,
            # The brief's own bytes, and the cards the build made from the other briefs.
            "brief": hash_file(Path(entry.brief.path).resolve()),
            "html": plan.html_data.get("discover_more"),
            "pdf": plan.pdf_data.get("discover_more"),
            "layout": hash_layout(
                entry.brief, options.layout_name, options.layout_dirs, layout_cache
            ),
            "figures": hash_figures(Path(entry.brief.path), entry.data, config.lint.limits),
            "config": hash_file(config.path) if config.path is not None else "",
        }
    )


def build_site(
    options: BuildOptions, finder: ConfigFinder, progress: ProgressCallback | None = None
) -> BuildReport:
    """Build (or bring up to date) the static site of the briefs under ``options.root``.

    Never raises for one brief's problem: a brief that cannot be loaded, linted, linked or
    rendered is listed in ``report.failed`` and the rest of the site is still built. Raises
    :class:`BriefkitError` for what stops the whole build (an unusable brand, an out folder that
    cannot be written).
    """
    root = options.root
    config = finder.for_path(root)
    out = _out_folder(options, config)
    report = BuildReport(out)
    site_url = normalise_site_url(config.site_url)
    allowed = config.publish_tlp
    if root.resolve().is_relative_to(out.resolve()):
        raise BriefkitError(
            f"{out}: the out folder holds the briefs themselves ({root})", hint=Hint.OUT_FOLDER
        )
    refuse_foreign_folder(out)
    # The build root's configuration names the brand, paper, layout and standard of every page.
    desk = config.render
    options = replace(
        options,
        brand_path=options.brand_path or desk.brand,
        paper=options.paper or desk.paper or "a4",
        layout_name=options.layout_name or desk.layout,
        standard=options.standard or desk.standard,
    )
    brand = load_brand(options.brand_path)
    placeholder = brand_warning(brand)
    if placeholder:  # a site is public: say so before it is published with a demo brand
        report.warnings.append(placeholder)
    collection = _load_collection(root, out, finder, report)
    if not report.found and not options.allow_empty:
        raise NothingToBuild(f"no briefs found under {root}; create one with `briefkit new`")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefkitError(f"{out}: cannot create the out folder: {exc.strerror}") from None
    by_id: dict[str, Entry] = {}
    # Publishable briefs first: when two briefs share an id, a public one keeps it.
    for entry in sorted(
        collection.entries, key=lambda entry: (not is_publishable(entry, allowed), entry.relative)
    ):
        if is_publishable(entry, allowed):
            try:
                output_name(entry.id)
            except BriefkitError as error:
                report.failed.append(Failure.of(entry.brief.path, error))
                continue
        if entry.id in by_id:
            first = by_id[entry.id].brief.path
            report.failed.append(Failure(entry.brief.path, f"its id is also the id of {first}"))
            continue
        by_id[entry.id] = entry
    published = {key: entry for key, entry in by_id.items() if is_publishable(entry, allowed)}
    published = editions.without_weaker_editions(published, by_id, report.failed)
    report.withheld = sum(1 for entry in collection.entries if not is_publishable(entry, allowed))
    known_ids = set(by_id)
    common = {
        "briefkit": __version__,
        "weasyprint": importlib.metadata.version("weasyprint"),
        "brand": hash_tree([brand.path, brand.logo]),
        "site_url": site_url,
        "render": f"{options.paper} {options.layout_name} {options.standard}",
    }
    manifest = Manifest.load(out)
    fresh = Manifest(__version__)
    # Whatever the manifest remembers: a brief found but not publishable has no output here.
    for key in sorted(set(by_id) - set(published)):
        remove_outputs(out, outputs_of(key))
    layout_cache: dict[str, str] = {}
    plans: dict[str, tuple[LinkPlan, str]] = {}
    ordered = newest_first(published.values())
    groups = editions.edition_groups(published.values())
    for key, entry in sorted(published.items()):
        unsafe = safety_findings(entry.brief)  # nothing below may meet a value of a wrong type
        if unsafe:
            report.failed.append(Failure(entry.brief.path, located(unsafe)))
            continue
        plan = plan_links(entry, published, known_ids, site_url, ordered)
        report.warnings.extend(plan.warnings)
        if plan.errors:
            report.failed.append(Failure(entry.brief.path, "; ".join(plan.errors)))
            continue
        paired = {"editions": editions.group_key(groups[key]), **common}
        plans[key] = (plan, _inputs_hash(entry, plan, paired, options, finder, layout_cache))

    # Step 4: outputs of briefs no longer published go first. A brief that cannot be read may have
    # become restricted: its old outputs go too.
    for key, old in manifest.briefs.items():
        gone = key not in published or old.source in collection.unreadable
        moved = key in published and published[key].relative != old.source
        if gone or moved:
            remove_outputs(out, old.outputs)
            if gone:
                report.removed.append(key)
        elif key not in plans:
            fresh.briefs[key] = old  # failed this time: its last good outputs stay
    manifest.briefs = {key: value for key, value in manifest.briefs.items() if key in published}
    manifest.save(out)
    if report.removed:
        # Until the renders are done, the index lists what is still on the site.
        still = [published[key] for key in sorted(manifest.briefs)]
        _write_site_pages(still, brand, options, site_url, out, BuildReport(out))

    jobs: list[BatchJob] = []
    for key, (plan, inputs) in plans.items():
        entry = published[key]
        outputs = outputs_of(key)
        previous = manifest.briefs.get(key)
        current = (
            previous is not None
            and previous.inputs == inputs
            and previous.source == entry.relative
            and all((out / name).is_file() for name in outputs)
        )
        if current and not options.force:
            report.up_to_date.append(key)
            fresh.briefs[key] = PublishedEntry(entry.relative, inputs, outputs)
            continue
        jobs.append(
            BatchJob(
                key,
                entry.brief,
                finder.for_path(Path(entry.brief.path)),
                (
                    Output("html", out / STAGING / f"{key}.html", plan.html_data),
                    Output("pdf", out / STAGING / f"{key}.pdf", plan.pdf_data),
                ),
            )
        )

    settings = RenderSettings(
        brand_path=options.brand_path,
        layout_dirs=options.layout_dirs,
        paper=options.paper,
        layout_name=options.layout_name,
        standard=options.standard,
        brief_links_from_brand=False,
    )
    try:
        for done, outcome in enumerate(render_batch(jobs, settings, options.jobs), start=1):
            key = outcome.key
            if outcome.ok:
                _add_nav(groups[key], published[key], out / STAGING / f"{key}.html", options)
                publish_staged(out, key)
                report.rendered.append(key)
                plan, inputs = plans[key]
                fresh.briefs[key] = PublishedEntry(published[key].relative, inputs, outputs_of(key))
                report.warnings.extend(f"{key}: {message}" for message in outcome.warnings)
            else:
                remove_outputs(out / STAGING, outputs_of(key))  # together or not at all
                report.failed.append(replace(outcome.failure, name=published[key].brief.path))
                if key in manifest.briefs:
                    fresh.briefs[key] = manifest.briefs[key]  # its last good outputs stay
            if progress is not None:
                progress(outcome, done, len(jobs))
            _save_progress(manifest, fresh, out)
    finally:  # staged outputs of an interrupted or failed render never stay
        shutil.rmtree(out / STAGING, ignore_errors=True)

    listed = [published[key] for key in sorted(fresh.briefs) if key in published]
    report.published = [entry.id for entry in listed]
    if not site_url:
        report.warnings.append(
            "site-url is not set: the sitemap has relative addresses and PDFs link to no page"
        )
    _write_site_pages(listed, brand, options, site_url, out, report)
    fresh.save(out)
    return report


def _add_nav(group: tuple[Entry, ...], entry: Entry, page: Path, options: BuildOptions) -> None:
    """Put the site's bar (back to the library, the PDF, the other editions) at the top of a
    brief's new page, and its editions as ``hreflang`` alternates in its head."""
    html = with_nav(page.read_text("utf-8"), brief_page_nav(entry, options.layout_dirs, group))
    write_atomically(page, editions.with_alternates(html, editions.alternate_links(group)).encode())


def _save_progress(manifest: Manifest, fresh: Manifest, out: Path) -> None:
    """Record the renders done so far, so an interrupted build does not redo them."""
    merged = Manifest(fresh.version, {**manifest.briefs, **fresh.briefs})
    merged.save(out)


def _write_site_pages(
    listed: list[Entry],
    brand: Brand,
    options: BuildOptions,
    site_url: str,
    out: Path,
    report: BuildReport,
) -> None:
    pages = {
        "index.html": index_page(listed, brand, options.layout_dirs, site_url),
        "feed.xml": feed_xml(listed, brand, site_url),
        JSON_FEED: json_feed(listed, brand, site_url),
        "sitemap.xml": sitemap_xml(listed, site_url),
    }
    for name, content in pages.items():
        target = out / name
        try:
            unchanged = target.read_bytes() == content
        except OSError:
            unchanged = False
        if not unchanged:
            write_atomically(target, content)
            report.pages_written.append(name)
