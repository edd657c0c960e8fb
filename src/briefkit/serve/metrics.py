"""The service's Prometheus metrics, in a registry of its own (nothing process-global)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

if TYPE_CHECKING:
    from briefkit.serve.work import RenderSlots

RENDER_BUCKETS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0, 60.0, 120.0)


class Metrics:
    """Requests by route and status, render seconds, queue depth, busy workers, restarts."""

    def __init__(self, slots: RenderSlots) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "briefkit_requests",
            "HTTP requests answered, by route and status.",
            ("route", "status"),
            registry=self.registry,
        )
        self.render_seconds = Histogram(
            "briefkit_render_seconds",
            "Time a render held a worker, in seconds.",
            buckets=RENDER_BUCKETS,
            registry=self.registry,
        )
        queue = Gauge(
            "briefkit_queue_depth", "Requests waiting for a free worker.", registry=self.registry
        )
        queue.set_function(lambda: slots.counters.waiting)
        busy = Gauge("briefkit_workers_busy", "Workers rendering now.", registry=self.registry)
        busy.set_function(lambda: slots.busy)
        workers = Gauge("briefkit_workers", "Render workers configured.", registry=self.registry)
        workers.set(len(slots.pools))
        restarts = Gauge(
            "briefkit_worker_restarts",
            "Render workers replaced (killed at a limit, crashed or recycled).",
            registry=self.registry,
        )
        restarts.set_function(lambda: slots.counters.worker_restarts)

    def exposition(self) -> tuple[bytes, str]:
        """The metrics in Prometheus's text format, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
