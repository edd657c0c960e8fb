"""Publishing a collection: ``briefkit build`` (site, feed, markings, incremental), ``render
PATH...`` and ``briefkit digest``, checked on what a reader and a publisher see."""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from briefkit.check.config import ConfigFinder
from briefkit.cli.app import app
from briefkit.document.brief import load_brief
from briefkit.errors import BriefkitError
from briefkit.publish.batch import shard_selected
from briefkit.publish.collection import Entry, most_restrictive, plan_links
from briefkit.publish.digest import make_digest
from briefkit.publish.manifest import MANIFEST_NAME
from briefkit.publish.renders import parse_shard, plan_renders
from briefkit.publish.site import BuildOptions, BuildReport, build_site

from .conftest import SAMPLES, squash

runner = CliRunner()
SITE_URL = "https://briefs.example.org/library/"
SITUATION = json.loads((SAMPLES / "tanzania-election.json").read_text(encoding="utf-8"))
MISSING_ASSESSMENT = (
    Path(__file__).parent / "cases" / "invalid" / "missing-assessment" / "brief.json"
)

# What restricted briefs say: none of it may reach any file of a public build.
RESTRICTED = {
    "TLP:RED": ("red-mombasa-port-2025-11-03", "Quillfeather port sabotage plan in Mombasa"),
    "TLP:AMBER": ("amber-arusha-talks-2025-11-02", "Brackenridge backchannel talks in Arusha"),
    "TLP:AMBER+STRICT": ("strict-dodoma-2025-11-01", "Marrowgate succession dispute in Dodoma"),
}


def situation(
    brief_id: str,
    title: str,
    day: str,
    *,
    tlp: str = "TLP:CLEAR",
    countries: tuple[str, ...] = ("TZ",),
    tags: tuple[str, ...] = ("Tanzania",),
    discover_more: list[dict[str, Any]] | None = None,
    summary: str | None = None,
) -> dict[str, Any]:
    """A lint-clean one-page situation brief."""
    data = copy.deepcopy(SITUATION)
    data.pop("$schema", None)
    data.update(id=brief_id, title=title, date=day, tlp=tlp, countries=list(countries))
    data["tags"] = list(tags)
    if summary is not None:
        data["executive_summary"] = [summary]
    if discover_more is None:
        data.pop("discover_more", None)
    else:
        data["discover_more"] = discover_more
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def make_repository(root: Path) -> Path:
    """The shipped samples plus generated briefs: restricted ones, one that offers no cards (it
    gets suggestions), one whose card names a restricted brief, and a JSON file that is not a
    brief."""
    for sample in SAMPLES.glob("*.json"):
        data = json.loads(sample.read_text(encoding="utf-8"))
        data.pop("$schema", None)
        write(root / "samples" / sample.name, data)
    for tlp, (brief_id, title) in RESTRICTED.items():
        summary = f"{title}: the restricted text of {brief_id} says more than any public brief."
        write(
            root / "restricted" / f"{brief_id}.json",
            situation(brief_id, title, "2025-11-03", tlp=tlp, summary=summary),
        )
    write(
        root / "generated" / "dar-port.json",
        situation("dar-port-2025-10-30", "Dar es Salaam port: operations resume", "2025-10-30"),
    )
    red_id, red_title = RESTRICTED["TLP:RED"]
    card = {"title": red_title, "teaser": f"More on {red_title}.", "id": red_id}
    write(
        root / "generated" / "zanzibar.json",
        situation(
            "zanzibar-ferries-2025-10-31",
            "Zanzibar ferries: schedules cut after the vote",
            "2025-10-31",
            countries=("KE",),
            tags=("ferries",),
            discover_more=[card],
        ),
    )
    write(root / "data" / "settings.json", {"colour": "blue", "retries": 3})
    (root / "briefkit.toml").write_text(f'site-url = "{SITE_URL}"\n', encoding="utf-8")
    return root


