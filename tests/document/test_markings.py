"""The TLP markings and the classes that colour them."""

from __future__ import annotations

from briefkit.document.markings import TLP_MARKINGS, tlp_class
from tests.conftest import ROOT


def test_each_marking_has_a_class_that_base_css_colours() -> None:
    css = (ROOT / "layouts" / "base.css").read_text(encoding="utf-8")
    assert [tlp_class(marking) for marking in TLP_MARKINGS] == [
        "tlp-clear",
        "tlp-green",
        "tlp-amber",
        "tlp-amber",
        "tlp-red",
    ]
    for marking in TLP_MARKINGS:
        assert f".{tlp_class(marking)} {{ color:" in css


def test_what_is_not_a_marking_has_no_class() -> None:
    assert tlp_class("TLP:WHITE") == "" and tlp_class("") == "" and tlp_class("tlp:red") == ""
