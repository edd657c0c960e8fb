"""Commands that start and follow a brief while it is written: new, import, init, preview."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from briefkit.cli.common import (
    EXIT_USAGE,
    BrandOption,
    ConfigOption,
    LayoutDirsOption,
    config_finder,
    error_line,
    fail,
    user_errors,
    with_advice,
)
from briefkit.cli.settings import chosen_brand, say_demo_brand
from briefkit.errors import BriefkitError
from briefkit.files import is_stdout
from briefkit.wording import plural


class Kind(StrEnum):
    """Kinds of brief."""

    analysis = "analysis"
    situation = "situation"


class Marking(StrEnum):
    """TLP 2.0 markings."""

    clear = "TLP:CLEAR"
    green = "TLP:GREEN"
    amber = "TLP:AMBER"
    amber_strict = "TLP:AMBER+STRICT"
    red = "TLP:RED"


KindOption = Annotated[Kind, typer.Option("--kind", help="analysis (full) or situation (flash).")]
TlpOption = Annotated[
    Marking | None,
    typer.Option(
        "--tlp",
        help="Distribution marking. Default: none, and lint reports it missing until you choose.",
    ),
]


def new(
    path: Annotated[Path, typer.Argument(metavar="PATH", help="Where to write the brief (.json).")],
    kind: KindOption = Kind.analysis,
    language: Annotated[
        str, typer.Option("--language", help="BCP 47 language of the brief, e.g. en, fr, pt.")
    ] = "en",
    title: Annotated[
        str | None, typer.Option("--title", help="Headline; the id is made from it.")
    ] = None,
    tlp: TlpOption = None,
) -> None:
    """Write a starter brief: every section of its kind, with TODO placeholders lint reports.

    The brief validates at once; its $schema points at the desk's copy of the schema
    (.briefkit/brief.schema.json, created at the git root if there is none). Never overwrites.

    Examples:

      briefkit new drafts/kenya-flash.json --kind situation --title "Kenya: Port Strike"

      briefkit new notes/sahel.json --language fr
    """
    if is_stdout(path) or path.suffix.lower() != ".json":
        fail(f"{path}: a brief is a .json file; give its path, e.g. drafts/sahel.json", EXIT_USAGE)
    with user_errors():
        from briefkit.authoring.new import new_brief

        config = config_finder(None).for_path(path.parent if path.parent.exists() else Path.cwd())
        result = new_brief(
            path,
            kind=kind.value,
            language=language,
            title=title,
            tlp=tlp.value if tlp else None,
            required_sections=config.lint.required_sections,
        )
        if result.schema_copy is not None:
            typer.echo(f"wrote {result.schema_copy} (the schema editors complete from)", err=True)
        typer.echo(f"wrote {result.path}; fill in every TODO, then: briefkit lint {path}", err=True)


def import_brief(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="SOURCE", help="The brief to import: .txt, .md or .docx.", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Where to write the JSON ('-' for standard output). Default: "
            "next to the source, .json.",
        ),
    ] = None,
    kind: Annotated[
        Kind | None,
        typer.Option(
            "--kind",
            help="analysis or situation. Default: analysis when the source has implications or "
            "an assessment, else situation.",
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option("--language", help="Language of the source. Default: from its headings."),
    ] = None,
    tlp: TlpOption = None,
    brand: Annotated[
        Path | None,
        typer.Option(
            "--brand",
            metavar="PATH",
            help="Brand whose contact block the source may repeat (`demo`: the built-in brand). "
            "Default: `brand` in the configuration.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Turn an existing brief in plain text, Markdown or Word into a JSON brief.

    Headings become sections (English, French and Portuguese headings are known), "Label: text"
    lines labelled items, numbered themes with bullets strategic implications, "For X:" and "Key
    Judgment N." lines judgements, URLs sources, the first date in the opening text the date.
    Nothing is dropped: text that fits nowhere is kept as a TODO paragraph in the executive
    summary and listed with its line. No TLP marking is invented: pass --tlp.

    Examples:

      briefkit import niger-mali.docx -o drafts/niger-mali.json --tlp TLP:CLEAR

      briefkit import notes.md --kind situation -o -
    """
    with user_errors():
        from briefkit.authoring.importing import import_file

        folder = source.parent if str(source) != "-" and source.parent.is_dir() else Path.cwd()
        chosen = chosen_brand(brand, config_finder(None).for_path(folder))
        if chosen is None:
            say_demo_brand()
        result, written = import_file(
            source,
            output,
            kind=kind.value if kind else None,
            language=language,
            tlp=tlp.value if tlp else None,
            brand=chosen,
        )
        for line in result.summary():
            typer.echo(f"  {line}", err=True)
        for placement in result.unplaced:
            excerpt = placement.text if len(placement.text) <= 60 else placement.text[:57] + "..."
            typer.echo(
                f"{source}:{placement.line}:1: warning: not placed, kept as a TODO in "
                f"{placement.target}: {excerpt}",
                err=True,
            )
        if written is None:
            typer.echo(result.to_json(), nl=False)
        else:
            count = len(result.unplaced)
            left = f"; {plural(count, 'passage')} to place by hand" if count else ""
            typer.echo(f"wrote {written}{left}; next: briefkit lint {written}", err=True)