def build(root: Path, **options: Any) -> BuildReport:
    return build_site(BuildOptions(root=root, **options), ConfigFinder())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """One repository built once for the read-only tests (renders are the slow part)."""
    root = make_repository(tmp_path_factory.mktemp("repo"))
    return root, build(root)


def pdf_text(path: Path) -> str:
    """Everything a PDF says: page text, outline, metadata and link targets."""
    reader = PdfReader(path)
    parts = [page.extract_text() for page in reader.pages]
    parts.extend(str(value) for value in (reader.metadata or {}).values())

    def outline(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                outline(item)
            else:
                parts.append(item.title)

    outline(reader.outline)
    parts.extend(pdf_links(path))
    return "\n".join(parts)


def pdf_links(path: Path) -> list[str]:
    links = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                links.append(str(action["/URI"]))
    return links


class Links(HTMLParser):
    """Every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links.extend(value for name, value in attrs if name in ("href", "src") and value)


def page_links(path: Path) -> list[str]:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def test_build_writes_a_page_and_a_pdf_per_published_brief(built: tuple[Path, BuildReport]) -> None:
    root, report = built
    out = root / "_site"
    published = {
        "niger-mali-aes-2025-10-02",
        "niger-mali-aes-2025-10-02-fr",
        "tanzania-election-2025-10-29",
        "dar-port-2025-10-30",
        "zanzibar-ferries-2025-10-31",
    }
    assert set(report.published) == published
    assert not report.failed
    # The GREEN sample and the three restricted briefs are withheld; the settings file skipped.
    assert report.withheld == 4
    assert report.skipped == 1
    expected = {f"{brief}.{ext}" for brief in published for ext in ("html", "pdf")}
    expected |= {"index.html", "feed.xml", "sitemap.xml", MANIFEST_NAME}
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
        "niger-mali-aes-2025-10-02",
        "niger-mali-aes-2025-10-02-fr",
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


def test_feed_is_valid_atom_with_the_published_briefs(built: tuple[Path, BuildReport]) -> None:
    feed = feedparser.parse((built[0] / "_site" / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = [entry.link for entry in feed.entries]
    assert links[0] == f"{SITE_URL}zanzibar-ferries-2025-10-31.html"
    assert len(links) == 5
    assert feed.entries[0].published.startswith("2025-10-31")
    sitemap = (built[0] / "_site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}index.html</loc>" in sitemap
    assert sitemap.count("<loc>") == 6


def test_restricted_briefs_appear_in_no_output_file(built: tuple[Path, BuildReport]) -> None:
    out = built[0] / "_site"
    secrets = [text for pair in RESTRICTED.values() for text in pair]
    secrets += ["tanzania-security-update", "Low Turnout, Coercion Dynamics"]  # the GREEN sample
    secrets += ["Quillfeather", "Brackenridge", "Marrowgate"]
    files = [path for path in out.rglob("*") if path.is_file()]
    assert len(files) == 14
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
    assert len(again.up_to_date) == 5

    brief = root / "samples" / "tanzania-election.json"
    data = json.loads(brief.read_text(encoding="utf-8"))
    data["title"] = "Tanzania election: a renamed situation brief"
    write(brief, data)
    changed = build(root)
    # Its own outputs, and the page that suggests it (its card shows the title); the Niger
    # analysis keeps its own title on its card, so it is not rendered again.
    assert sorted(changed.rendered) == ["dar-port-2025-10-30", "tanzania-election-2025-10-29"]
    assert changed.pages_written == ["index.html", "feed.xml"]  # the sitemap shows no titles
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
        for page in ("index.html", "feed.xml", "sitemap.xml", MANIFEST_NAME):
            assert name not in (out / page).read_text(encoding="utf-8")
    # tanzania-election had suggested nothing (it has its own cards): not rendered again.
    assert report.rendered == []


def test_an_id_no_brief_has_is_a_build_error_and_the_rest_is_published(tmp_path: Path) -> None:
    card = {"title": "A brief nobody wrote", "teaser": "Nothing.", "id": "no-such-brief"}
    write(tmp_path / "a.json", situation("brief-a", "Brief A", "2025-10-01", discover_more=[card]))
    write(tmp_path / "b.json", situation("brief-b", "Brief B", "2025-10-02"))
    (tmp_path / "broken.json").write_text('{"id": "x", "title": "Broken",', encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 1
    assert "a.json: discover_more[0].id: no brief has the id 'no-such-brief'" in result.output
    assert "broken.json" in result.output
    assert "1 published" in result.output
    out = tmp_path / "_site"
    assert (out / "brief-b.html").is_file() and not (out / "brief-a.html").exists()
    assert "brief-a" not in (out / "index.html").read_text(encoding="utf-8")
    again = runner.invoke(app, ["build", str(tmp_path), "--jobs", "1", "--force"])
    assert "1 rendered, 0 up to date" in again.output


def test_render_many_keeps_going_past_a_failing_brief_on_two_workers(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    write(folder / "one.json", situation("brief-one", "Brief one", "2025-10-01"))
    write(folder / "two.json", situation("brief-two", "Brief two", "2025-10-02"))
    shutil.copy(MISSING_ASSESSMENT, folder / "bad.json")
    write(folder / "not-a-brief.json", {"colour": "blue"})
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", str(folder), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 1, result.output
    assert sorted(path.name for path in out.iterdir()) == ["brief-one.pdf", "brief-two.pdf"]
    assert "Rendered 2, skipped 1, failed 1:" in result.output
    assert re.search(r"bad\.json: \d+ lint errors?; run briefkit check", result.output)
    assert "[3/3]" in result.output  # one line per brief when not on a terminal
    assert "Brief two" in PdfReader(out / "brief-two.pdf").pages[0].extract_text()


def test_render_several_briefs_to_standard_output_is_a_usage_error(tmp_path: Path) -> None:
    one = write(tmp_path / "one.json", situation("brief-one", "Brief one", "2025-10-01"))
    result = runner.invoke(app, ["render", str(one), str(SAMPLES), "-o", "-"])
    assert result.exit_code == 2
    assert "several briefs cannot go to standard output" in result.output
    result = runner.invoke(app, ["render", str(one), str(one), "--shard", "3/2"])
    assert result.exit_code == 2


def test_shards_split_the_briefs_stably_and_completely(tmp_path: Path) -> None:
    names = [f"briefs/brief-{number}.json" for number in range(40)]
    shards = [parse_shard(f"{index}/3") for index in (1, 2, 3)]
    chosen = [[name for name in names if shard_selected(name, shard)] for shard in shards]
    assert sorted(name for part in chosen for name in part) == sorted(names)
    assert all(len(part) >= 5 for part in chosen)
    assert chosen[0] == [name for name in names if shard_selected(name, shards[0])]
    with pytest.raises(BriefkitError):
        parse_shard("0/2")
    plan = plan_renders([SAMPLES], ConfigFinder(), tmp_path, "html", parse_shard("1/1"))
    assert sorted(job.outputs[0].path.name for job in plan.jobs) == [
        "niger-mali-aes-2025-10-02-fr.html",
        "niger-mali-aes-2025-10-02.html",
        "tanzania-election-2025-10-29.html",
        "tanzania-security-update-2025-10-29.html",
    ]


def test_plan_links_never_copies_a_restricted_brief(tmp_path: Path) -> None:
    red_id, red_title = RESTRICTED["TLP:RED"]
    card = {"title": red_title, "teaser": "x", "id": red_id}
    linking = Entry(
        load_brief(
            write(tmp_path / "a.json", situation("a", "A", "2025-11-04", discover_more=[card]))
        ),
        "a.json",
    )
    plan = plan_links(linking, {"a": linking}, {"a", red_id}, "")
    assert red_id not in json.dumps(plan.html_data) + json.dumps(plan.pdf_data)
    assert plan.warnings and red_id not in plan.warnings[0]
    assert most_restrictive(["TLP:CLEAR", "TLP:AMBER+STRICT", "TLP:GREEN"]) == "TLP:AMBER+STRICT"


def test_digest_contents_and_outline_match_the_real_pages(tmp_path: Path) -> None:
    amber_id, amber_title = RESTRICTED["TLP:AMBER"]
    paths = [
        SAMPLES / "tanzania-security-update.json",
        write(
            tmp_path / "amber.json", situation(amber_id, amber_title, "2025-11-02", tlp="TLP:AMBER")
        ),
        SAMPLES / "tanzania-election.json",
    ]
    output = tmp_path / "digest.pdf"
    result = runner.invoke(
        app, ["digest", *map(str, paths), "-o", str(output), "--title", "Week 44"]
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(output)
    texts = [page.extract_text() for page in reader.pages]
    assert "Week 44" in texts[0] and "TLP:AMBER" in texts[0]
    # Contents: each brief (oldest first; same day: as given) with the page it starts on, then
    # the contact panel.
    contents = texts[1]
    titles = [
        json.loads(paths[0].read_text(encoding="utf-8"))["title"],
        json.loads(paths[2].read_text(encoding="utf-8"))["title"],
        amber_title,
    ]
    outline = [item for item in reader.outline if not isinstance(item, list)]
    top = {item.title: reader.get_destination_page_number(item) + 1 for item in outline}
    assert list(top) == ["Contents", *titles, "Contact us"]
    for title in titles:
        listed = re.search(re.escape(squash(title)) + r"(\d+)", squash(contents))
        assert listed is not None, title
        page = int(listed.group(1))
        assert page == top[title]
        assert squash(title) in squash(texts[page - 1])
        assert f"Page {page} of {len(texts)}" in texts[page - 1]
    # Sections nest under their brief.
    nested = reader.outline[reader.outline.index(outline[1]) + 1]
    assert isinstance(nested, list) and nested[0].title == "Executive Summary"
    # One contact panel, at the end; every page after the cover carries the strictest marking.
    call = "Contact us to find out how our security services can support you."
    assert [squash(call) in squash(text) for text in texts].count(True) == 1
    assert squash(call) in squash(texts[-1])
    assert all("TLP:AMBER" in text for text in texts)
    assert not any("TLP:CLEAR" in text.splitlines()[0] for text in texts[1:])


def test_digest_refuses_red_unless_allowed(tmp_path: Path) -> None:
    red_id, red_title = RESTRICTED["TLP:RED"]
    red = write(tmp_path / "red.json", situation(red_id, red_title, "2025-11-03", tlp="TLP:RED"))
    output = tmp_path / "digest.pdf"
    result = runner.invoke(app, ["digest", str(red), "-o", str(output)])
    assert result.exit_code == 1
    assert "is TLP:RED; a digest includes TLP:RED briefs only with --allow-red" in result.output
    assert not output.exists()
    digest = make_digest([load_brief(red)], _brand(), output, allow_red=True)
    assert digest.marking == "TLP:RED" and digest.pages == 4
    assert "TLP:RED" in PdfReader(output).pages[2].extract_text()


def _brand() -> Any:
    from briefkit.render.brand import load_brand

    return load_brand()


def test_pdf_bytes_of_a_site_page_name_its_title(built: tuple[Path, BuildReport]) -> None:
    """The PDF is the brief's own, laid out in its layout (not a print of the HTML page)."""
    reader = PdfReader(
        io.BytesIO((built[0] / "_site" / "zanzibar-ferries-2025-10-31.pdf").read_bytes())
    )
    assert reader.metadata is not None
    assert reader.metadata.title == "Zanzibar ferries: schedules cut after the vote"
