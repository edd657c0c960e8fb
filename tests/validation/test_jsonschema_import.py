"""A brief with a schema error is worded by jsonschema, imported without the format packages no
briefkit schema uses (rfc3987-syntax alone takes about a second to import)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLES


@pytest.mark.skipif(
    subprocess.run([sys.executable, "-c", "import rfc3987_syntax"], check=False).returncode,
    reason="rfc3987-syntax is not installed: nothing to keep out",
)
def test_a_schema_error_loads_no_unused_format_package() -> None:
    brief = json.loads((SAMPLES / "niger-mali-aes.json").read_text(encoding="utf-8"))
    brief["tlp"] = "TLP:WHITE"  # refused by the schema: jsonschema words the finding
    code = (
        "import json, sys\n"
        "from briefkit.document.brief import parse_brief\n"
        "from briefkit.validation.schema import validate_brief\n"
        "brief = parse_brief(sys.stdin.buffer.read(), 'brief.json')\n"
        "print([finding.code for finding in validate_brief(brief)])\n"
        "print(sorted({'rfc3987_syntax', 'isoduration'} & set(sys.modules)))\n"
        "import rfc3987_syntax\n"  # and the package can still be imported afterwards
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(brief).encode(),
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    assert result.stdout.decode().splitlines() == ["['BK014']", "[]"]
