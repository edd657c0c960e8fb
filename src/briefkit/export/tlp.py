"""The TLP 2.0 marking definitions of STIX 2.1, copied exactly as OASIS publishes them.

OASIS CTI TC, cti-stix-common-objects, ``objects/marking-definition/`` (TLP 2.0 extension
``extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d``). Platforms (OpenCTI, MISP)
recognise a marking by these fixed ids, so a brief's marking travels with it. Nothing here may be
changed: a changed copy is a different marking to every platform.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

TLP_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
"""The STIX extension that defines TLP 2.0 markings."""

_IDS = {
    "TLP:CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "TLP:GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "TLP:AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "TLP:AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "TLP:RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}


def _definition(marking: str) -> dict[str, Any]:
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": _IDS[marking],
        "created": "2022-10-01T00:00:00.000Z",
        "name": marking,
        "extensions": {
            TLP_EXTENSION: {
                "extension_type": "property-extension",
                "tlp_2_0": marking.removeprefix("TLP:").lower(),
            }
        },
    }


MARKING_DEFINITIONS = MappingProxyType({marking: _definition(marking) for marking in _IDS})
"""The marking-definition object of each TLP 2.0 marking, by the marking's name."""
