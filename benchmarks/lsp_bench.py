"""How long after a change the editor sees diagnostics for the sample brief, from the client.

    .venv/bin/python benchmarks/lsp_bench.py [--runs N]

Starts ``briefkit lsp`` as an editor would (pygls's LSP client over stdio), in a desk holding
the three English samples and an empty ``briefkit.toml``, opens the sample analysis, then sends
``--runs`` full-text changes (the summary's first word alternating, a BK014 planted in half of
them) and times each from sending the change to receiving the diagnostics published for that
version. Target: a median under 150 ms, excluding the server's debounce (30 ms, at most 50 ms
allowed); both figures are printed. Nothing here is asserted in the tests.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from briefkit.lsp.server import DEBOUNCE_SECONDS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("niger-mali-aes.json", "tanzania-election.json", "tanzania-security-update.json")


async def measure(folder: Path, runs: int) -> list[float]:
    client = LanguageClient("lsp-bench", "1")
    published: asyncio.Queue[types.PublishDiagnosticsParams] = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_published(params: types.PublishDiagnosticsParams) -> None:
        published.put_nowait(params)

    async def diagnostics_for(version: int) -> types.PublishDiagnosticsParams:
        while True:
            params = await published.get()
            if params.version == version:
                return params

    await client.start_io(sys.executable, "-m", "briefkit", "lsp", cwd=str(folder))
    root = from_fs_path(str(folder))
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=root)
    )
    client.initialized(types.InitializedParams())
    brief = folder / SAMPLES[0]
    uri = from_fs_path(str(brief)) or ""
    text = brief.read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="json", version=0, text=text)
        )
    )
    await diagnostics_for(0)
    timings: list[float] = []
    for version in range(1, runs + 1):
        changed = text.replace("On October 2", "On 2 October" if version % 2 else "On October 2")
        if version % 4 < 2:
            changed = changed.replace('"TLP:CLEAR"', '"TLP:WHITE"')
        start = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text=changed)],
            )
        )
        await diagnostics_for(version)
        timings.append(time.perf_counter() - start)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=31)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "briefkit.toml").write_text("", encoding="utf-8")
        for name in SAMPLES:
            shutil.copy(ROOT / "samples" / name, folder / name)
        timings = asyncio.run(measure(folder, runs))
    median = statistics.median(timings)
    print(f"changes: {len(timings)}")
    print(f"change to diagnostics, median: {median * 1000:.0f} ms (debounce included)")
    print(
        f"change to diagnostics, median: {(median - DEBOUNCE_SECONDS) * 1000:.0f} ms "
        f"(excluding the {DEBOUNCE_SECONDS * 1000:.0f} ms debounce; target under 150 ms)"
    )
    print(f"slowest: {max(timings) * 1000:.0f} ms, fastest: {min(timings) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
