"""The worker's own export: GET /api/me/export, a ZIP of their whole portfolio (the PDF,
an HTML summary, the JSON data, the attachments). Assessors export a worker's portfolio at
/api/portfolios/{worker_id}/export (server/routes/assessment.py), through the same service."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from base.principal import Role
from server.context import now_of, storage_of
from server.endpoints import endpoint, principal_of
from server.export import service
from server.export.service import Export


def zip_response(export: Export) -> Response:
    return Response(export.data, media_type="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{export.filename}"',
        "Cache-Control": "no-store"})


@endpoint(allow={Role.WORKER})
async def my_export(request: Request) -> Response:
    """My whole portfolio as a ZIP: portfolio.pdf, summary.html, portfolio.json, attachments/."""
    export = await service.own_export(principal_of(request), storage_of(request),
                                      now_of(request))
    return zip_response(export)


routes = [Route("/api/me/export", my_export, methods=["GET"])]
