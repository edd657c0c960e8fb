"""The ASGI application of ``briefkit serve`` (Starlette): routes, status codes, tokens, ids.

Every response carries ``X-Request-ID`` (the client's, when it is a sane one, else a new one),
and every request is one JSON log line. Findings come back in the CLI's JSON report format. A
bug answers 500 with the request id only; its traceback goes to the log.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from briefkit.check.reporters import ReportOptions, report_json
from briefkit.errors import BriefkitError, Hint, RenderLimitError
from briefkit.findings import Finding
from briefkit.render.brand import Brand
from briefkit.render.pool import RenderBug
from briefkit.serve.envelope import LOG, Envelope, problem_response
from briefkit.serve.metrics import Metrics
from briefkit.serve.openapi import openapi_document
from briefkit.serve.settings import ServeSettings
from briefkit.serve.work import (
    CONTENT_TYPES,
    SUFFIXES,
    DeadlineExceeded,
    QueueFull,
    RenderRequest,
    RenderSlots,
    check_request,
    document,
    file_stem,
    limit_finding,
    lint_request,
    lowered_limits,
    parse_request_brief,
    render_in,
)
from briefkit.vocabulary import (
    DEFAULT_DPI,
    DPI_RANGE,
    OUTPUT_FORMATS,
    PAPER_SIZES,
    PDF_STANDARDS,
)

RETRY_AFTER = "5"
WARM_UP = Path(__file__).with_name("warm-up.brief")
"""The brief each worker renders once before the service says it is ready (the sample)."""


class HTTPProblem(Exception):
    """A request that cannot be served: its status and what to tell the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class Service:
    """The state of one running service: settings, render slots, metrics, draining."""

    def __init__(self, settings: ServeSettings) -> None:
        from briefkit.render.brand import load_brand

        self.settings = settings
        # Read once, at start: a broken brand stops the start, not the first request.
        self.brands: dict[str, Brand] = {
            name: load_brand(path) for name, path in settings.brands.items()
        }
        self.slots = RenderSlots(settings)
        self.metrics = Metrics(self.slots)
        self.warm = False
        self.draining = False

    async def warm_up(self) -> None:
        """Start every worker and render the sample once on each, so ``/ready`` means ready."""
        from briefkit.document.brief import load_brief

        sample = load_brief(WARM_UP)
        brand = self.brands[self.settings.default_brand() or next(iter(self.brands))]

        def warm(pool: Any) -> None:
            from briefkit.render.renderer import Renderer

            Renderer(pool=pool, limits=self.settings.limits).render_bytes(sample, brand)

        try:
            await asyncio.gather(*(asyncio.to_thread(warm, pool) for pool in self.slots.pools))
        except BriefkitError as error:
            LOG.error(json.dumps({"event": "warm-up failed", "error": error.message}))
            return
        self.warm = True

    def ready(self) -> bool:
        return self.warm and not self.draining and self.slots.live()


