"""Routes for setup, sign-in, the signed-in user and their devices."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from server.accounts import service, sessions
from server.accounts.messages import (
    AcceptInvite,
    ChangePassword,
    InviteInfo,
    Me,
    ResetPassword,
    SessionInfo,
    SetupRequest,
    SetupStatus,
    SignedIn,
    SignInRequest,
)
from server.context import context_of, now_of
from server.endpoints import COOKIE_NAME, PUBLIC, SIGNED_IN, endpoint, principal_of
from server.mail import digests
from server.mail.sender import config_from
from server.wire import decode_body, json_response

COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie; the server expires idle ones



def _client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _signed_in(request: Request, token: str, user_id: int, device_id: str, client: str) -> Response:
    body = SignedIn(user_id=user_id, device_id=device_id, token=token if client == "api" else None)
    response = json_response(body)
    if client == "browser":
        response.set_cookie(
            COOKIE_NAME, token, max_age=COOKIE_MAX_AGE, httponly=True, samesite="strict",
            secure=context_of(request).settings.secure_cookies, path="/",
        )
    return response


@endpoint(allow=PUBLIC, returns=SetupStatus)
async def setup_status(request: Request) -> Response:
    return json_response(SetupStatus(needed=await service.setup_needed()))


@endpoint(allow=PUBLIC, body=SetupRequest, returns=SignedIn)
async def complete_setup(request: Request) -> Response:
    body = await decode_body(request, SetupRequest)
    token, user = await service.complete_setup(body, now_of(request))
    return _signed_in(request, token, user.id, "setup", "browser")


@endpoint(allow=PUBLIC, body=SignInRequest, returns=SignedIn)
async def sign_in(request: Request) -> Response:
    body = await decode_body(request, SignInRequest)
    token, user, device_id = await service.sign_in_throttled(
        body, _client_address(request), now_of(request))
    return _signed_in(request, token, user.id, device_id, body.client)


@endpoint(allow=SIGNED_IN)
async def sign_out(request: Request) -> Response:
    principal = principal_of(request)
    await sessions.revoke(principal.user_id, principal.session_id, now_of(request))
    response = Response(status_code=204)
    response.delete_cookie(COOKIE_NAME, path="/")
    return response


@endpoint(allow=SIGNED_IN, returns=Me)
async def me(request: Request) -> Response:
    return json_response(await service.me(principal_of(request)))


@endpoint(allow=SIGNED_IN, returns=list[SessionInfo])
async def list_devices(request: Request) -> Response:
    principal = principal_of(request)
    return json_response(await sessions.list_sessions(principal.user_id, principal.session_id))


@endpoint(allow=SIGNED_IN)
async def revoke_device(request: Request) -> Response:
    principal = principal_of(request)
    await sessions.revoke(principal.user_id, request.path_params["session_id"], now_of(request))
    return Response(status_code=204)


@endpoint(allow=SIGNED_IN, body=ChangePassword)
async def change_password(request: Request) -> Response:
    body = await decode_body(request, ChangePassword)
    await service.change_password(
        principal_of(request), body.current_password, body.new_password, now_of(request)
    )
    return Response(status_code=204)


@endpoint(allow=PUBLIC, body=ResetPassword)
async def reset_password(request: Request) -> Response:
    body = await decode_body(request, ResetPassword)
    await service.reset_password(body.token, body.new_password, now_of(request))
    return Response(status_code=204)


@endpoint(allow=SIGNED_IN, returns=digests.DigestOut)
async def get_digest(request: Request) -> Response:
    """Whether I get a daily e-mail digest of my reminders (and whether e-mail is sent)."""
    principal = principal_of(request)
    mail_on = config_from(context_of(request).settings) is not None
    return json_response(digests.DigestOut(await digests.choice_of(principal.user_id), mail_on))


@endpoint(allow=SIGNED_IN, body=digests.DigestIn, returns=digests.DigestOut)
async def put_digest(request: Request) -> Response:
    """Turn my daily e-mail digest of reminders on or off."""
    body = await decode_body(request, digests.DigestIn)
    principal = principal_of(request)
    mail_on = config_from(context_of(request).settings) is not None
    await digests.choose(principal.user_id, body.daily_digest, mail_on, now_of(request))
    return json_response(digests.DigestOut(body.daily_digest, True))


@endpoint(allow=PUBLIC, returns=InviteInfo)
async def show_invite(request: Request) -> Response:
    return json_response(await service.describe_invite(request.path_params["token"],
                                                       now_of(request)))


@endpoint(allow=PUBLIC, body=AcceptInvite, returns=SignedIn)
async def accept_invite(request: Request) -> Response:
    body = await decode_body(request, AcceptInvite)
    token, user, device_id = await service.accept_invite(body, now_of(request))
    return _signed_in(request, token, user.id, device_id, body.client)


routes = [
    Route("/api/setup", setup_status, methods=["GET"]),
    Route("/api/setup", complete_setup, methods=["POST"]),
    Route("/api/auth/sign-in", sign_in, methods=["POST"]),
    Route("/api/auth/sign-out", sign_out, methods=["POST"]),
    Route("/api/me", me, methods=["GET"]),
    Route("/api/me/password", change_password, methods=["POST"]),
    Route("/api/me/devices", list_devices, methods=["GET"]),
    Route("/api/me/digest", get_digest, methods=["GET"]),
    Route("/api/me/digest", put_digest, methods=["PUT"]),
    Route("/api/me/devices/{session_id:id}", revoke_device, methods=["DELETE"]),
    Route("/api/password-reset", reset_password, methods=["POST"]),
    Route("/api/invites/{token:token}", show_invite, methods=["GET"]),
    Route("/api/invites/accept", accept_invite, methods=["POST"]),
]
