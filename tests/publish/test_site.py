"""``briefkit build``: the site's files, links, feed, the TLP guarantee, incremental rebuilds."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from pypdf import PdfReader

from briefkit.publish import site
from briefkit.publish.manifest import MANIFEST_NAME
from briefkit.publish.site import BuildReport
from tests.conftest import SAMPLE_BRIEFS, squash
from tests.helpers import invoke, read_on_a_phone
from tests.publish.conftest import (
    RESTRICTED,
    SITE_URL,
    build,
    page_links,
    pdf_links,
    pdf_text,
    published_samples,
    situation,
    write,
)

GENERATED = {"dar-port-2025-10-30", "zanzibar-ferries-2025-10-31"}
"""The public briefs the repository adds to the samples."""
PUBLISHED = published_samples() | GENERATED


def test_build_writes_a_page_and_a_pdf_per_published_brief(built: tuple[Path, BuildReport]) -> None:
    root, report = built
    out = root / "_site"
    assert {
        "niger-mali-aes-2025-10-02",
        "niger-mali-aes-2025-10-02-fr",
        "tanzania-election-2025-10-29",
    } <= published_samples()
    assert "tanzania-security-update-2025-10-29" not in published_samples()  # TLP:GREEN
    assert set(report.published) == PUBLISHED
    assert not report.failed
    # The samples not marked CLEAR (the GREEN update) and the three restricted briefs are
    # withheld; the settings file skipped.
    assert report.withheld == len(SAMPLE_BRIEFS) - len(published_samples()) + 3
    assert report.skipped == 1
    expected = {f"{brief}.{ext}" for brief in PUBLISHED for ext in ("html", "pdf")}
    expected |= {"index.html", "feed.xml", "feed.json", "sitemap.xml", MANIFEST_NAME}
    assert {path.name for path in out.iterdir()} == expected
    text = squash(pdf_text(out / "dar-port-2025-10-30.pdf"))
    assert squash("Dar es Salaam port: operations resume") in text


def test_every_link_in_every_page_resolves_inside_the_site(
    built: tuple[Path, BuildReport],
) -> None:
    out = built[0] / "_site"
    checked = 0
    for page in out.glob("*.html"):
        for link in page_links(page):
            if link.startswith(("https://", "http://", "mailto:", "data:", "#")):
                assert not link.startswith(SITE_URL), (page.name, link)
                continue
            assert (out / link.split("#")[0]).is_file(), (page.name, link)
            checked += 1
    assert checked >= 15  # the index's links and the cards
    for pdf in out.glob("*.pdf"):
        for link in pdf_links(pdf):
            if link.startswith(SITE_URL):
                assert (out / link.removeprefix(SITE_URL)).is_file(), (pdf.name, link)


def test_cards_link_to_published_pages_and_pdfs_to_the_site_url(
    built: tuple[Path, BuildReport],
) -> None:
    out = built[0] / "_site"
    # tanzania-election names the GREEN update (withheld: card dropped) and the Niger analysis.
    links = page_links(out / "tanzania-election-2025-10-29.html")
    assert "niger-mali-aes-2025-10-02.html" in links
    pdf_targets = pdf_links(out / "tanzania-election-2025-10-29.pdf")
    assert f"{SITE_URL}niger-mali-aes-2025-10-02.html" in pdf_targets
    assert not any("tanzania-security-update" in link for link in [*links, *pdf_targets])
    warnings = "\n".join(built[1].warnings)
    assert "tanzania-election.json: discover_more[0]: card dropped" in warnings


def test_a_site_built_with_the_demonstration_brand_says_so(
    built: tuple[Path, BuildReport],
) -> None:
    assert any("is a demonstration brand" in warning for warning in built[1].warnings)


def test_a_brief_without_cards_gets_suggestions_sharing_a_country_first(
    built: tuple[Path, BuildReport],
) -> None:
    out = built[0] / "_site"
    page = (out / "dar-port-2025-10-30.html").read_text(encoding="utf-8")
    related = page[page.index('id="discover-more"') :]
    # The most recent published briefs about Tanzania; the Zanzibar one is about Kenya.
    assert 'href="tanzania-election-2025-10-29.html"' in related
    assert "zanzibar-ferries" not in related


def test_index_lists_newest_first_with_filters_and_no_external_requests(
    built: tuple[Path, BuildReport],
) -> None:
    html = (built[0] / "_site" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'<h2><a href="([^"]+)\.html">', html)
    assert order == [
        "zanzibar-ferries-2025-10-31",
        "dar-port-2025-10-30",
        "tanzania-election-2025-10-29",
        "niger-mali-aes-2025-10-02",  # with its French edition: one entry
    ]
    for facet in ("country", "tag", "kind", "year"):
        assert f'<select name="{facet}">' in html
    assert '<option value="TZ">Tanzania</option>' in html
    assert "Risk: High" in html and "East Africa" in html
    # Works without script: the filters are hidden until the script shows them, every brief is
    # listed in the markup; nothing is fetched from anywhere.
    assert '<form class="filters" id="filters" hidden' in html
    assert not re.search(r'<(?:script|img|link)[^>]+(?:src|href)="https?://', html)
    assert "<script src" not in html


def test_a_brief_and_its_edition_are_one_entry_and_each_page_names_the_other(
    built: tuple[Path, BuildReport],
) -> None:
    out = built[0] / "_site"
    english, french = "niger-mali-aes-2025-10-02", "niger-mali-aes-2025-10-02-fr"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count(f'<h2><a href="{english}.html">') == 1
    assert f'<h2><a href="{french}.html">' not in index
    switch = re.search(r'<p class="languages">(.*?)</p>', index)
    assert switch is not None
    assert f'<a href="{english}.html" hreflang="en" lang="en">English</a>' in switch[1]
    assert f'<a href="{french}.html" hreflang="fr" lang="fr">Français</a>' in switch[1]
    pages = {
        lang: (out / f"{brief}.html").read_text("utf-8")
        for lang, brief in (("en", english), ("fr", french))
    }
    for page in pages.values():
        head = page[: page.index("</head>")]
        assert f'<link rel="alternate" hreflang="en" href="{english}.html">' in head
        assert f'<link rel="alternate" hreflang="fr" href="{french}.html">' in head
    nav = {lang: page[page.index('<nav class="site-nav"') :] for lang, page in pages.items()}
    assert f'href="{french}.html" hreflang="fr" lang="fr">Français</a>' in nav["en"]
    assert f'href="{english}.html" hreflang="en" lang="en">English</a>' in nav["fr"]
    # A brief without editions names none.
    single = (out / "dar-port-2025-10-30.html").read_text(encoding="utf-8")
    assert "hreflang" not in single


def test_feed_is_valid_atom_with_the_published_briefs(built: tuple[Path, BuildReport]) -> None:
    feed = feedparser.parse((built[0] / "_site" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = [entry.link for entry in feed.entries]
    assert links[0] == f"{SITE_URL}zanzibar-ferries-2025-10-31.html"
    assert sorted(links) == sorted(f"{SITE_URL}{brief}.html" for brief in PUBLISHED)
    assert feed.entries[0].published.startswith("2025-10-31")
    sitemap = (built[0] / "_site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}index.html</loc>" in sitemap
    assert sitemap.count("<loc>") == len(PUBLISHED) + 1  # the briefs and the index


def test_json_feed_has_what_json_feed_1_1_requires_and_only_published_briefs(
    built: tuple[Path, BuildReport],
) -> None:
    feed = json.loads((built[0] / "_site" / "feed.json").read_text(encoding="utf-8"))
    # JSON Feed 1.1 (jsonfeed.org/version/1.1): version, title and items are required; each item
    # has a unique string id and content_html or content_text; an attachment has url and
    # mime_type; dates are RFC 3339; authors are objects with at least one of name, url, avatar.
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert feed["feed_url"] == f"{SITE_URL}feed.json"
    assert feed["home_page_url"] == f"{SITE_URL}index.html"
    assert all(author.get("name") for author in feed["authors"])
    items = feed["items"]
    assert isinstance(items, list)
    ids = [item["id"] for item in items]
    assert all(isinstance(item_id, str) and item_id for item_id in ids)
    assert len(set(ids)) == len(ids)
    assert ids == [item["url"] for item in items]
    assert ids[0] == f"{SITE_URL}zanzibar-ferries-2025-10-31.html"
    for item in items:
        assert isinstance(item.get("content_html") or item.get("content_text"), str)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", item["date_published"])
        for attachment in item["attachments"]:
            assert attachment["mime_type"] == "application/pdf"
            assert attachment["url"].startswith(SITE_URL) and attachment["url"].endswith(".pdf")
        assert all(isinstance(tag, str) for tag in item.get("tags", []))
    published = {f"{SITE_URL}{brief}.html" for brief in built[1].published}
    assert set(ids) == published  # nothing above the publish marking


def test_restricted_briefs_appear_in_no_output_file(built: tuple[Path, BuildReport]) -> None:
    out = built[0] / "_site"
    secrets = [text for pair in RESTRICTED.values() for text in pair]
    secrets += ["tanzania-security-update", "Low Turnout, Coercion Dynamics"]  # the GREEN sample
    secrets += ["Quillfeather", "Brackenridge", "Marrowgate"]
    files = [path for path in out.rglob("*") if path.is_file()]
    # A page and a PDF per published brief; the index, two feeds, the sitemap, the manifest.
    assert len(files) == 2 * len(PUBLISHED) + 5
    for path in files:
        raw = path.read_bytes()
        contents = [raw.decode("utf-8", "replace")]
        if path.suffix == ".pdf":
            contents.append(squash(pdf_text(path)))
            expanded = subprocess.run(
                ["qpdf", "--qdf", "--object-streams=disable", str(path), "-"],
                capture_output=True,
                check=True,
            ).stdout
            contents.append(expanded.decode("latin-1"))
        for secret in secrets:
            for content in contents:
                assert secret not in content and squash(secret) not in content, (path, secret)


def test_second_build_renders_nothing_and_a_touched_brief_re_renders_what_shows_its_title(
    built: tuple[Path, BuildReport], tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(built[0], root)  # the site moves with the repository: still up to date
    again = build(root)
    assert again.rendered == [] and again.pages_written == [] and not again.failed
    assert sorted(again.up_to_date) == sorted(PUBLISHED)

    brief = root / "samples" / "tanzania-election.json"
    data = json.loads(brief.read_text(encoding="utf-8"))
    data["title"] = "Tanzania election: a renamed situation brief"
    write(brief, data)
    changed = build(root)
    # Its own outputs, and the page that suggests it (its card shows the title); the Niger
    # analysis keeps its own title on its card, so it is not rendered again.
    assert sorted(changed.rendered) == ["dar-port-2025-10-30", "tanzania-election-2025-10-29"]
    # The sitemap shows no titles.
    assert changed.pages_written == ["index.html", "feed.xml", "feed.json"]
    page = (root / "_site" / "dar-port-2025-10-30.html").read_text(encoding="utf-8")
    assert "a renamed situation brief" in page


def test_briefs_deleted_or_restricted_leave_the_site(
    built: tuple[Path, BuildReport], tmp_path: Path
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(built[0], root)
    (root / "generated" / "zanzibar.json").unlink()
    restricted = root / "generated" / "dar-port.json"
    data = json.loads(restricted.read_text(encoding="utf-8"))
    write(restricted, {**data, "tlp": "TLP:AMBER"})
    report = build(root)
    out = root / "_site"
    assert sorted(report.removed) == ["dar-port-2025-10-30", "zanzibar-ferries-2025-10-31"]
    for name in ("dar-port-2025-10-30", "zanzibar-ferries-2025-10-31"):
        assert not (out / f"{name}.html").exists() and not (out / f"{name}.pdf").exists()
        for page in ("index.html", "feed.xml", "feed.json", "sitemap.xml", MANIFEST_NAME):
            assert name not in (out / page).read_text(encoding="utf-8")
    # tanzania-election had suggested nothing (it has its own cards): not rendered again.
    assert report.rendered == []


def test_an_id_no_brief_has_is_a_build_error_and_the_rest_is_published(tmp_path: Path) -> None:
    card = {"title": "A brief nobody wrote", "teaser": "Nothing.", "id": "no-such-brief"}
    write(tmp_path / "a.json", situation("brief-a", "Brief A", "2025-10-01", discover_more=[card]))
    write(tmp_path / "b.json", situation("brief-b", "Brief B", "2025-10-02"))
    (tmp_path / "broken.json").write_text('{"id": "x", "title": "Broken",', encoding="utf-8")
    result = invoke("build", str(tmp_path), "--jobs", "1", "--brand", "demo")
    assert result.exit_code == 1
    assert "a.json: discover_more[0].id: no brief has the id 'no-such-brief'" in result.output
    assert "broken.json" in result.output
    assert "1 published" in result.output
    out = tmp_path / "_site"
    assert (out / "brief-b.html").is_file() and not (out / "brief-a.html").exists()
    assert "brief-a" not in (out / "index.html").read_text(encoding="utf-8")
    again = invoke("build", str(tmp_path), "--jobs", "1", "--force", "--brand", "demo")
    assert "1 rendered, 0 up to date" in again.output


def test_pdf_bytes_of_a_site_page_name_its_title(built: tuple[Path, BuildReport]) -> None:
    """The PDF is the brief's own, laid out in its layout (not a print of the HTML page)."""
    reader = PdfReader(
        io.BytesIO((built[0] / "_site" / "zanzibar-ferries-2025-10-31.pdf").read_bytes())
    )
    assert reader.metadata is not None
    assert reader.metadata.title == "Zanzibar ferries: schedules cut after the vote"


