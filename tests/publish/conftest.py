"""Shared by the publishing tests: generated briefs, a repository of samples plus generated and
restricted briefs, and readers for what a build writes."""

from __future__ import annotations

import copy
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefkit.desk.config import ConfigFinder
from briefkit.publish.site import BuildOptions, BuildReport, build_site
from tests.conftest import CASES, SAMPLE_BRIEFS, SAMPLES
from tests.helpers import RUNNER

runner = RUNNER
"""The suite's one in-process runner, under the name ``test_digest.py`` imports it by."""
SITE_URL = "https://briefs.example.org/library/"
SITUATION = json.loads((SAMPLES / "tanzania-election.json").read_text(encoding="utf-8"))
MISSING_ASSESSMENT = CASES / "invalid" / "missing-assessment" / "brief.json"


def published_samples() -> set[str]:
    """The ids of the samples a default build publishes (TLP:CLEAR): the publishing tests count
    with these, so a new sample changes no expected number."""
    samples = [json.loads(path.read_text(encoding="utf-8")) for path in SAMPLE_BRIEFS]
    return {brief["id"] for brief in samples if brief["tlp"] == "TLP:CLEAR"}


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
    for sample in SAMPLE_BRIEFS:
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
