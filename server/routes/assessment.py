"""Routes for assessors and quality assurers: the queue, coverage, portfolio export and
quality-assurance samples. Who sees a portfolio is decided by the sync scopes."""

from __future__ import annotations

import re
from datetime import date

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from base.principal import Role
from server.assessment import audit_trail, portfolio, qa, queue
from server.assessment.messages import (
    NewSample,
    Person,
    QueueItem,
    Sample,
    StandardCoverage,
    Verdict,
)
from server.assessment.visibility import require_portfolio
from server.context import now_of, storage_of
from server.endpoints import SIGNED_IN, endpoint, principal_of
from server.errors import ApiError
from server.export import service as export_service
from server.reviews import due as reviews
from server.reviews.due import ReviewDue
from server.routes.export import zip_response
from server.wire import decode_body, json_response, query_int

QUEUE_READERS = {Role.ASSESSOR, Role.QUALITY_ASSURER}
QA = {Role.QUALITY_ASSURER}
REVIEW_READERS = {Role.ASSESSOR, Role.QUALITY_ASSURER, Role.ADMINISTRATOR}
AUDIT_READERS = {Role.ADMINISTRATOR, Role.QUALITY_ASSURER}
CODE = re.compile(r"^[A-Z0-9]{3,24}$")



def _standard(request: Request) -> str | None:
    code = request.query_params.get("standard")
    if code is not None and not CODE.match(code):
        raise ApiError(422, "invalid_query", "The query parameter 'standard' must be a NOS code.")
    return code


@endpoint(allow=QUEUE_READERS, returns=list[QueueItem])
async def assessment_queue(request: Request) -> Response:
    items = await queue.waiting(principal_of(request), now_of(request),
                                worker_id=query_int(request, "worker_id"),
                                standard_code=_standard(request))
    return json_response(items)


@endpoint(allow=SIGNED_IN, returns=list[StandardCoverage])
async def worker_coverage(request: Request) -> Response:
    worker_id = request.path_params["worker_id"]
    await require_portfolio(principal_of(request), worker_id)
    return json_response(await portfolio.coverage(worker_id, _standard(request)))


@endpoint(allow=SIGNED_IN)
async def export_portfolio(request: Request) -> Response:
    export = await export_service.export_for(
        principal_of(request), request.path_params["worker_id"],
        storage_of(request), now_of(request))
    return zip_response(export)


@endpoint(allow=REVIEW_READERS, returns=list[ReviewDue])
async def reviews_due(request: Request) -> Response:
    within = query_int(request, "within_days", minimum=0, maximum=366)
    rows = await reviews.due_reviews(principal_of(request), now_of(request), within)
    return json_response(rows)


@endpoint(allow=REVIEW_READERS, returns=list[Person])
async def list_assessors(request: Request) -> Response:
    """The organisation's assessors (for sampling, reassignment and filters)."""
    return json_response(await portfolio.assessors(principal_of(request).organisation_id))


@endpoint(allow=QA, body=NewSample, returns=Sample)
async def draw_sample(request: Request) -> Response:
    body = await decode_body(request, NewSample)
    return json_response(await qa.draw(principal_of(request), body, now_of(request)), status=201)


@endpoint(allow=QA, returns=list[Sample])
async def list_samples(request: Request) -> Response:
    return json_response(await qa.list_samples(principal_of(request)))


@endpoint(allow=QA, returns=Sample)
async def show_sample(request: Request) -> Response:
    return json_response(await qa.describe(principal_of(request), request.path_params["sample_id"]))


@endpoint(allow=QA, body=Verdict, returns=Sample)
async def judge_sample_item(request: Request) -> Response:
    body = await decode_body(request, Verdict)
    sample = await qa.judge(principal_of(request), request.path_params["sample_id"],
                            request.path_params["item_id"], body, now_of(request))
    return json_response(sample)


def _date(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ApiError(422, "invalid_query",
                       f"The query parameter {name!r} must be a date (YYYY-MM-DD).") from None


def _trail_query(request: Request) -> audit_trail.TrailQuery:
    kind = request.query_params.get("kind") or None
    if not audit_trail.valid_kind(kind):
        raise ApiError(422, "invalid_query", "The query parameter 'kind' is not a kind of entry.")
    return audit_trail.TrailQuery(
        worker_id=query_int(request, "worker_id"), actor_id=query_int(request, "actor_id"),
        kind=kind, since=_date(request, "since"), until=_date(request, "until"),
        before_id=query_int(request, "before_id"),
        limit=query_int(request, "limit", maximum=5000) or 100)


@endpoint(allow=AUDIT_READERS, returns=list[audit_trail.TrailEntry])
async def readable_audit(request: Request) -> Response:
    principal = principal_of(request)
    return json_response(await audit_trail.trail(principal.organisation(), _trail_query(request)))


@endpoint(allow=AUDIT_READERS)
async def audit_csv(request: Request) -> Response:
    principal = principal_of(request)
    entries = await audit_trail.trail(principal.organisation(), _trail_query(request))
    return Response(audit_trail.as_csv(entries), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="audit-trail.csv"'})


routes = [
    Route("/api/assessment/queue", assessment_queue, methods=["GET"]),
    Route("/api/portfolios/{worker_id:id}/coverage", worker_coverage, methods=["GET"]),
    Route("/api/portfolios/{worker_id:id}/export", export_portfolio, methods=["GET"]),
    Route("/api/reviews/due", reviews_due, methods=["GET"]),
    Route("/api/assessors", list_assessors, methods=["GET"]),
    Route("/api/qa/samples", draw_sample, methods=["POST"]),
    Route("/api/qa/samples", list_samples, methods=["GET"]),
    Route("/api/qa/samples/{sample_id:id}", show_sample, methods=["GET"]),
    Route("/api/qa/samples/{sample_id:id}/items/{item_id:id}", judge_sample_item,
          methods=["POST"]),
    Route("/api/audit/trail", readable_audit, methods=["GET"]),
    Route("/api/audit/trail.csv", audit_csv, methods=["GET"]),
]