def test_a_folder_without_briefs_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "settings.json", {"colour": "blue"})
    result = invoke("build", str(tmp_path), "--brand", "demo")
    assert result.exit_code == 2
    assert f"no briefs found under {tmp_path}; create one with `briefkit new`" in result.output
    assert not (tmp_path / "_site").exists()


def test_an_interrupted_build_leaves_whole_files_and_the_next_one_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in (1, 2, 3):
        write(
            tmp_path / f"b{number}.json",
            situation(f"brief-{number}", f"Brief {number}", f"2025-10-0{number}"),
        )
    real = site.render_batch

    def interrupted(*args: Any, **kwargs: Any) -> Iterator[Any]:
        for outcome in real(*args, **kwargs):
            yield outcome
            raise KeyboardInterrupt

    monkeypatch.setattr(site, "render_batch", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(tmp_path)
    out = tmp_path / "_site"
    assert sorted(path.name for path in out.iterdir()) == [
        MANIFEST_NAME,
        "brief-1.html",
        "brief-1.pdf",
    ]
    assert PdfReader(out / "brief-1.pdf").pages  # whole, not a partial file
    monkeypatch.setattr(site, "render_batch", real)
    report = build(tmp_path)
    assert sorted(report.rendered) == ["brief-2", "brief-3"]
    assert report.up_to_date == ["brief-1"]


def test_brief_pages_link_to_the_library_and_their_pdf_and_read_on_a_phone(
    built: tuple[Path, BuildReport],
) -> None:
    out = built[0] / "_site"
    french = "niger-mali-aes-2025-10-02-fr"
    for name in ("niger-mali-aes-2025-10-02", french):
        links = page_links(out / f"{name}.html")
        assert "index.html" in links and f"{name}.pdf" in links
    assert "Toutes les notes" in (out / f"{french}.html").read_text(encoding="utf-8")
    (reading,) = read_on_a_phone([out / "niger-mali-aes-2025-10-02.html"])
    assert reading["viewport"] and reading["innerWidth"] == 390
    assert reading["scrollWidth"] <= reading["innerWidth"]
    assert min(reading["bodyPixels"]) >= 16


def test_the_index_sets_its_text_in_briefkit_fonts_and_typography(
    built: tuple[Path, BuildReport],
) -> None:
    html = (built[0] / "_site" / "index.html").read_text(encoding="utf-8")
    assert '@font-face { font-family: "Noto Sans"' in html or 'font-family: "Noto Sans"' in html
    assert "data:font/woff2;base64," in html
    # Dates as the briefs print them, each in its brief's language; curly quotes, real dashes.
    assert '<time datetime="2025-10-29">October 29, 2025</time>' in html
    # The French sample is an edition of the English one: listed with it, by its language's name.
    assert '<time datetime="2025-10-02">October 2, 2025</time>' in html
    assert 'lang="fr">Français</a>' in html
    assert "Niger–Mali" in html


def test_suggestions_are_in_the_brief_language_and_never_reach_its_pdf(
    built: tuple[Path, BuildReport],
) -> None:
    out = built[0] / "_site"
    page = (out / "dar-port-2025-10-30.html").read_text(encoding="utf-8")
    assert "-fr.html" not in page[page.index('id="discover-more"') :]
    assert "Discover More" not in pdf_text(out / "dar-port-2025-10-30.pdf")