async def _body(request: Request, settings: ServeSettings) -> bytes:
    """The request's body, refused past the size limit (413) or with the wrong type (415)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPProblem(415, "send the brief as application/json")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > settings.max_body_bytes:
        raise HTTPProblem(413, f"the body is larger than {settings.max_body_bytes:,} bytes")
    chunks = bytearray()
    async for chunk in request.stream():
        chunks += chunk
        if len(chunks) > settings.max_body_bytes:
            raise HTTPProblem(413, f"the body is larger than {settings.max_body_bytes:,} bytes")
    return bytes(chunks)


def _findings_response(
    findings: Sequence[Finding], names: Sequence[str], status: int = 200
) -> Response:
    body = report_json(findings, ReportOptions(files=names))
    return Response(body, status, media_type="application/json")


def _one(value: str | None, choices: Sequence[str], name: str) -> str | None:
    if value is not None and value not in choices:
        raise HTTPProblem(400, f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def _number(value: str | None, name: str, kind: type[int] | type[float]) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise HTTPProblem(400, f"{name} must be a number, not {value!r}") from None


def make_app(settings: ServeSettings) -> Envelope:
    """The application for ``settings``."""
    service = Service(settings)

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok\n")

    async def ready(request: Request) -> Response:
        if service.ready():
            return PlainTextResponse("ready\n")
        reason = "draining" if service.draining else "starting"
        return PlainTextResponse(f"{reason}\n", 503, headers={"Retry-After": RETRY_AFTER})

    async def metrics(request: Request) -> Response:
        body, content_type = service.metrics.exposition()
        return Response(body, media_type=content_type)

    async def openapi(request: Request) -> Response:
        return JSONResponse(openapi_document())

    async def lint(request: Request) -> Response:
        raw = await _body(request, settings)
        findings, names = await asyncio.to_thread(lint_request, raw, settings.config)
        return _findings_response(findings, names)

    async def check(request: Request) -> Response:
        raw = await _body(request, settings)
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            raise HTTPProblem(400, "the body is not JSON; send an array of briefs") from None
        if not isinstance(value, list):
            raise HTTPProblem(400, "send the briefs as a JSON array")
        raws = [json.dumps(item, ensure_ascii=False, indent=2).encode() for item in value]
        findings, names = await asyncio.to_thread(check_request, raws, settings.config)
        return _findings_response(findings, names)

    async def render(request: Request) -> Response:
        started = time.monotonic()
        query = request.query_params
        seconds = _number(query.get("deadline"), "deadline", float)
        if seconds is not None and not 0 < seconds <= settings.request_seconds:
            raise HTTPProblem(
                400, f"deadline must be above 0 and at most {settings.request_seconds:g} s"
            )
        deadline = started + (seconds or settings.request_seconds)
        output_format = _one(query.get("format", "pdf"), tuple(OUTPUT_FORMATS), "format")
        paper = (
            _one(query.get("paper"), tuple(PAPER_SIZES), "paper") or settings.config.render.paper
        )
        standard = _one(query.get("standard"), tuple(PDF_STANDARDS), "standard")
        standard = standard or settings.config.render.standard
        brand_name = query.get("brand") or settings.default_brand()
        if brand_name is None:
            names = ", ".join(sorted(settings.brands))
            raise HTTPProblem(400, f"name a brand: brand is one of {names}")
        if brand_name not in settings.brands:
            raise HTTPProblem(400, f"unknown brand {brand_name!r}; see GET /v1/brands")
        layout = query.get("layout") or settings.config.render.layout
        if layout is not None:
            from briefkit.render.html import available_layouts

            if layout not in available_layouts(settings.layout_dirs):
                raise HTTPProblem(400, f"unknown layout {layout!r}; see GET /v1/layouts")
        try:
            limits = lowered_limits(
                settings.limits,
                _number(query.get("timeout"), "timeout", float),
                _number(query.get("memory_mb"), "memory_mb", int),
            )
        except BriefkitError as error:
            raise HTTPProblem(400, error.message) from None
        dpi = _number(query.get("dpi"), "dpi", int)
        dpi = DEFAULT_DPI if dpi is None else dpi  # not `or`: dpi=0 is refused, not defaulted
        low, high = DPI_RANGE
        if not low <= dpi <= high:
            raise HTTPProblem(400, f"dpi must be between {low} and {high}, not {dpi}")
        raw = await _body(request, settings)
        try:
            brief = parse_request_brief(raw, 0, settings.config)
        except BriefkitError as error:
            raise HTTPProblem(400, error.message) from None
        language = query.get("language")
        if language is not None:
            brief = _with_language(brief, language)
        assert output_format is not None
        job = RenderRequest(
            brief,
            service.brands[brand_name],
            output_format,
            paper or "a4",
            standard,
            layout,
            limits,
            dpi,
        )
        name = brief.path
        render_started = time.monotonic()
        try:
            result = await service.slots.run(
                lambda pool, left: render_in(pool, job, settings, left), deadline
            )
        except QueueFull:
            raise HTTPProblem(
                429, "every worker is busy and the queue is full", {"Retry-After": RETRY_AFTER}
            ) from None
        except DeadlineExceeded:
            raise HTTPProblem(
                503,
                "no worker was free before the request's deadline",
                {"Retry-After": RETRY_AFTER},
            ) from None
        except RenderLimitError as error:
            return _findings_response([limit_finding(error, name)], [name], 422)
        except RenderBug as error:
            LOG.error(
                json.dumps({"event": "render bug", "error": str(error), "details": error.details})
            )
            raise
        except BriefkitError as error:
            if error.findings:
                return _findings_response(error.findings, [name], 422)
            if error.hint is Hint.RENDER_MEMORY:  # the worker died without a word: not a limit
                raise RuntimeError(error.message) from None
            return _findings_response([limit_finding(error, name)], [name], 422)
        finally:
            service.metrics.render_seconds.observe(time.monotonic() - render_started)
        stem = file_stem(brief)
        body = document(result, output_format, stem)
        disposition = f'attachment; filename="{stem}{SUFFIXES[output_format]}"'
        return Response(
            body,
            media_type=CONTENT_TYPES[output_format],
            headers={"Content-Disposition": disposition},
        )

    async def rules(request: Request) -> Response:
        from briefkit.rules.catalogue import RULES

        return JSONResponse([_rule(rule) for rule in RULES.values()])

    async def rule(request: Request) -> Response:
        from briefkit.rules.catalogue import RULES

        code = request.path_params["code"].upper()
        if code not in RULES:
            raise HTTPProblem(404, f"no rule {code!r}; see GET /v1/rules")
        return JSONResponse(_rule(RULES[code], full=True))

    async def layouts(request: Request) -> Response:
        from briefkit.render.html import available_layouts

        return JSONResponse(sorted(available_layouts(settings.layout_dirs)))

    async def brands(request: Request) -> Response:
        default = settings.default_brand()
        return JSONResponse(
            [
                {"name": name, "firm": brand.name, "default": name == default}
                for name, brand in sorted(service.brands.items())
            ]
        )

    routes = [
        Route("/health", health, methods=["GET", "HEAD"]),
        Route("/ready", ready, methods=["GET", "HEAD"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/v1/render", render, methods=["POST"]),
        Route("/v1/lint", lint, methods=["POST"]),
        Route("/v1/check", check, methods=["POST"]),
        Route("/v1/rules", rules, methods=["GET"]),
        Route("/v1/rules/{code}", rule, methods=["GET"]),
        Route("/v1/layouts", layouts, methods=["GET"]),
        Route("/v1/brands", brands, methods=["GET"]),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        warming = asyncio.create_task(service.warm_up())
        try:
            yield
        finally:
            service.draining = True
            warming.cancel()
            await asyncio.to_thread(service.slots.close)

    async def problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPProblem)
        return problem_response(exc.status, exc.message, exc.headers, _request_id(request))

    async def gone(request: Request, exc: Exception) -> Response:
        return Response(status_code=499)  # the client left: nobody reads this

    async def bug(request: Request, exc: Exception) -> Response:
        request_id = _request_id(request)
        LOG.error(json.dumps({"event": "bug", "request_id": request_id}), exc_info=exc)
        body = {
            "error": "internal error (a bug in briefkit)",
            "status": 500,
            "request_id": request_id,
        }
        return JSONResponse(body, 500)

    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPProblem: problem, ClientDisconnect: gone, Exception: bug},
    )
    return Envelope(app, service)


def _request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", ""))


def _with_language(brief: Any, language: str) -> Any:
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}", language):
        raise HTTPProblem(
            400, f"language must be a language tag such as fr or pt-BR, not {language!r}"
        )
    from dataclasses import replace

    return replace(brief, data={**brief.data, "language": language})


def _rule(rule: Any, full: bool = False) -> dict[str, Any]:
    summary = {
        "code": rule.code,
        "name": rule.name,
        "severity": str(rule.severity),
        "summary": rule.summary,
    }
    if full:
        summary.update(
            explanation=rule.explanation,
            bad=rule.bad,
            good=rule.good,
            known_problems=rule.known_problems,
        )
    return summary


__all__ = ["Service", "make_app"]
