"""Safety that no brief can switch off: each test is named after what it protects, and reruns
one case of the red-team probe (issue 24) as written. Whatever a brief suppresses, nothing is
written outside the output folder, no exit 3, no traceback."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import zipfile
from pathlib import Path
from typing import Any, cast

import pytest
from pypdf import PdfReader

from briefkit import BriefkitError, Renderer, lint_brief, load_brand, load_brief
from briefkit.authoring.importing import import_file
from briefkit.authoring.sources import read_blocks
from briefkit.findings import UNSILENCEABLE
from briefkit.publish.manifest import Manifest
from briefkit.publish.outputs import MANIFEST_NAME
from tests.conftest import SAMPLE_ANALYSIS
from tests.helpers import BRIEFKIT, run_briefkit


def sample(**changes: Any) -> dict[str, Any]:
    """The sample analysis with ``changes`` applied (no ``$schema`` or cards: briefs move)."""
    data: dict[str, Any] = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.pop("$schema", None)
    data.pop("discover_more", None)  # its cards name briefs a test desk does not have
    data.update(changes)
    return data


def ignoring(*codes: str) -> dict[str, Any]:
    """An ``x-briefkit`` block that suppresses ``codes``, with a reason each."""
    return {"ignore": [{"code": code, "reason": "probe"} for code in codes]}


def write_brief(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def no_bug(result: Any) -> None:
    """The run ended as a user error or success, never as a bug."""
    assert result.returncode != 3, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


# --- suppressions cannot switch off what rendering relies on -----------------------------------


@pytest.mark.parametrize("code", sorted(UNSILENCEABLE - {"BK191"}))
def test_a_safety_rule_named_in_a_suppression_is_an_error(tmp_path: Path, code: str) -> None:
    brief = load_brief(write_brief(tmp_path / "b.json", sample(**{"x-briefkit": ignoring(code)})))
    findings = lint_brief(brief)
    [refused] = [finding for finding in findings if finding.code == "BK191"]
    assert code in refused.message and refused.pointer == "/x-briefkit/ignore/0"
    assert refused.severity == "error"


def test_a_suppressed_id_format_still_stops_the_render(tmp_path: Path) -> None:
    data = sample(id="../../x", **{"x-briefkit": ignoring("BK015", "BK191")})
    path = write_brief(tmp_path / "b.json", data)
    codes = {finding.code for finding in lint_brief(load_brief(path))}
    assert {"BK015", "BK191"} <= codes
    result = run_briefkit("render", str(path), "-o", str(tmp_path / "out.pdf"))
    no_bug(result)
    assert result.returncode == 1 and "BK015" in result.stdout + result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_a_code_prefix_passes_over_safety_rules(tmp_path: Path) -> None:
    data = sample(countries=5, **{"x-briefkit": ignoring("BK0")})
    brief = load_brief(write_brief(tmp_path / "b.json", data))
    codes = {finding.code for finding in lint_brief(brief)}
    assert "BK011" in codes and "BK191" not in codes


def test_the_configuration_cannot_ignore_a_safety_rule(tmp_path: Path) -> None:
    write_brief(tmp_path / "b.json", sample(kind="memo", countries=5))
    (tmp_path / "briefkit.toml").write_text(
        'ignore = [{code = "BK011", reason = "r"}]\n[severity]\nBK014 = "info"\n', encoding="utf-8"
    )
    result = run_briefkit("check", "b.json", cwd=tmp_path)
    no_bug(result)
    assert result.returncode == 1
    assert "BK011 [error]" in result.stdout and "BK014 [error]" in result.stdout


def test_rules_says_which_rules_cannot_be_suppressed() -> None:
    assert "Cannot be suppressed" in run_briefkit("rules", "BK015").stdout
    assert "Cannot be suppressed" not in run_briefkit("rules", "BK153").stdout


# --- one hostile desk, built once ------------------------------------------------------------

SITE_FILES = {"index.html", "feed.xml", "feed.json", "sitemap.xml", ".briefkit-manifest.json"}


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if not path.is_dir()}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A desk of hostile briefs, each suppressing the rule that would refuse it, next to a good
    one; a site already built there once (a manifest written by someone else, stray pages of a
    brief that is now TLP:RED); then one ``briefkit build``."""
    base = tmp_path_factory.mktemp("hostile")
    desk = base / "desk"
    write_brief(desk / "good.json", sample(id="good-brief-2025"))
    hostile = {
        "traversal": sample(id="../../outside-x"),
        "absolute": sample(id=str(base / "absolute-x")),
        "script-id": sample(id="javascript:alert(document.domain)//"),
        "index": sample(id="index"),
        "types": sample(id="types-x", countries=5, authors=[5], kind=5),
        "passwd": sample(
            id="passwd-x", figures=[{"image": "/etc/passwd", "caption": "c", "alt": "a"}]
        ),
        "zero": sample(id="zero-x", figures=[{"image": "/dev/zero", "caption": "c", "alt": "a"}]),
        "fifo": sample(id="fifo-x", figures=[{"image": "pipe.svg", "caption": "c", "alt": "a"}]),
        "marking": sample(id="marking-x", tlp="TLP:RED "),
        "now-red": sample(id="now-red-x", tlp="TLP:RED"),
        "links": sample(
            id="links-x",
            sources=[{"title": "s", "url": "javascript:alert(1)"}],
            discover_more=[{"title": "t", "teaser": "t", "url": "javascript:alert(2)"}],
        ),
    }
    every = ["BK011", "BK013", "BK014", "BK015", "BK130", "BK140", "BK191"]
    for name, data in hostile.items():
        data["x-briefkit"] = ignoring(*every)
        write_brief(desk / f"{name}.json", data)
    os.mkfifo(desk / "pipe.svg")
    out = desk / "_site"
    out.mkdir()
    victim = base / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    manifest = {
        "format": 1,
        "briefkit": "0",
        "briefs": {
            "gone-x": {"source": "gone.json", "inputs": "", "outputs": ["../../victim.txt"]}
        },
    }
    (out / ".briefkit-manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    for name in ("now-red-x.html", "now-red-x.pdf"):
        (out / name).write_text("restricted", encoding="utf-8")
    before = files_under(base) - files_under(out)
    result = run_briefkit("build", "--brand", "demo", str(desk), timeout=600)
    assert files_under(base) - files_under(out) == before, "nothing written outside the site"
    return out, result


def test_a_build_of_hostile_briefs_is_a_clean_failure(hostile_build: tuple[Path, Any]) -> None:
    out, result = hostile_build
    no_bug(result)
    assert result.returncode == 1
    assert {path.name for path in out.iterdir()} == SITE_FILES | {
        "good-brief-2025.html",
        "good-brief-2025.pdf",
    }


def test_an_id_never_names_a_file_outside_the_site(hostile_build: tuple[Path, Any]) -> None:
    out, _ = hostile_build
    assert not (out.parent.parent / "outside-x.html").exists()
    assert not list(out.parent.parent.glob("absolute-x*"))


def test_a_manifest_cannot_make_a_build_delete_a_file(hostile_build: tuple[Path, Any]) -> None:
    out, _ = hostile_build
    assert (out.parent.parent / "victim.txt").read_text(encoding="utf-8") == "keep me"


def test_a_brief_that_became_restricted_leaves_the_site(hostile_build: tuple[Path, Any]) -> None:
    out, _ = hostile_build
    assert not (out / "now-red-x.html").exists() and not (out / "now-red-x.pdf").exists()


def test_site_pages_carry_a_content_security_policy_and_no_script_links(
    hostile_build: tuple[Path, Any],
) -> None:
    out, _ = hostile_build
    for name in ("index.html", "good-brief-2025.html"):
        page = (out / name).read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy"' in page
        assert "default-src 'none'" in page and "javascript:" not in page
    for name in ("feed.xml", "feed.json", "sitemap.xml"):
        text = (out / name).read_text(encoding="utf-8")
        assert "javascript:" not in text and text.count("index.html") <= 1


# --- at the point of rendering, whatever lint was told ---------------------------------------


def test_a_link_in_any_output_has_an_allowed_scheme(tmp_path: Path, renderer: Renderer) -> None:
    data = sample(
        sources=[{"title": "Annex", "url": "javascript:alert(1)"}],
        discover_more=[{"title": "More", "teaser": "More.", "url": "javascript:alert(2)"}],
    )
    brief = load_brief(write_brief(tmp_path / "b.json", data))
    brand = load_brand()
    renderer.render(brief, brand, tmp_path / "b.html", output_format="html", findings=[])
    page = (tmp_path / "b.html").read_text(encoding="utf-8")
    assert 'href="javascript' not in page and "Content-Security-Policy" in page
    renderer.render(brief, brand, tmp_path / "b.pdf", findings=[])
    links = [
        str(annotation.get_object()["/A"].get("/URI", ""))
        for page in PdfReader(tmp_path / "b.pdf").pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    assert not [link for link in links if link.startswith("javascript")]


@pytest.mark.parametrize("image", ["/etc/passwd", "/proc/self/environ", "../secret.svg"])
def test_html_output_never_inlines_a_file_outside_the_briefs_folder(
    tmp_path: Path, renderer: Renderer, image: str
) -> None:
    (tmp_path / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    figure = {"image": image, "caption": "c", "alt": "a"}
    brief = load_brief(write_brief(tmp_path / "desk" / "b.json", sample(figures=[figure])))
    with pytest.raises(BriefkitError, match="outside the brief's folder"):
        renderer.render(brief, load_brand(), tmp_path / "b.html", output_format="html", findings=[])
    assert not (tmp_path / "b.html").exists()


def test_a_digest_reads_a_misspelled_red_marking_as_red(tmp_path: Path) -> None:
    path = write_brief(
        tmp_path / "b.json", sample(tlp="TLP:RED ", **{"x-briefkit": ignoring("BK014")})
    )
    result = run_briefkit("digest", "--brand", "demo", str(path), "-o", str(tmp_path / "d.pdf"))
    no_bug(result)
    assert result.returncode == 1 and "is TLP:RED" in result.stderr
    assert not (tmp_path / "d.pdf").exists()


# --- outputs to devices and links --------------------------------------------------------------


def test_a_report_to_dev_stderr_goes_to_the_stream(tmp_path: Path) -> None:
    """As in CI: standard error redirected to a file; /dev/stderr stays the link it was."""
    path = write_brief(tmp_path / "b.json", sample())
    before = Path("/dev/stderr").readlink() if Path("/dev/stderr").is_symlink() else None
    log = tmp_path / "log.txt"
    with log.open("wb") as stream:
        done = subprocess.run(
            [*BRIEFKIT, "check", str(path), "--report", "json:/dev/stderr"],
            stdout=subprocess.DEVNULL,
            stderr=stream,
            check=False,
        )
    assert done.returncode == 0
    report, _ = json.JSONDecoder().raw_decode(log.read_text(encoding="utf-8"))
    assert report["findings"] == []
    after = Path("/dev/stderr").readlink() if Path("/dev/stderr").is_symlink() else None
    assert after == before


def test_an_output_through_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    path = write_brief(tmp_path / "b.json", sample())
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / "report.json").symlink_to(victim)
    result = run_briefkit("check", str(path), "--report", f"json:{tmp_path / 'report.json'}")
    no_bug(result)
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_two_reports_to_standard_error_are_a_usage_error(tmp_path: Path) -> None:
    path = write_brief(tmp_path / "b.json", sample())
    result = run_briefkit(
        "check", str(path), "--report", "json:/dev/stderr", "--report", "sarif:/dev/stderr"
    )
    assert result.returncode == 2


# --- import: limits from outside, damaged files ------------------------------------------------


def word_file(path: Path, document_xml: bytes | None = None, extra: int = 0) -> Path:
    """A Word file made by python-docx; its ``word/document.xml`` replaced when given, plus an
    ``extra`` entry of that many zero bytes (compressed to almost nothing)."""
    import docx

    document = docx.Document()
    document.add_paragraph("Tiani visited Bamako.")
    plain = path.with_suffix(".plain.docx")
    document.save(str(plain))
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml" and document_xml is not None:
                data = document_xml
            target.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
        if extra:
            target.writestr("word/media/zeros.bin", bytes(extra), zipfile.ZIP_DEFLATED)
    plain.unlink()
    return path


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">'
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + f"]><w:document {W}><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
)
DAMAGED = {
    "entity-expansion": LAUGHS.encode(),
    "missing-relationship": (
        f'<w:document {W} {R}><w:body><w:p><w:hyperlink r:id="rId99"><w:r><w:t>x</w:t></w:r>'
        "</w:hyperlink></w:p></w:body></w:document>"
    ).encode(),
    "malformed-xml": f"<w:document {W}><w:body><w:p>".encode(),
}


@pytest.mark.parametrize("case", sorted(DAMAGED))
def test_a_damaged_word_file_is_one_located_error(tmp_path: Path, case: str) -> None:
    source = word_file(tmp_path / f"{case}.docx", DAMAGED[case])
    with pytest.raises(BriefkitError, match=rf"{case}\.docx: .*(damaged|not a Word|no text)"):
        import_file(source, tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()


def test_corrupt_compressed_data_in_a_word_file_is_one_error(tmp_path: Path) -> None:
    source = word_file(tmp_path / "corrupt.docx")
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        entry = archive.getinfo("word/document.xml")
    start = entry.header_offset + 30 + len(entry.filename) + len(entry.extra)
    data[start : start + 40] = bytes(40)
    source.write_bytes(bytes(data))
    result = run_briefkit("import", str(source), "-o", str(tmp_path / "out.json"))
    no_bug(result)
    assert result.returncode == 1 and "corrupt.docx" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    source = word_file(tmp_path / "bomb.docx", extra=200 * 1_048_576)
    assert source.stat().st_size < 1_048_576
    result = run_briefkit("import", str(source), "-o", str(tmp_path / "out.json"))
    no_bug(result)
    assert result.returncode == 1 and "inflates to more than" in result.stderr


def test_an_import_is_stopped_at_its_time_limit_from_outside(tmp_path: Path) -> None:
    source = tmp_path / "never-ends.txt"
    os.mkfifo(source)  # a reader blocks on it forever: only a kill from outside stops it
    with pytest.raises(BriefkitError, match="took longer than 1 s"):
        read_blocks(source, seconds=1)


# --- walking: links out of the repository, names that are not one line ------------------------


def test_a_link_out_of_the_repository_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "home" / "token.txt"
    secret.parent.mkdir()
    secret.write_text("ghp_SECRETTOKEN", encoding="utf-8")
    desk = tmp_path / "desk"
    write_brief(desk / "good.json", sample())
    (desk / "linked.json").symlink_to(secret)
    walked = run_briefkit("check", str(desk))
    named = run_briefkit("check", str(desk / "linked.json"))
    for result in (walked, named):
        no_bug(result)
        assert "SECRETTOKEN" not in result.stdout + result.stderr
    assert named.returncode == 1 and "outside the repository" in named.stdout


def test_a_newline_in_a_file_name_cannot_forge_a_workflow_command(tmp_path: Path) -> None:
    name = "x\n::error file=FAKE.json::forged\x1b[2J.json"
    write_brief(tmp_path / name, sample(kind="memo"))
    result = run_briefkit("check", str(tmp_path))
    no_bug(result)
    assert result.returncode == 1
    lines = (result.stdout + result.stderr).splitlines()
    assert not [line for line in lines if line.startswith("::")]
    assert "\x1b" not in result.stdout + result.stderr
    assert "x\\u000a::error" in result.stdout


# --- authoring writes only what validates ------------------------------------------------------


@pytest.mark.parametrize("option", [("--language", "en_GB; rm"), ("--title", "T" * 30_000)])
def test_new_writes_nothing_that_would_not_validate(
    tmp_path: Path, option: tuple[str, str]
) -> None:
    result = run_briefkit("new", str(tmp_path / "desk" / "b.json"), *option)
    no_bug(result)
    assert result.returncode == 1
    assert not (tmp_path / "desk").exists()


def test_brand_init_validates_before_it_writes(tmp_path: Path) -> None:
    result = run_briefkit(
        "brand", "init", str(tmp_path / "acme"), "--name", "A" * 100_000, "--short-name", "ACME"
    )
    no_bug(result)
    assert result.returncode == 1 and "/tmp/briefkit-brand" not in result.stderr
    assert not (tmp_path / "acme").exists()


def test_brand_init_never_writes_through_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "brand.json").symlink_to(tmp_path / "outside.json")  # dangling
    result = run_briefkit("brand", "init", str(folder), "--name", "Acme", "--short-name", "ACME")
    no_bug(result)
    assert result.returncode == 1
    assert not (tmp_path / "outside.json").exists()
    assert sorted(path.name for path in folder.iterdir()) == ["brand.json"]


# --- preview ---------------------------------------------------------------------------------


def test_a_preview_client_that_goes_away_is_not_a_traceback(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    from briefkit.preview.server import PreviewServer

    server = PreviewServer(cast(Any, None), 0)
    try:
        for gone in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset")):
            with caplog.at_level(logging.DEBUG, "briefkit.preview"):
                try:
                    raise gone
                except OSError:
                    server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        assert len([r for r in caplog.records if r.name == "briefkit.preview"]) == 2
        try:
            raise ValueError("a real bug")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a real bug" in capsys.readouterr().err
    finally:
        server.server_close()


# --- fuzz: every rule code suppressed in turn, on hostile variants, in one batch ---------------


def _hostile_variant(number: int, code: str, base: Path) -> dict[str, Any]:
    """The sample with one hostile payload (cycled by ``number``), suppressing ``code``."""
    figure = {"caption": "c", "alt": "a"}
    payloads: list[dict[str, Any]] = [
        {"id": f"../../fuzz-escape-{number}"},
        {"id": str(base / f"fuzz-absolute-{number}")},
        {"id": f"javascript:alert({number})//"},
        {"id": "index"},
        {"sources": [{"title": "s", "url": "javascript:alert(1)"}]},
        {"figures": [{"image": "/etc/passwd", **figure}]},
        {"figures": [{"image": "/dev/zero", **figure}]},
        {"figures": [{"image": "../outside.svg", **figure}]},
        {"countries": 5, "authors": [5]},
        {"kind": 5},
        {"tlp": "TLP:RED "},
        {"discover_more": [{"title": "t", "teaser": "t", "url": "javascript:alert(2)"}]},
        {"executive_summary": ["<script>alert(1)</script> [x](javascript:alert(3))"]},
        {"title": '<img src=x onerror="alert(4)"> {{ 7*7 }}'},
    ]
    data = sample(id=f"fuzz-{number}")
    data.update(payloads[number % len(payloads)])
    data["x-briefkit"] = ignoring(code)
    return data


def test_no_suppression_lets_a_hostile_brief_write_outside_or_crash(tmp_path: Path) -> None:
    from briefkit.rules.catalogue import RULES

    base = tmp_path / "base"
    desk = base / "desk"
    (base / "outside.svg").parent.mkdir(parents=True)
    (base / "outside.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    for number, code in enumerate(RULES):
        write_brief(desk / f"fuzz-{number}.json", _hostile_variant(number, code, base))
    before = files_under(base)
    outs = {name: base / name for name in ("site", "pdf", "html")}
    runs = [
        run_briefkit(
            "build", "--brand", "demo", str(desk), "--out", str(outs["site"]), timeout=900
        ),
        run_briefkit("render", str(desk), "-o", str(outs["pdf"]), timeout=900),
        run_briefkit("render", str(desk), "-o", str(outs["html"]), "--format", "html", timeout=900),
    ]
    for result in runs:
        no_bug(result)
        assert result.returncode == 1, result.stderr  # findings, not a usage error
    written = files_under(base) - before
    assert all(any(path.is_relative_to(out) for out in outs.values()) for path in written)
    allowed = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.(?:html|pdf)")
    for path in written:
        assert allowed.fullmatch(path.name) or path.name in SITE_FILES, path
        if path.suffix == ".html":
            page = path.read_text(encoding="utf-8")
            assert not re.search(r"(?:href|src)\s*=\s*[\"']?\s*javascript:", page, re.IGNORECASE)
            assert "root:x:0:0" not in page and "Content-Security-Policy" in page
    assert (outs["site"] / "index.html").is_file()
    # Variants whose payload lint lets through are rendered, in every output.
    assert list(outs["pdf"].glob("*.pdf")) and list(outs["html"].glob("*.html"))
    assert list(outs["site"].glob("fuzz-*.html"))


def test_build_never_reads_a_device_or_fifo_figure(hostile_build: tuple[Path, Any]) -> None:
    _, result = hostile_build  # it ended: /dev/zero was not read to the end, the FIFO not opened
    for name in ("zero.json", "fifo.json", "passwd.json"):
        assert name in result.stderr


def test_suppressed_type_errors_fail_only_their_brief(hostile_build: tuple[Path, Any]) -> None:
    out, result = hostile_build
    assert "types.json" in result.stderr
    assert (out / "good-brief-2025.html").is_file()


def test_a_brief_cannot_take_the_library_pages_name(hostile_build: tuple[Path, Any]) -> None:
    out, result = hostile_build
    assert "index.json" in result.stderr
    assert (out / "sitemap.xml").read_text(encoding="utf-8").count("index.html") <= 1


def _manifest(briefs: str) -> str:
    return '{"format": 1, "briefkit": "0", "briefs": ' + briefs + "}"


@pytest.mark.parametrize(
    "text",
    [
        _manifest('{"a": {"source": "a.json", "inputs": "", "outputs": ["a\\u0000.html"]}}'),
        _manifest('{"a": {"source": "a.json", "inputs": "", "outputs": ["../x"]}}'),
        _manifest('{"../a": {"source": "a.json", "inputs": "", "outputs": []}}'),
        _manifest('{"a": {"source": 5, "inputs": "", "outputs": [[]]}}'),
        _manifest("[" * 100_000 + "]" * 100_000),
        "\x00\udcff not json",
    ],
)
def test_a_damaged_manifest_means_a_full_rebuild(tmp_path: Path, text: str) -> None:
    (tmp_path / MANIFEST_NAME).write_text(text, encoding="utf-8", errors="surrogateescape")
    assert Manifest.load(tmp_path).briefs == {}


def test_render_to_dev_stderr_writes_the_stream(tmp_path: Path) -> None:
    path = write_brief(tmp_path / "b.json", sample())
    log = tmp_path / "log.txt"
    with log.open("wb") as stream:
        done = subprocess.run(
            [*BRIEFKIT, "render", str(path), "-o", "/dev/stderr", "--format", "html"],
            stdout=subprocess.DEVNULL,
            stderr=stream,
            check=False,
            timeout=300,
        )
    assert done.returncode == 0
    assert b"<!DOCTYPE html>" in log.read_bytes() and Path("/dev/stderr").is_symlink()
