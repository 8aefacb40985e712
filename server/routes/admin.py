"""Routes for administrators: organisations, invitations, members and roles."""

from __future__ import annotations

from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.access import SUPERADMIN, endpoint, principal_of
from server.accounts import service
from server.accounts.messages import (
    Link,
    Member,
    NewInvite,
    NewOrganisation,
    OrganisationInfo,
    RoleChange,
)
from server.errors import ApiError
from server.models import Organisation, Role
from server.wire import decode_body, json_response

ADMIN = {Role.ADMINISTRATOR}


def _now() -> datetime:
    return datetime.now(UTC)


def _base_url(request: Request) -> str:
    return str(request.app.state.settings.public_url)


@endpoint(allow=SUPERADMIN, returns=list[OrganisationInfo])
async def list_organisations(request: Request) -> Response:
    orgs = await Organisation.all().order_by("name")
    return json_response([OrganisationInfo(o.id, o.name) for o in orgs])


@endpoint(allow=SUPERADMIN, body=NewOrganisation, returns=OrganisationInfo)
async def create_organisation(request: Request) -> Response:
    body = await decode_body(request, NewOrganisation)
    org = await service.create_organisation(body.name)
    return json_response(OrganisationInfo(org.id, org.name), status=201)


@endpoint(allow=ADMIN, body=NewInvite, returns=Link)
async def create_invite(request: Request) -> Response:
    body = await decode_body(request, NewInvite)
    principal = principal_of(request)
    url, token, expires = await service.invite(principal, body, _base_url(request), _now())
    return json_response(Link(url, token, expires.isoformat()), status=201)


@endpoint(allow=ADMIN, returns=list[Member])
async def list_members(request: Request) -> Response:
    return json_response(await service.list_members(principal_of(request)))


@endpoint(allow=ADMIN, body=RoleChange)
async def add_role(request: Request) -> Response:
    body = await decode_body(request, RoleChange)
    await service.assign_role(
        principal_of(request), request.path_params["user_id"], body.role, _now()
    )
    return Response(status_code=204)


@endpoint(allow=ADMIN)
async def remove_role(request: Request) -> Response:
    role = request.path_params["role"]
    if role not in {r.value for r in Role}:
        raise ApiError(404, "role_unknown", f"There is no role called {role[:40]!r}.")
    await service.remove_role(principal_of(request), request.path_params["user_id"], role, _now())
    return Response(status_code=204)


@endpoint(allow=ADMIN, returns=Link)
async def reset_link(request: Request) -> Response:
    url, token, expires = await service.issue_reset_link(
        principal_of(request), request.path_params["user_id"], _base_url(request), _now()
    )
    return json_response(Link(url, token, expires.isoformat()), status=201)


routes = [
    Route("/api/admin/organisations", list_organisations, methods=["GET"]),
    Route("/api/admin/organisations", create_organisation, methods=["POST"]),
    Route("/api/admin/invites", create_invite, methods=["POST"]),
    Route("/api/admin/members", list_members, methods=["GET"]),
    Route("/api/admin/members/{user_id:id}/roles", add_role, methods=["POST"]),
    Route("/api/admin/members/{user_id:id}/roles/{role:str}", remove_role, methods=["DELETE"]),
    Route("/api/admin/members/{user_id:id}/reset-link", reset_link, methods=["POST"]),
]
