"""What ships to run the service elsewhere: the Dockerfile, the Kubernetes manifests and the
OpenAPI document, checked by the tools their users would run (no container engine runs here)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from briefkit.serve.openapi import openapi_document
from tests.conftest import ROOT

MANIFESTS = ROOT / "deploy" / "kubernetes"


def _manifests() -> dict[str, dict[str, object]]:
    documents = [yaml.safe_load(path.read_text()) for path in sorted(MANIFESTS.glob("*.yaml"))]
    return {str(document["kind"]): document for document in documents}


def test_the_openapi_document_is_valid_openapi_3_1() -> None:
    document = openapi_document()
    validate(document)  # raises on any error
    assert document["openapi"] == "3.1.0"


def test_the_manifests_validate_against_the_kubernetes_schemas() -> None:
    tool = Path(sys.executable).with_name("kubernetes-validate")
    result = subprocess.run(
        [str(tool), "--strict", *map(str, sorted(MANIFESTS.glob("*.yaml")))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("passed") == 3


def test_the_deployment_probes_ready_and_health_and_the_autoscaler_uses_cpu() -> None:
    manifests = _manifests()
    container = manifests["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health"
    pod = manifests["Deployment"]["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["terminationGracePeriodSeconds"] > 60  # longer than the service's grace period
    metric = manifests["HorizontalPodAutoscaler"]["spec"]["metrics"][0]
    assert metric["resource"]["name"] == "cpu"
    assert manifests["Service"]["spec"]["selector"] == {"app.kubernetes.io/name": "briefkit"}


def test_the_dockerfile_passes_hadolint_and_runs_as_a_user_with_a_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "\nUSER 10001\n" in text
    assert "HEALTHCHECK" in text and "/health" in text
    assert "libharfbuzz-subset0" in text and "libpango-1.0-0" in text
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    result = subprocess.run(
        [hadolint, "--no-color", str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
