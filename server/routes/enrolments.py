"""Routes for enrolments (administrators manage; workers and assessors read their own)
and the audit trail (administrators and quality assurers read)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from base.principal import Role
from server.audit import log as audit
from server.audit.log import AuditEntry
from server.context import now_of
from server.endpoints import SIGNED_IN, endpoint, principal_of
from server.enrolments import bulk, caseload, service
from server.enrolments.messages import (
    AssessorLoad,
    EndEnrolment,
    EnrolmentChange,
    EnrolmentInfo,
    EnrolmentsCsv,
    EnrolmentsImport,
    NewEnrolment,
    NewEnrolments,
)
from server.errors import ApiError
from server.wire import decode_body, json_response, query_int

ADMIN = {Role.ADMINISTRATOR}
AUDIT_READERS = {Role.ADMINISTRATOR, Role.QUALITY_ASSURER}



@endpoint(allow=ADMIN, body=NewEnrolment, returns=EnrolmentInfo)
async def create_enrolment(request: Request) -> Response:
    body = await decode_body(request, NewEnrolment)
    made = await service.enrol(principal_of(request), body, now_of(request))
    return json_response(made, status=201)


@endpoint(allow=ADMIN, returns=list[EnrolmentInfo])
async def list_enrolments(request: Request) -> Response:
    include_ended = request.query_params.get("ended", "") in ("1", "true")
    rows = await service.list_for_organisation(
        principal_of(request), query_int(request, "worker_id"), include_ended
    )
    return json_response(rows)


@endpoint(allow=ADMIN, body=EnrolmentChange, returns=EnrolmentInfo)
async def change_enrolment(request: Request) -> Response:
    body = await decode_body(request, EnrolmentChange)
    changed = await service.change(
        principal_of(request), request.path_params["enrolment_id"], body, now_of(request)
    )
    return json_response(changed)


@endpoint(allow=ADMIN, body=EndEnrolment, returns=EnrolmentInfo)
async def end_enrolment(request: Request) -> Response:
    body = await decode_body(request, EndEnrolment)
    ended = await service.end(
        principal_of(request), request.path_params["enrolment_id"], body, now_of(request)
    )
    return json_response(ended)


@endpoint(allow=ADMIN, body=NewEnrolments, returns=list[EnrolmentInfo])
async def create_enrolments(request: Request) -> Response:
    body = await decode_body(request, NewEnrolments)
    made = await bulk.enrol_many(principal_of(request), body, now_of(request))
    return json_response(made, status=201)


@endpoint(allow=ADMIN, body=EnrolmentsCsv, returns=EnrolmentsImport)
async def import_enrolments(request: Request) -> Response:
    body = await decode_body(request, EnrolmentsCsv)
    result = await bulk.import_csv(principal_of(request), body.csv, body.commit, now_of(request))
    return json_response(result, status=201 if result.created else 200)


@endpoint(allow=ADMIN, returns=list[AssessorLoad])
async def show_caseload(request: Request) -> Response:
    return json_response(await caseload.caseload(principal_of(request), now_of(request).date()))


@endpoint(allow=SIGNED_IN, returns=list[EnrolmentInfo])
async def my_enrolments(request: Request) -> Response:
    return json_response(await service.list_mine(principal_of(request)))


@endpoint(allow=AUDIT_READERS, returns=list[AuditEntry])
async def read_audit(request: Request) -> Response:
    principal = principal_of(request)
    organisation_id = principal.organisation()
    subject_type = request.query_params.get("subject_type")
    subject_id = request.query_params.get("subject_id")
    for name, value in (("subject_type", subject_type), ("subject_id", subject_id)):
        if value is not None and len(value) > 80:
            raise ApiError(422, "invalid_query", f"The query parameter {name!r} is too long.")
    entries = await audit.read(
        organisation_id, subject_type=subject_type, subject_id=subject_id,
        actor_id=query_int(request, "actor_id"), before_id=query_int(request, "before_id"),
        limit=query_int(request, "limit", maximum=500) or 100,
    )
    return json_response(entries)


routes = [
    Route("/api/admin/enrolments", create_enrolment, methods=["POST"]),
    Route("/api/admin/enrolments", list_enrolments, methods=["GET"]),
    Route("/api/admin/enrolments/{enrolment_id:id}", change_enrolment, methods=["PATCH"]),
    Route("/api/admin/enrolments/{enrolment_id:id}/end", end_enrolment, methods=["POST"]),
    Route("/api/admin/enrolments/batch", create_enrolments, methods=["POST"]),
    Route("/api/admin/enrolments/import", import_enrolments, methods=["POST"]),
    Route("/api/admin/caseload", show_caseload, methods=["GET"]),
    Route("/api/me/enrolments", my_enrolments, methods=["GET"]),
    Route("/api/audit", read_audit, methods=["GET"]),
]
