"""Measure the edition rules and the STIX export on a large desk, in this process.

    .venv/bin/python benchmarks/editions_bench.py [--briefs N] [--runs N]

Prints the median time of:
- the three edition rules (BK210-BK212) over N sample-sized briefs and an edition of each (one
  edition in ten stale), as ``briefkit check`` runs them after linting: the rules across briefs
  only, briefs already parsed;
- ``stix_bundle`` and its bytes for the N sources.

Nothing here is asserted in the tests.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from briefkit.document.brief import Brief, parse_brief
from briefkit.document.editions import section_hashes
from briefkit.export.stix import Publisher, stix_bundle, stix_bytes
from briefkit.rules.editions import RULES

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "niger-mali-aes.json"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def desk(count: int) -> tuple[list[Brief], list[Brief]]:
    """``count`` sources and an edition of each, parsed."""
    base = json.loads(SAMPLE.read_text(encoding="utf-8"))
    sources, editions = [], []
    for number in range(count):
        source = copy.deepcopy(base)
        source.update(id=f"brief-{number}", title=f"Brief {number}")
        edition = copy.deepcopy(source)
        edition.update(id=f"brief-{number}-fr", language="fr", edition_of=f"brief-{number}")
        edition["x-briefkit"] = {"edition": {"source_hashes": section_hashes(source)}}
        if number % 10 == 0:
            source["executive_summary"] = ["A corrected summary."]
        for folder, data in (("en", source), ("fr", edition)):
            name = f"{folder}/{data['id']}.json"
            parsed = parse_brief(json.dumps(data, ensure_ascii=False).encode(), name)
            (sources if folder == "en" else editions).append(parsed)
    return sources, editions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=1000, help="sources (and as many editions)")
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (median)")
    args = parser.parse_args()
    sources, editions = desk(args.briefs)
    everything = [*sources, *editions]

    def rules() -> int:
        found = 0
        for rule in RULES:
            assert rule.check_collection is not None
            found += sum(1 for _ in rule.check_collection(everything))
        return found

    findings = rules()
    rule_seconds = median_seconds(rules, args.runs)
    publisher = Publisher("Bench Analysis", brief_url="https://example.org/briefs/{id}")
    stix_seconds = median_seconds(lambda: stix_bytes(stix_bundle(sources, publisher)), args.runs)
    print(
        f"edition rules, {args.briefs} briefs + {args.briefs} editions: {rule_seconds:.3f} s "
        f"({findings} findings)"
    )
    print(f"export stix, {args.briefs} briefs: {stix_seconds:.3f} s")


if __name__ == "__main__":
    main()
