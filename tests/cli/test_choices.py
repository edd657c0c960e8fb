"""The command line's fixed choices are the core's: an option cannot offer what the core lacks."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import pytest

from briefkit.assets import schema_path
from briefkit.check.reporters import REPORTERS
from briefkit.cli.authoring import Kind, Marking
from briefkit.cli.checking import FailOn, OutputFormat
from briefkit.cli.common import Paper
from briefkit.cli.publishing import DigestOrder
from briefkit.cli.rendering import PdfStandard, RenderFormat
from briefkit.document.markings import TLP_MARKINGS
from briefkit.findings import Severity
from briefkit.rules.model import DEFAULT_REQUIRED_SECTIONS
from briefkit.vocabulary import DIGEST_ORDERS, OUTPUT_FORMATS, PAPER_SIZES, PDF_STANDARDS
from tests.conftest import SAMPLE_ANALYSIS
from tests.helpers import invoke

BRIEF_SCHEMA = json.loads(schema_path("brief").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("choices", "core"),
    [
        (OutputFormat, set(REPORTERS)),
        (FailOn, {severity.value for severity in Severity}),
        (RenderFormat, set(OUTPUT_FORMATS)),
        (PdfStandard, set(PDF_STANDARDS)),
        (Paper, set(PAPER_SIZES)),
        (Kind, set(BRIEF_SCHEMA["properties"]["kind"]["enum"])),
        (Kind, set(DEFAULT_REQUIRED_SECTIONS)),
        (Marking, set(BRIEF_SCHEMA["properties"]["tlp"]["enum"])),
        (DigestOrder, set(DIGEST_ORDERS)),
        (Marking, set(TLP_MARKINGS)),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else "",
)
def test_cli_choices_match_the_core(choices: type[StrEnum], core: set[str]) -> None:
    assert {choice.value for choice in choices} == core


def test_every_choice_of_the_command_line_is_checked_here() -> None:
    """A new fixed choice in the CLI (a StrEnum in briefkit.cli) must be added to the list above."""
    import inspect

    from briefkit.cli import authoring, brand, checking, common, diagnostics, publishing, rendering

    found = {
        value
        for module in (authoring, brand, checking, common, diagnostics, publishing, rendering)
        for _, value in inspect.getmembers(module, inspect.isclass)
        if issubclass(value, StrEnum) and value.__module__ == module.__name__
    }
    checked = {OutputFormat, FailOn, RenderFormat, PdfStandard, Paper, Kind, Marking, DigestOrder}
    assert found == checked


def test_the_tlp_markings_are_the_schemas_in_order_of_restriction() -> None:
    assert list(TLP_MARKINGS) == BRIEF_SCHEMA["properties"]["tlp"]["enum"]


@pytest.mark.parametrize("dpi", ["0", "23", "601"])
def test_render_refuses_a_dpi_outside_the_range_the_service_takes(dpi: str, tmp_path: Path) -> None:
    output = str(tmp_path / "p.png")
    result = invoke("render", str(SAMPLE_ANALYSIS), "--format", "png", "--dpi", dpi, "-o", output)
    assert result.exit_code == 2
    assert "--dpi" in result.output and "24<=x<=600" in result.output
    assert not list(tmp_path.iterdir())
