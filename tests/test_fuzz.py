"""Property tests: nothing a file holds makes briefkit raise anything but BriefkitError, and text
in a brief always comes out of the PDF as the characters typed."""

from __future__ import annotations

import copy
import json
import tempfile
import traceback
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import Result

from briefkit import BriefkitError, lint_brief, load_brand, parse_brief, validate_brief
from briefkit.render.renderer import Renderer
from tests import strategies
from tests.conftest import SAMPLE_ANALYSIS, squash
from tests.helpers import invoke

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RENDERS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def check(raw: bytes) -> None:
    """Load, validate and lint; a BriefkitError is the only acceptable failure."""
    try:
        brief = parse_brief(raw, "fuzz.json")
    except BriefkitError as error:
        assert error.findings
        return
    validate_brief(brief)
    for finding in lint_brief(brief):
        assert finding.line >= 1 and finding.column >= 1


@FAST
@given(strategies.JSON_VALUES)
def test_any_json_value_is_checked_without_crashing(value: Any) -> None:
    check(json.dumps(value).encode())


@FAST
@given(strategies.JSON_OBJECTS_WITH_BRIEF_KEYS)
def test_brief_keys_with_values_of_any_type_are_checked_without_crashing(value: Any) -> None:
    check(json.dumps(value, indent=1).encode())


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_are_checked_without_crashing(raw: bytes) -> None:
    check(raw)


@FAST
@given(strategies.briefs(complete=False))
def test_schema_valid_drafts_validate(brief: dict[str, Any]) -> None:
    parsed = parse_brief(json.dumps(brief).encode(), "draft.json")
    assert validate_brief(parsed) == []


PRINTABLE = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(0x20, 0x7F)]
        + [chr(c) for c in range(0xA0, 0x180)]
        + list("–—‘’“”…•€")
    ),
    min_size=1,
    max_size=60,
).filter(lambda text: text.strip() != "")


@RENDERS
@given(strategies.briefs(complete=True, text=PRINTABLE), PRINTABLE)
def test_schema_generated_briefs_render_or_fail_cleanly(
    renderer: Renderer, brief: dict[str, Any], title: str
) -> None:
    brief["title"] = title
    brief.pop("figures", None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "brief.json"
        path.write_text(json.dumps(brief, ensure_ascii=False), encoding="utf-8")
        output = Path(folder) / "brief.pdf"
        try:
            result = renderer.render(
                parse_brief(path.read_bytes(), str(path)), load_brand(), output
            )
        except BriefkitError as error:
            assert error.findings or error.message
            assert not output.exists()
            return
        event("rendered")
        assert PdfReader(result.path).metadata.title == title.strip()


PAYLOADS = [
    '<b>bold?</b><script>alert("x")</script><img src="file:///etc/passwd">',
    "</style><style>@import url(https://evil.example/x.css); body { display: none }</style>",
    "{{ 7*7 }} {% include '/etc/passwd' %} {# note #} ${7*7}",
    "\"'><svg onload=alert(1)> &lt;&amp;&#x41; &nbsp;",
    "@page { size: 1mm } :root { --primary: red } url(file:///etc/shadow)",
]

TEXT_FIELDS = [
    ("title",),
    ("region",),
    ("executive_summary", 0),
    ("key_developments", 0, "label"),
    ("key_developments", 1, "text"),
    ("strategic_implications", 0, "title"),
    ("strategic_implications", 2, "points", 1),
    ("assessment", "summary"),
    ("assessment", "judgements", 0, "label"),
    ("assessment", "judgements", 2, "text"),
    ("assessment", "conclusion"),
    ("discover_more", 0, "title"),
    ("discover_more", 1, "teaser"),
    ("authors", 0, "name"),
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_css_and_template_payloads_print_as_typed(
    renderer: Renderer, tmp_path: Path, payload: str
) -> None:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    brief = copy.deepcopy(data)
    for number, path in enumerate(TEXT_FIELDS):
        target: Any = brief
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = f"[{number}] {payload}"
    source = tmp_path / "brief.json"
    source.write_text(json.dumps(brief, ensure_ascii=False), encoding="utf-8")
    result = renderer.render(
        parse_brief(source.read_bytes(), str(source)), load_brand(), tmp_path / "out.pdf"
    )
    reader = PdfReader(result.path)
    text = squash("".join(page.extract_text() for page in reader.pages))
    for number in range(len(TEXT_FIELDS)):
        assert squash(f"[{number}] {payload}") in text, TEXT_FIELDS[number]
    assert reader.metadata.title == f"[0] {payload}"
    assert len(reader.pages) >= 2  # the payload's @page rule did not shrink the page


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*path, index)))
    return found


