"""/openapi.json, generated from the routes and the msgspec structs they declare."""

from __future__ import annotations

import re
from typing import Any

import msgspec
from starlette.routing import BaseRoute, Route

from server.endpoints import PUBLIC, access_rule
from server.errors import ErrorEnvelope

REF = "#/components/schemas/{name}"


PARAM = re.compile(r"{([a-z_][a-z0-9_]*)(?::[a-z]+)?}")


def _path_template(path: str) -> tuple[str, list[str]]:
    return PARAM.sub(r"{\1}", path), PARAM.findall(path)


def build(routes: list[BaseRoute], title: str, version: str) -> dict[str, Any]:
    types: list[Any] = [ErrorEnvelope]
    entries: list[tuple[Route, str]] = []
    for route in routes:
        if not isinstance(route, Route) or not route.methods:
            continue
        for method in sorted(route.methods):  # every GET also answers HEAD: both listed
            entries.append((route, method.lower()))
        for attr in ("__body__", "__returns__"):
            declared = getattr(route.endpoint, attr, None)
            if declared is not None:
                types.append(declared)
    schemas, components = msgspec.json.schema_components(types, ref_template=REF)
    by_type = dict(zip(map(id, types), schemas, strict=True))
    paths: dict[str, dict[str, Any]] = {}
    for route, method in entries:
        template, params = _path_template(route.path)
        rule = access_rule(route.endpoint)
        operation: dict[str, Any] = {
            "summary": (route.endpoint.__doc__ or route.name or "").strip().split("\n")[0],
            "x-access": sorted(rule) if isinstance(rule, frozenset) else rule,
            "parameters": [
                {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                for p in params
            ],
            "responses": {
                "default": {
                    "description": "Error",
                    "content": {"application/json": {"schema": by_type[id(ErrorEnvelope)]}},
                }
            },
        }
        if rule != PUBLIC:
            operation["security"] = [{"session": []}, {"bearer": []}]
        body = getattr(route.endpoint, "__body__", None)
        if body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": by_type[id(body)]}},
            }
        returns = getattr(route.endpoint, "__returns__", None)
        ok: dict[str, Any] = {"description": "Success"}
        if method == "head":  # the headers a GET would send, no body (errors have none)
            operation["summary"] = f"Headers only. {operation['summary']}".strip()
            operation["responses"]["default"] = {"description": "Error (headers only)"}
        elif returns is not None:
            ok["content"] = {"application/json": {"schema": by_type[id(returns)]}}
        operation["responses"]["2XX"] = ok
        paths.setdefault(template, {})[method] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "carefolio_session"},
                "bearer": {"type": "http", "scheme": "bearer"},
            },
        },
    }
