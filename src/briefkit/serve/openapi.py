"""The service's OpenAPI 3.1 description (``GET /openapi.json``), written out once here."""

from __future__ import annotations

from typing import Any

from briefkit.version import __version__
from briefkit.vocabulary import (
    DEFAULT_DPI,
    DPI_RANGE,
    OUTPUT_FORMATS,
    PAPER_SIZES,
    PDF_STANDARDS,
)

JSON = "application/json"
_PROBLEM = {"$ref": "#/components/schemas/Problem"}
_REPORT = {"$ref": "#/components/schemas/Report"}
_BRIEF = {"$ref": "#/components/schemas/Brief"}
_STRING = {"type": "string"}
_OBJECTS = {"type": "array", "items": {"type": "object"}}


def _answer(description: str, schema: Any = None, kind: str = JSON) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description}
    if schema is not None:
        answer["content"] = {kind: {"schema": schema}}
    return answer


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _get(summary: str, responses: dict[str, Any], *, open_route: bool = False) -> dict[str, Any]:
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if open_route:
        operation["security"] = []
    return {"get": operation}


_ERRORS = {
    "400": _answer("Not JSON, not an object, or an unknown option value.", _PROBLEM),
    "401": _answer("A bearer token is configured and the request has no valid one.", _PROBLEM),
    "413": _answer("The body is larger than the service's limit.", _PROBLEM),
    "415": _answer("The body is not application/json.", _PROBLEM),
    "500": _answer("A bug in briefkit; the body names the request id.", _PROBLEM),
}

RENDER_DESCRIPTION = (
    "Lints the brief, then renders it on a warm worker. The request's deadline includes its "
    "time in the queue; the render's own time limit is the service's (a request may lower it) "
    "and is cut to what is left of the deadline. Figures travel inside the brief: each "
    "figure's `image` is a data:image/png, data:image/jpeg or data:image/svg+xml URI in base64 "
    "(`data:image/png;base64,iVBORw0...`), checked as lint checks a figure file (size, type "
    "judged by content, SVG safety, pixels). A path names nothing on the service: BK140."
)
LINT_DESCRIPTION = (
    "Findings in briefkit's JSON report format (schema/report.schema.json), whatever they "
    "are (broken JSON is a BK001 finding). The brief is named request/0."
)
CHECK_DESCRIPTION = (
    "A JSON array of briefs, named request/0, request/1...; the rules across briefs (duplicate "
    "ids, links) included."
)


def _render_parameters() -> list[dict[str, Any]]:
    formats = {"type": "string", "enum": list(OUTPUT_FORMATS), "default": "pdf"}
    low, high = DPI_RANGE
    dpi = {"type": "integer", "minimum": low, "maximum": high, "default": DEFAULT_DPI}
    return [
        _query("format", "pdf, html (self-contained) or png (a zip of its pages).", formats),
        _query("paper", "Paper size.", {"type": "string", "enum": list(PAPER_SIZES)}),
        _query("standard", "PDF standard.", {"type": "string", "enum": list(PDF_STANDARDS)}),
        _query("layout", "A layout name (GET /v1/layouts).", _STRING),
        _query("brand", "A brand configured on the service (GET /v1/brands).", _STRING),
        _query("language", "Language of the words briefkit adds (a tag: fr).", _STRING),
        _query("dpi", f"Resolution of PNG pages ({low} to {high}).", dpi),
        _query("timeout", "A lower render time limit, in seconds.", {"type": "number"}),
        _query("memory_mb", "A lower render memory limit, in MiB.", {"type": "integer"}),
        _query("deadline", "A shorter deadline for the request, in seconds.", {"type": "number"}),
    ]


def _documents() -> dict[str, Any]:
    return {
        "application/pdf": {"schema": {"type": "string", "contentMediaType": "application/pdf"}},
        "text/html": {"schema": _STRING},
        "application/zip": {"schema": {"type": "string", "contentMediaType": "application/zip"}},
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route."""
    brief_body = {"required": True, "content": {JSON: {"schema": _BRIEF}}}
    briefs_body = {
        "required": True,
        "content": {JSON: {"schema": {"type": "array", "items": _BRIEF}}},
    }
    render_answers = {
        "200": {
            "description": "The document; Content-Disposition names it after the brief's id.",
            "content": _documents(),
        },
        **_ERRORS,
        "422": _answer("The brief has errors, or the render passed a limit.", _REPORT),
        "429": _answer("Every worker is busy and the queue is full (Retry-After).", _PROBLEM),
        "503": _answer("Starting, draining, or the deadline ran out (Retry-After).", _PROBLEM),
    }
    code = {"name": "code", "in": "path", "required": True, "schema": _STRING}
    paths: dict[str, Any] = {
        "/v1/render": {
            "post": {
                "summary": "Render a brief",
                "description": RENDER_DESCRIPTION,
                "parameters": _render_parameters(),
                "requestBody": brief_body,
                "responses": render_answers,
            }
        },
        "/v1/lint": {
            "post": {
                "summary": "Lint one brief",
                "description": LINT_DESCRIPTION,
                "requestBody": brief_body,
                "responses": {"200": _answer("The findings.", _REPORT), **_ERRORS},
            }
        },
        "/v1/check": {
            "post": {
                "summary": "Check several briefs together",
                "description": CHECK_DESCRIPTION,
                "requestBody": briefs_body,
                "responses": {"200": _answer("The findings.", _REPORT), **_ERRORS},
            }
        },
        "/v1/rules": _get("Every rule", {"200": _answer("The rules.", _OBJECTS)}),
        "/v1/rules/{code}": {
            "get": {
                "summary": "One rule, with its explanation and examples",
                "parameters": [code],
                "responses": {
                    "200": _answer("The rule.", {"type": "object"}),
                    "404": _answer("No such rule.", _PROBLEM),
                },
            }
        },
        "/v1/layouts": _get(
            "Layouts a request may name",
            {"200": _answer("Layout names.", {"type": "array", "items": _STRING})},
        ),
        "/v1/brands": _get("Brands a request may name", {"200": _answer("Brands.", _OBJECTS)}),
        "/health": _get("The process is up", {"200": _answer("Up.")}, open_route=True),
        "/ready": _get(
            "A warm worker can take a render",
            {"200": _answer("Ready."), "503": _answer("Starting or draining.")},
            open_route=True,
        ),
        "/metrics": _get(
            "Prometheus metrics",
            {"200": _answer("Prometheus's text format.", _STRING, "text/plain")},
            open_route=True,
        ),
    }
    problem = {
        "type": "object",
        "required": ["error", "status", "request_id"],
        "properties": {
            "error": _STRING,
            "status": {"type": "integer"},
            "request_id": _STRING,
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "briefkit render and lint service", "version": __version__},
        "paths": paths,
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Brief": {
                    "type": "object",
                    "description": "A brief (brief.schema.json); figures inline as base64 "
                    "data:image/png, data:image/jpeg or data:image/svg+xml URIs.",
                },
                "Report": {
                    "type": "object",
                    "description": "The JSON report (report.schema.json).",
                    "required": ["findings"],
                },
                "Problem": problem,
            },
        },
    }