def init(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="[FOLDER]", help="The desk's repository.", show_default="the current folder"
        ),
    ] = Path(),
    repo: Annotated[
        str | None,
        typer.Option(
            "--repo",
            metavar="URL@COMMIT",
            help="briefkit's git repository, pinned, for the pre-commit hook and the CI "
            "workflow. Default: the BRIEFKIT_REPO environment variable.",
        ),
    ] = None,
) -> None:
    """Set up a desk: briefkit.toml, schemas for editors, pre-commit and CI files.

    Writes briefkit.toml (every key with its default, commented out), .briefkit/brief.schema.json
    and brand.schema.json, .vscode/settings.json, .pre-commit-config.yaml (briefkit's own hooks
    pinned when BRIEFKIT_REPO or --repo names its repository as URL@COMMIT, else local hooks
    running the installed briefkit), .gitignore (the result cache, the site's output) and
    .github/workflows/briefs.yml. A file that exists is never changed: run it again to add what
    is missing.

    Examples:

      BRIEFKIT_REPO=https://git.example.org/briefkit.git@3f2c1e0 briefkit init

      briefkit init desk/ && briefkit new desk/briefs/first.json
    """
    with user_errors():
        from briefkit.authoring.ci_files import REPO_VARIABLE
        from briefkit.authoring.init import init_desk, parse_repo

        pinned = repo or os.environ.get(REPO_VARIABLE) or None
        if pinned:
            try:
                parse_repo(pinned, source="--repo" if repo else None)
            except BriefkitError as error:
                fail(error_line(error), EXIT_USAGE)
        for step in init_desk(folder, repo=pinned):
            state = "wrote" if step.written else "kept " if "exists" in step.note else "skip "
            note = f" ({with_advice(step.note, step.hint)})" if step.note else ""
            typer.echo(f"{state} {step.path}{note}", err=True)


def preview(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The brief to preview (JSON).", show_default=False),
    ],
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port on 127.0.0.1 (0: any free one).")
    ] = 8765,
    no_open: Annotated[
        bool, typer.Option("--no-open", help="Do not open the page in a web browser.")
    ] = False,
    brand: BrandOption = None,
    layout_dir: LayoutDirsOption = None,
    config_file: ConfigOption = None,
) -> None:
    """Preview a brief in the browser while you write it; it re-renders on every save.

    The page updates itself when the brief, its brand, the layouts or the configuration change,
    lists lint findings with line:column, keeps the last good render under the error when a save
    breaks the brief, shows the real PDF pages ("Pages") and downloads the PDF. Serves on
    127.0.0.1 only. Ctrl-C stops it.

    Examples:

      briefkit preview drafts/niger-mali.json

      briefkit preview drafts/niger-mali.json --port 9000 --no-open
    """
    with user_errors():
        import threading
        import webbrowser

        from briefkit.preview.server import PreviewServer
        from briefkit.preview.session import PreviewSession

        if not file.is_file():
            fail(f"{file}: no such file")
        chosen = chosen_brand(brand, config_finder(config_file).for_path(file))
        if chosen is None:
            say_demo_brand()
        session = PreviewSession(
            file, brand_path=chosen, layout_dirs=tuple(layout_dir or ()), config_file=config_file
        )
        try:
            server = PreviewServer(session, port)
        except OSError as exc:
            fail(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; choose another --port")
        server.start()
        typer.echo(f"previewing {file} at {server.url} (Ctrl-C to stop)", err=True)
        _report(file, session.refresh())
        if not no_open:
            webbrowser.open(server.url)
        stop = threading.Event()
        try:
            for _ in session.watch(stop):
                _report(file, session.snapshot())
        finally:
            stop.set()
            server.stop()


def _report(file: Path, snapshot: Any) -> None:
    if snapshot.ok:
        typer.echo(f"rendered {file}: {plural(snapshot.pages, 'page')}", err=True)
    else:
        error = str(snapshot.error)
        typer.echo(error if error.startswith(str(file)) else f"{file}: {error}", err=True)
