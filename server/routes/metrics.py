"""`/metrics` for Prometheus: the process's counters, histograms and gauges (base/metrics.py;
the gauges: server/gauges.py).

Readable with the bearer token `--metrics-token` when one is set; without it, only by a
scraper on the same machine talking to the process directly (loopback, no proxy headers).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from base import metrics
from server.context import context_of
from server.endpoints import PUBLIC, endpoint
from server.errors import ApiError


@endpoint(allow=PUBLIC)
async def read_metrics(request: Request) -> Response:
    """Prometheus text format; gated by the metrics token or loopback (see docs)."""
    token = context_of(request).settings.metrics_token
    forwarded = "x-forwarded-for" in request.headers or "forwarded" in request.headers
    host = request.client.host if request.client else None
    if not metrics.may_read(token, request.headers.get("authorization"), host, forwarded):
        raise ApiError(403, "metrics_forbidden",
                       "Metrics are readable from this machine, or with the metrics token.")
    body = await metrics.render()
    return Response(body, media_type=metrics.CONTENT_TYPE, headers={"Cache-Control": "no-store"})


routes = [Route("/metrics", read_metrics, methods=["GET"])]
