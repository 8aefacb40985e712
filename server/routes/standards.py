"""HTTP API of the standards library. Routes decode, call `standards.library`, encode.

GET  /api/library/standards                    the standards a person can see
GET  /api/library/standards/{code}             one standard: versions, groups, criteria, glossary
GET  /api/library/standards/{code}/diff        criteria changes between two versions
GET  /api/library/search?q=                    criteria text across standards, ranked
POST /api/library/preview                      (administrator) parse an uploaded file, store nothing
POST /api/library/imports                      (administrator) parse and import an uploaded file
                                               (a Welsh record: the Welsh text of ?version=;
                                               ?current=false: keep the current version current)
POST /api/library/standards/{code}/versions/{number}/status   (administrator) current/legacy
POST /api/library/standards/{code}/mapping/preview  (administrator) check a unit's mapping
                                               table (CSV unit_ref,nos_code,nos_ref), store nothing
POST /api/library/standards/{code}/mapping     (administrator) replace the mapping of the unit's
                                               version (?version=, default current) with it
"""

from __future__ import annotations

from typing import Literal

import msgspec
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from base.principal import Role
from server.csv_rows import UnreadableCsv, csv_rows
from server.endpoints import SIGNED_IN, endpoint, principal_of
from server.errors import ApiError
from server.wire import decode_body, json_response, query_int, read_body
from standards import library
from standards.diff import CriteriaDiff
from standards.extract import MAX_BYTES
from standards.parse import ParseError
from standards.parse.identity import looks_like_code
from standards.parse.units import looks_like_unit_code
from standards.parsed import ParsedStandard
from standards.reader import Preview, preview_of, read_document
from standards.search import Entry
from standards.store import StandardInfo


class StandardsList(msgspec.Struct):
    standards: list[StandardInfo]


class StandardDetail(msgspec.Struct):
    info: StandardInfo
    version: int
    standard: ParsedStandard
    # the version's text in other languages ("cy": the Welsh record), criterion for criterion
    translations: dict[str, ParsedStandard] = {}


class DiffOut(msgspec.Struct):
    code: str
    old: int
    new: int
    changes: CriteriaDiff


class HitOut(msgspec.Struct):
    score: float
    criterion: Entry


class SearchOut(msgspec.Struct):
    query: str
    hits: list[HitOut]


PreviewOut = Preview


class StatusIn(msgspec.Struct, forbid_unknown_fields=True):
    status: Literal["current", "legacy"]


def _scope(request: Request) -> library.Scope:
    principal = principal_of(request)
    return library.Scope(principal.organisation_id, everything=principal.is_superadmin)


def _confirmed(request: Request) -> list[str]:
    """The doubt keys a person confirmed: ?confirm=P3,K2&confirm=title, or ?confirm=all."""
    values = request.query_params.getlist("confirm")
    return [key.strip() for value in values for key in value.split(",") if key.strip()]


def _make_current(request: Request) -> bool:
    """?current=false stores a new version without making it current (default true)."""
    value = request.query_params.get("current", "true").strip().lower()
    if value not in ("true", "false"):
        raise ApiError(422, "invalid_query", "The query parameter 'current' must be true or false.")
    return value == "true"


def _code(request: Request) -> str:
    code = str(request.path_params["code"]).upper()
    if not looks_like_code(code) and not looks_like_unit_code(
        code
    ):  # nothing else can be in the library (a 76-character
        # code failed the column's length check: a 500)
        raise ApiError(404, "standard_not_found", f"No standard {code[:40]} in the library.")
    return code


@endpoint(allow=SIGNED_IN, returns=StandardsList)
async def list_standards(request: Request) -> Response:
    return json_response(StandardsList(await library.list_standards(_scope(request))))


@endpoint(allow=SIGNED_IN, returns=StandardDetail)
async def show_standard(request: Request) -> Response:
    version = query_int(request, "version")
    scope = _scope(request)
    info, number, document = await library.show(scope, _code(request), version)
    languages = await library.translations(scope, info.code, number)
    return json_response(StandardDetail(info, number, document, languages))


@endpoint(allow=SIGNED_IN, returns=DiffOut)
async def diff_standard(request: Request) -> Response:
    old, new = query_int(request, "old"), query_int(request, "new")
    old, new, changes = await library.diff(_scope(request), _code(request), old, new)
    return json_response(DiffOut(_code(request), old, new, changes))