SAMPLE_DATA = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
SAMPLE_PATHS = _paths(SAMPLE_DATA)[1:]


@st.composite
def mutated_samples(draw: st.DrawFn) -> dict[str, Any]:
    """The sample with a few values replaced by anything: near-misses of a valid brief."""
    data = copy.deepcopy(SAMPLE_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(SAMPLE_PATHS))
        target: Any = data
        try:
            for part in path[:-1]:
                target = target[part]
            target[path[-1]] = draw(strategies.JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue
    return data


@FAST
@given(
    mutated_samples() | strategies.briefs(complete=False) | strategies.JSON_OBJECTS_WITH_BRIEF_KEYS
)
def test_the_fast_check_never_accepts_what_jsonschema_rejects(value: dict[str, Any]) -> None:
    from briefkit.validation.schema import _validator, fast_check

    fast = fast_check("brief")
    assert fast is not None, "jsonschema-rs is a dependency"
    reference_valid = not any(True for _ in _validator("brief").iter_errors(value))
    # Never faster and wrong: a document the fast check accepts has no schema finding. And the
    # two agree the other way too, so valid briefs do take the fast path.
    assert fast(value) == reference_valid


# --- Through the command line: nothing a file holds makes briefkit crash or exit 3 (a bug) ----

_SAMPLE_TEXT = SAMPLE_ANALYSIS.read_text(encoding="utf-8")
_EDITS = [*"{}[]:,\"\\ \n0123456789.-+e@'/*#“”", "NaN", "-Infinity", "true", "null", "//"]
"""Single characters and the few tokens (constants, comments) that reach other code paths."""


@st.composite
def near_json(draw: st.DrawFn) -> bytes:
    """The sample brief with a few random single-character edits: JSON an author half-broke."""
    text = _SAMPLE_TEXT
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text) - 1))
        char = draw(st.sampled_from(_EDITS))
        edit = draw(st.sampled_from(["insert", "delete", "replace"]))
        if edit == "insert":
            text = text[:at] + char + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + char + text[at + len(char) :]
    return text.encode("utf-8")


def assert_a_verdict(result: Result) -> None:
    """The command ended with a verdict on the brief (exit 0 or 1), not with a crash.

    The in-process runner turns an exception that escapes the command into exit code 1, the code
    of a finding; only an exit the command chose itself (``SystemExit``) is a verdict.
    """
    escaped = result.exception
    assert escaped is None or isinstance(escaped, SystemExit), "".join(
        traceback.format_exception(escaped)
    )
    assert result.exit_code in (0, 1), result.output


COMMANDS = st.sampled_from(["validate", "lint", "check"])


@settings(max_examples=150, deadline=None)
@given(near_json(), COMMANDS)
def test_half_broken_json_never_crashes_the_command(raw: bytes, command: str) -> None:
    assert_a_verdict(invoke(command, "-", input=raw))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), COMMANDS)
def test_arbitrary_bytes_never_crash_the_command(raw: bytes, command: str) -> None:
    assert_a_verdict(invoke(command, "-", input=raw))


def test_a_crash_is_not_taken_for_a_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the lint catalogue is broken")

    monkeypatch.setattr("briefkit.rules.lint._rule_findings", broken)
    crashed = invoke("--debug", "lint", "-", input=b"{}")  # --debug lets the bug escape
    assert crashed.exit_code == 1  # what the runner makes of it: the exit code of a finding
    with pytest.raises(AssertionError, match="RuntimeError: the lint catalogue is broken"):
        assert_a_verdict(crashed)


def test_a_constant_followed_by_garbage_is_a_finding_not_a_crash() -> None:
    with pytest.raises(BriefkitError) as caught:
        parse_brief(b'{"a": NaN @}', "x.json")
    located = [(f.code, f.line, f.column) for f in caught.value.findings]
    assert located == [("BK001", 1, 7), ("BK001", 1, 11)]
