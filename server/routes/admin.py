"""Routes for administrators: organisations, invitations, members and roles, the mail
outbox. Each decodes, calls one service function, encodes."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from base.principal import Role
from server.accounts import invitations, members, organisation, service
from server.accounts.messages import (
    Deactivated,
    InvitationInfo,
    Link,
    Member,
    NewInvite,
    NewOrganisation,
    OrganisationInfo,
    PeopleCsv,
    PeopleImport,
    RoleChange,
)
from server.accounts.organisation import OrganisationChange, OrganisationView
from server.context import context_of, now_of
from server.endpoints import SUPERADMIN, endpoint, principal_of
from server.enrolments import library_admin
from server.enrolments.library_admin import CompareIn, Comparison, StandardUse
from server.mail import outbox
from server.mail.outbox import MailInfo, MailOverview
from server.wire import decode_body, json_response

ADMIN = {Role.ADMINISTRATOR}



def _base_url(request: Request) -> str:
    return str(context_of(request).settings.public_url)


def _mail_on(request: Request) -> bool:
    return bool(context_of(request).settings.smtp_host)


@endpoint(allow=SUPERADMIN, returns=list[OrganisationInfo])
async def list_organisations(request: Request) -> Response:
    return json_response(await service.list_organisations())


@endpoint(allow=SUPERADMIN, body=NewOrganisation, returns=OrganisationInfo)
async def create_organisation(request: Request) -> Response:
    body = await decode_body(request, NewOrganisation)
    return json_response(await service.create_organisation(body.name), status=201)


@endpoint(allow=ADMIN, body=NewInvite, returns=InvitationInfo)
async def create_invite(request: Request) -> Response:
    body = await decode_body(request, NewInvite)
    made = await service.invite(
        principal_of(request), body, _base_url(request), _mail_on(request), now_of(request)
    )
    return json_response(made, status=201)


@endpoint(allow=ADMIN, returns=list[InvitationInfo])
async def list_invites(request: Request) -> Response:
    return json_response(await invitations.listing(principal_of(request), now_of(request)))


@endpoint(allow=ADMIN, body=PeopleCsv, returns=PeopleImport)
async def import_people(request: Request) -> Response:
    body = await decode_body(request, PeopleCsv)
    result = await invitations.import_csv(
        principal_of(request), body.csv, body.commit, _base_url(request), _mail_on(request),
        now_of(request),
    )
    return json_response(result, status=201 if result.created else 200)


@endpoint(allow=ADMIN, returns=InvitationInfo)
async def resend_invite(request: Request) -> Response:
    made = await invitations.resend(
        principal_of(request), request.path_params["invite_id"], _base_url(request),
        _mail_on(request), now_of(request),
    )
    return json_response(made, status=201)


@endpoint(allow=ADMIN)
async def withdraw_invite(request: Request) -> Response:
    await invitations.withdraw(principal_of(request), request.path_params["invite_id"],
                               now_of(request))
    return Response(status_code=204)


@endpoint(allow=ADMIN, returns=list[Member])
async def list_members(request: Request) -> Response:
    return json_response(await service.list_members(principal_of(request)))


@endpoint(allow=ADMIN, body=RoleChange)
async def add_role(request: Request) -> Response:
    body = await decode_body(request, RoleChange)
    await service.assign_role(
        principal_of(request), request.path_params["user_id"], body.role, now_of(request)
    )
    return Response(status_code=204)


@endpoint(allow=ADMIN)
async def remove_role(request: Request) -> Response:
    await service.remove_role(principal_of(request), request.path_params["user_id"],
                              request.path_params["role"], now_of(request))
    return Response(status_code=204)


@endpoint(allow=ADMIN, returns=Deactivated)
async def deactivate_member(request: Request) -> Response:
    done = await members.deactivate(principal_of(request), request.path_params["user_id"],
                                    now_of(request))
    return json_response(done)


@endpoint(allow=ADMIN)
async def reactivate_member(request: Request) -> Response:
    await members.reactivate(principal_of(request), request.path_params["user_id"], now_of(request))
    return Response(status_code=204)


@endpoint(allow=ADMIN, returns=Link)
async def reset_link(request: Request) -> Response:
    url, token, expires = await members.reset_link(
        principal_of(request), request.path_params["user_id"], _base_url(request), now_of(request)
    )
    return json_response(Link(url, token, expires.isoformat()), status=201)


@endpoint(allow=ADMIN, returns=MailInfo)
async def reset_mail(request: Request) -> Response:
    queued = await members.reset_mail(
        principal_of(request), request.path_params["user_id"], _base_url(request),
        _mail_on(request), now_of(request)
    )
    return json_response(queued, status=202)


@endpoint(allow=ADMIN, returns=MailOverview)
async def mail_overview(request: Request) -> Response:
    principal = principal_of(request)
    return json_response(await outbox.overview(principal.organisation(), _mail_on(request)))


@endpoint(allow=ADMIN, returns=MailInfo)
async def mail_again(request: Request) -> Response:
    principal = principal_of(request)
    again = await outbox.send_again(principal.organisation(), request.path_params["mail_id"],
                                    now_of(request))
    return json_response(again, status=202)


@endpoint(allow=ADMIN, returns=OrganisationView)
async def show_organisation(request: Request) -> Response:
    return json_response(await organisation.show(principal_of(request)))


@endpoint(allow=ADMIN, body=OrganisationChange, returns=OrganisationView)
async def change_organisation(request: Request) -> Response:
    body = await decode_body(request, OrganisationChange)
    return json_response(await organisation.change(principal_of(request), body, now_of(request)))


@endpoint(allow=ADMIN, returns=list[StandardUse])
async def library_usage(request: Request) -> Response:
    return json_response(await library_admin.usage(principal_of(request)))


@endpoint(allow=ADMIN, body=CompareIn, returns=Comparison)
async def library_compare(request: Request) -> Response:
    body = await decode_body(request, CompareIn)
    return json_response(await library_admin.compare(principal_of(request), body.standard))


routes = [
    Route("/api/admin/organisations", list_organisations, methods=["GET"]),
    Route("/api/admin/organisations", create_organisation, methods=["POST"]),
    Route("/api/admin/invites", create_invite, methods=["POST"]),
    Route("/api/admin/invites", list_invites, methods=["GET"]),
    Route("/api/admin/invites/import", import_people, methods=["POST"]),
    Route("/api/admin/invites/{invite_id:id}/resend", resend_invite, methods=["POST"]),
    Route("/api/admin/invites/{invite_id:id}", withdraw_invite, methods=["DELETE"]),
    Route("/api/admin/members", list_members, methods=["GET"]),
    Route("/api/admin/members/{user_id:id}/roles", add_role, methods=["POST"]),
    Route("/api/admin/members/{user_id:id}/roles/{role:str}", remove_role, methods=["DELETE"]),
    Route("/api/admin/members/{user_id:id}/deactivate", deactivate_member, methods=["POST"]),
    Route("/api/admin/members/{user_id:id}/reactivate", reactivate_member, methods=["POST"]),
    Route("/api/admin/members/{user_id:id}/reset-link", reset_link, methods=["POST"]),
    Route("/api/admin/members/{user_id:id}/reset-mail", reset_mail, methods=["POST"]),
    Route("/api/admin/mail", mail_overview, methods=["GET"]),
    Route("/api/admin/mail/{mail_id:id}/retry", mail_again, methods=["POST"]),
    Route("/api/admin/organisation", show_organisation, methods=["GET"]),
    Route("/api/admin/organisation", change_organisation, methods=["PATCH"]),
    Route("/api/admin/library/usage", library_usage, methods=["GET"]),
    Route("/api/admin/library/compare", library_compare, methods=["POST"]),
]
