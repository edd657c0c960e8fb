"""What briefkit does not trust, and how it holds: images whose references loop or explode,
layouts that try to run code or read files outside their folder, labels that would hang the
page footer, and limits (standard input, time, dates, nesting) that must stay finite."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from briefkit import BriefkitError, load_brand, load_brief
from briefkit.assets import layouts_dir
from briefkit.document.images import ImageProblem, inspect_image
from briefkit.render.renderer import Renderer
from tests.conftest import SAMPLE_ANALYSIS
from tests.helpers import run_briefkit as run

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{}</svg>'


def inspect_svg(tmp_path: Path, body: str) -> None:
    path = tmp_path / "figure.svg"
    path.write_text(SVG.format(body), encoding="utf-8")
    inspect_image(path, max_bytes=1_000_000, max_pixels=1_000_000)


@pytest.mark.parametrize(
    "body",
    [
        '<clipPath id="c" clip-path="url(#c)"><rect width="5" height="5"/></clipPath>',
        '<mask id="m"><rect width="5" height="5" mask="url(#m)"/></mask>',
        '<marker id="k"><path d="M0 0L1 1" marker-end="url(#k)"/></marker>',
        '<g id="a"><use href="#a"/></g>',
        '<pattern id="p" width="2" height="2"><rect width="1" height="1" fill="url(#p)"/></pattern>'
        '<rect width="10" height="10" fill="url(#p)"/>',
        '<g id="a" style="filter: url(#b)"/><filter id="b"><feImage href="#a"/></filter>',
    ],
    ids=["clip-path", "mask", "marker", "use", "pattern", "filter-and-style"],
)
def test_svg_references_that_loop_are_refused(tmp_path: Path, body: str) -> None:
    with pytest.raises(ImageProblem, match=r"references loop"):
        inspect_svg(tmp_path, body)


@pytest.mark.parametrize(
    "body",
    [
        '<rect width="1" height="1" fill="\\75 rl(https://evil.example/p.svg#g)"/>',
        '<rect width="1" height="1" style="fill: u\\72l(file:///etc/passwd)"/>',
        "<style>/* */@\\69mport 'https://evil.example/x.css';</style>",
        '<style>@font-face { font-family: x; src: "https://evil.example/f.woff" }</style>',
        '<image href="data:image/svg+xml,'
        "%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='file:///etc/passwd'/%3E"
        '%3C/svg%3E" width="1" height="1"/>',
    ],
    ids=["escaped-url-attribute", "escaped-url-style", "escaped-import", "font-face", "data-svg"],
)
def test_svg_references_outside_are_refused_however_written(tmp_path: Path, body: str) -> None:
    with pytest.raises(ImageProblem, match=r"self-contained"):
        inspect_svg(tmp_path, body)


def test_svg_references_within_the_bound_are_accepted(tmp_path: Path) -> None:
    uses = "".join('<use href="#dot"/>' for _ in range(10))
    inspect_svg(
        tmp_path,
        '<defs><circle id="dot" r="1"/><linearGradient id="g"/></defs>'
        f'<g id="row">{uses}</g><use href="#row"/><rect fill="url(#g)" width="1" height="1"/>',
    )


def test_a_looping_figure_link_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.pop("$schema")
    data["figures"] = [{"image": "loop.svg", "caption": "A map", "alt": "A map"}]
    (tmp_path / "brief.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "loop.svg").symlink_to("loop.svg")
    result = run("lint", str(tmp_path / "brief.json"))
    assert result.returncode == 1, result.stderr
    assert (
        "BK140 [error] figures[0].image: 'loop.svg' is a symbolic link that loops" in result.stdout
    )


def house_layouts(tmp_path: Path) -> Path:
    """A copy of the built-in analysis layout in a folder of its own."""
    folder = tmp_path / "house"
    shutil.copytree(layouts_dir() / "analysis", folder / "analysis")
    return folder


def test_a_layout_cannot_run_code(tmp_path: Path) -> None:
    folder = house_layouts(tmp_path)
    template = folder / "analysis" / "template.html"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text.replace(
            '<header class="cover">',
            '<header class="cover">{{ cycler.__init__.__globals__.os.popen("id").read() }}',
        ),
        encoding="utf-8",
    )
    renderer = Renderer(layout_dirs=(folder,))
    with pytest.raises(BriefkitError, match=r"layout 'analysis' tried something") as caught:
        renderer.render(load_brief(SAMPLE_ANALYSIS), load_brand(), tmp_path / "out.pdf")
    assert "\n" not in caught.value.message
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize("name", ["style.css", "template.html"])
def test_layout_files_must_stay_inside_their_folder(tmp_path: Path, name: str) -> None:
    folder = house_layouts(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(folder / "analysis" / name, outside / name)
    (folder / "analysis" / name).unlink()
    (folder / "analysis" / name).symlink_to(outside / name)
    renderer = Renderer(layout_dirs=(folder,))
    with pytest.raises(BriefkitError, match=r"leads outside its layout folder"):
        renderer.render(
            load_brief(SAMPLE_ANALYSIS), load_brand(), tmp_path / "out.html", output_format="html"
        )
    assert not (tmp_path / "out.html").exists()


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (
            '{"en": {"page": "Page {page of"}}',
            r'en\.page: "Page \{page of" is not a valid page label',
        ),
        ('{"fr": {"page": "Page {page}"}}', r"top level: missing required property 'en'"),
        ('{"en": {"page": ', r"cannot read the layout's labels"),
        ('{"en": {"page": "Page {page}", "sources": 3}}', r"en\.sources: expected a string"),
    ],
    ids=["unclosed-brace", "no-english", "malformed", "not-text"],
)
def test_layout_labels_are_checked(tmp_path: Path, labels: str, message: str) -> None:
    folder = house_layouts(tmp_path)
    (folder / "labels.json").write_text(labels, encoding="utf-8")
    renderer = Renderer(layout_dirs=(folder,))
    with pytest.raises(BriefkitError, match=message) as caught:
        renderer.render(load_brief(SAMPLE_ANALYSIS), load_brand(), tmp_path / "out.pdf")
    assert "labels.json" in caught.value.message
    assert "\n" not in caught.value.message


@pytest.mark.parametrize("command", ["validate", "lint", "check"])
def test_standard_input_is_read_within_the_size_limit(command: str, tmp_path: Path) -> None:
    with Path("/dev/zero").open("rb") as zeros:
        result = run(command, "-", stdin=zeros.fileno(), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "BK005 [error] the file is larger than 1,048,576 bytes" in result.stdout


def test_a_source_date_epoch_out_of_range_is_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "99999999999999999999"}
    result = run("render", str(SAMPLE_ANALYSIS), "-o", str(tmp_path / "out.pdf"), env=env)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        f"briefkit: error: {SAMPLE_ANALYSIS}: SOURCE_DATE_EPOCH must be whole seconds since "
        "1970, at most 253402300799 (the end of year 9999), not '99999999999999999999'"
    )


@pytest.mark.parametrize("value", ["inf", "nan", "1e300", "0", "-1"])
def test_a_render_time_limit_in_the_configuration_must_be_finite(
    tmp_path: Path, value: str
) -> None:
    (tmp_path / "briefkit.toml").write_text(
        f"[limits]\nrender-seconds = {value}\n", encoding="utf-8"
    )
    shutil.copy(SAMPLE_ANALYSIS, tmp_path / "brief.json")
    result = run("render", "brief.json", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "limits.render-seconds" in result.stderr
    assert not (tmp_path / "brief.pdf").exists()


def test_deep_nesting_within_max_depth_is_reported_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "briefkit.toml").write_text("[limits]\nmax-depth = 500\n", encoding="utf-8")
    data = json.loads(SAMPLE_ANALYSIS.read_text(encoding="utf-8"))
    data.pop("$schema")
    text = json.dumps({**data, "executive_summary": None})
    text = text.replace(
        '"executive_summary": null', '"executive_summary": ' + "[" * 400 + "]" * 400
    )
    (tmp_path / "brief.json").write_text(text, encoding="utf-8")
    for command in ("lint", "check", "render"):
        result = run(command, "brief.json", cwd=tmp_path)
        assert result.returncode == 1, (command, result.stderr)
        assert "BK101 [error] the Executive Summary section is empty" in result.stdout


def test_render_limits_are_configuration_keys() -> None:
    from briefkit.desk.config import ConfigError, parse_config

    table = {"limits": {"render-memory-mb": 3000, "max-png-pixels": 5_000_000}}
    limits = parse_config(table, None, Path()).render.limits
    assert (limits.render_memory_mb, limits.max_png_pixels) == (3000, 5_000_000)
    with pytest.raises(ConfigError, match=r"limits\.render-memory-mb: 100 is less than"):
        parse_config({"limits": {"render-memory-mb": 100}}, None, Path())


def test_a_layout_that_fails_at_render_time_is_the_layouts_error(tmp_path: Path) -> None:
    """A macro called wrongly raises TypeError inside Jinja: one line naming the layout, exit 1,
    not "internal error" (exit 3)."""
    folder = house_layouts(tmp_path)
    parts = (layouts_dir() / "parts.html").read_text(encoding="utf-8")
    (folder / "parts.html").write_text(parts.replace("{{ caller() }}", '{{ "" }}'), "utf-8")
    output = tmp_path / "out.pdf"
    result = run("render", str(SAMPLE_ANALYSIS), "--layout-dir", str(folder), "-o", str(output))
    assert result.returncode == 1, result.stderr
    assert "layout 'analysis': TypeError: macro 'running'" in result.stderr
    assert "internal error" not in result.stderr and not output.exists()


def test_a_layout_folder_without_its_stylesheet_is_a_layout_error(tmp_path: Path) -> None:
    folder = house_layouts(tmp_path)
    (folder / "analysis" / "style.css").unlink()
    output = tmp_path / "out.pdf"
    result = run("render", str(SAMPLE_ANALYSIS), "--layout-dir", str(folder), "-o", str(output))
    assert result.returncode == 1, result.stderr
    assert "layout 'analysis' has no style.css" in result.stderr and not output.exists()