@endpoint(allow=SIGNED_IN, returns=SearchOut)
async def search(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    if not query or len(query) > 200:
        raise ApiError(422, "invalid_query", "Give a search text q of 1 to 200 characters.")
    limit = query_int(request, "limit", maximum=100) or 20
    hits = await library.search(_scope(request), query, limit)
    return json_response(SearchOut(query, [HitOut(h.score, h.entry) for h in hits]))


async def _parse_upload(request: Request) -> ParsedStandard:
    data = await read_body(request, limit=MAX_BYTES)
    params = request.query_params
    try:
        return await run_in_threadpool(
            read_document,
            data,
            params.get("filename", ""),
            code=params.get("code") or None,
            title=params.get("title") or None,
        )
    except ParseError as error:
        raise ApiError(
            422,
            "document_refused",
            f"The document was refused: {error.message}",
            detail={"reason": error.code, "line": error.line},
        ) from error


@endpoint(allow={Role.ADMINISTRATOR}, returns=PreviewOut)
async def preview(request: Request) -> Response:
    parsed = await _parse_upload(request)
    shown = preview_of(parsed)
    if parsed.language != "en":
        number, problem = await library.translation_check(
            _scope(request), parsed, query_int(request, "version")
        )
        shown = msgspec.structs.replace(shown, translation_of=number, translation_problem=problem)
    return json_response(shown)


@endpoint(allow={Role.ADMINISTRATOR}, returns=library.ImportResult)
async def import_upload(request: Request) -> Response:
    parsed = await _parse_upload(request)
    principal = principal_of(request)
    result = await library.import_standard(
        parsed,
        organisation_id=principal.organisation_id,
        source_name=request.query_params.get("filename", ""),
        confirm=_confirmed(request),
        version=query_int(request, "version"),
        make_current=_make_current(request),
    )
    return json_response(result, status=201 if result.created else 200)


@endpoint(allow={Role.ADMINISTRATOR}, body=StatusIn)
async def mark_status(request: Request) -> Response:
    body = await decode_body(request, StatusIn)
    await library.mark(_scope(request), _code(request), request.path_params["number"],
                       body.status)
    return Response(status_code=204)


MAPPING_BYTES = 1_000_000


async def _mapping_lines(request: Request) -> list[list[str]]:
    """The uploaded mapping table's cells; an unreadable file is refused like a bad row."""
    data = await read_body(request, limit=MAPPING_BYTES)
    try:
        return csv_rows(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ApiError(
            422, "csv_problems", "Nothing was stored: the file is not UTF-8 text.",
            detail={"problems": [{"line": 1, "problem": "The file is not UTF-8 text (save it "
                                                       "as CSV UTF-8)."}]},
        ) from error
    except UnreadableCsv as error:
        raise ApiError(
            422, "csv_problems", "Nothing was stored: the file cannot be read as CSV.",
            detail={"problems": [{"line": error.line, "problem": error.problem}]},
        ) from error


@endpoint(allow={Role.ADMINISTRATOR}, returns=library.MappingPreview)
async def preview_mapping(request: Request) -> Response:
    lines = await _mapping_lines(request)
    shown = await library.preview_mapping(
        _scope(request), _code(request), lines, query_int(request, "version")
    )
    return json_response(shown)


@endpoint(allow={Role.ADMINISTRATOR}, returns=library.MappingPreview)
async def import_mapping(request: Request) -> Response:
    lines = await _mapping_lines(request)
    done = await library.import_mapping(
        _scope(request), _code(request), lines, query_int(request, "version")
    )
    return json_response(done)


routes = [
    Route("/api/library/standards", list_standards, methods=["GET"]),
    Route("/api/library/standards/{code:str}", show_standard, methods=["GET"]),
    Route("/api/library/standards/{code:str}/diff", diff_standard, methods=["GET"]),
    Route("/api/library/search", search, methods=["GET"]),
    Route("/api/library/preview", preview, methods=["POST"]),
    Route("/api/library/imports", import_upload, methods=["POST"]),
    Route(
        "/api/library/standards/{code:str}/versions/{number:int}/status",
        mark_status,
        methods=["POST"],
    ),
    Route("/api/library/standards/{code:str}/mapping/preview", preview_mapping, methods=["POST"]),
    Route("/api/library/standards/{code:str}/mapping", import_mapping, methods=["POST"]),
]
