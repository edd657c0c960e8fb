"""What a public copy of a brief may show of the others."""

from __future__ import annotations

import json
from pathlib import Path

from briefkit.document.brief import load_brief
from briefkit.publish.collection import Entry, most_restrictive, plan_links
from tests.publish.conftest import RESTRICTED, situation, write


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
