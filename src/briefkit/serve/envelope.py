"""Around every request of the service: the request id, the token check, one JSON log line
and the request metrics; problems as JSON. Everything else passes through to the routes."""

from __future__ import annotations

import hmac
import json
import logging
import re
import time
import uuid
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response

if TYPE_CHECKING:
    from starlette.applications import Starlette

    from briefkit.serve.app import Service

LOG = logging.getLogger("briefkit.serve")
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
OPEN_ROUTES = ("/health", "/ready", "/metrics")
KNOWN_ROUTES = frozenset(
    {
        "/health",
        "/ready",
        "/metrics",
        "/openapi.json",
        "/v1/render",
        "/v1/lint",
        "/v1/check",
        "/v1/rules",
        "/v1/layouts",
        "/v1/brands",
    }
)


class Envelope:
    """The service as uvicorn sees it: around every request the request id, the token check,
    one JSON log line and the request metrics; everything else passes through to the routes."""

    def __init__(self, app: Starlette, service: Service) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        given = Headers(scope=scope).get("x-request-id", "")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 0
        sent = 0
        route = _route_of(scope.get("path", ""))

        async def send_with_id(message: MutableMapping[str, Any]) -> None:
            nonlocal status, sent
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message = {**message, "headers": headers}
            elif message["type"] == "http.response.body":
                sent += len(message.get("body", b""))
            await send(message)

        try:
            refusal = self._refusal(scope)
            if refusal is not None:
                await problem_response(*refusal, request_id)(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        except Exception:
            # Already answered (500, with the request id) by the routes' bug handler, which
            # logged it; Starlette raises it again for the server's sake: stop it here.
            if status == 0:
                raise
        finally:
            self.service.metrics.requests.labels(route, str(status or 500)).inc()
            LOG.info(
                json.dumps(
                    {
                        "request_id": request_id,
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        "bytes": sent,
                        "ms": round((time.monotonic() - started) * 1000, 1),
                    }
                )
            )

    def _refusal(self, scope: MutableMapping[str, Any]) -> tuple[int, str, dict[str, str]] | None:
        """Why a request is refused before it reaches a route (a missing or wrong token)."""
        settings = self.service.settings
        if not settings.tokens:
            return None
        if settings.open_probes and scope.get("path") in OPEN_ROUTES:
            return None
        scheme, _, token = Headers(scope=scope).get("authorization", "").partition(" ")
        given = token.strip().encode()
        matched = False
        for accepted in settings.tokens:  # every token compared, each in constant time
            matched |= hmac.compare_digest(given, accepted.encode())
        if scheme.lower() == "bearer" and matched:
            return None
        return 401, "a valid bearer token is needed", {"WWW-Authenticate": "Bearer"}


def _route_of(path: str) -> str:
    """The route a path belongs to, for metrics labels (no unbounded label values)."""
    if path.startswith("/v1/rules/"):
        return "/v1/rules/{code}"
    return path if path in KNOWN_ROUTES else "other"


def problem_response(
    status: int, message: str, headers: dict[str, str], request_id: str
) -> Response:
    return JSONResponse(
        {"error": message, "status": status, "request_id": request_id}, status, headers=headers
    )
