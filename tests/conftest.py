"""Shared fixtures: the repository's samples, the seed brief, and a strict watch on WeasyPrint."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefkit import Renderer

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
CASES = TESTS / "cases"
"""Data-driven cases: ``valid/``, ``invalid/<case>/``, ``hostile/<case>/``, ``locales/``."""
DATA = TESTS / "data"
SAMPLES = ROOT / "samples"
SEED = DATA / "seed-niger-mali.txt"
"""The firm's original brief, teasers and contact text, as received (the source of the samples)."""
SAMPLE_ANALYSIS = SAMPLES / "niger-mali-aes.json"
SAMPLE_BRIEFS = tuple(sorted(SAMPLES.glob("*.json")))
"""Every brief in ``samples/``. Tests that copy them derive their counts from this tuple, so
adding a sample changes no expected number."""


def squash(text: str) -> str:
    """Text with whitespace and hyphens removed, so that line breaks and hyphenation in a PDF do
    not hide the words a reader sees."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text)


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    """The library's renderer with its defaults, on the process's shared render worker."""
    return Renderer()


@pytest.fixture(autouse=True)
def no_weasyprint_warnings() -> Iterator[None]:
    """Any warning WeasyPrint logs during a test fails that test."""
    records: list[logging.LogRecord] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collector(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    assert not records, [record.getMessage() for record in records]
