"""The Traffic Light Protocol (TLP 2.0) markings a brief may carry: the one list of them.

The brief schema's ``tlp`` enum, the CLI's ``--tlp`` choices and the layouts' marking classes are
checked against :data:`TLP_MARKINGS` by the tests.
"""

from __future__ import annotations

TLP_MARKINGS = ("TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED")
"""The markings, least to most restrictive."""


def tlp_class(marking: str) -> str:
    """The CSS class that colours ``marking`` (``tlp-amber`` for TLP:AMBER+STRICT too), or ``""``
    for anything that is not a TLP marking."""
    if marking not in TLP_MARKINGS:
        return ""
    return "tlp-" + marking.removeprefix("TLP:").split("+")[0].lower()
