"""The docs keep up with the code: every setting, command, endpoint, metric and error code is
written down."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import httpx

from server import errors
from server.cli import build_parser
from server.settings import SPECS
from tests.support.routes import api_routes

ROOT = Path(__file__).resolve().parents[1]


def all_docs() -> str:
    return "\n".join(p.read_text() for p in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))])


def test_every_setting_is_in_the_configuration_table() -> None:
    table = (ROOT / "docs" / "configuration.md").read_text()
    for spec in SPECS:
        assert f"`{spec.flag}`" in table and f"`{spec.env}`" in table, spec.name


def test_every_cli_command_is_documented() -> None:
    docs = all_docs()
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"carefolio {name}" in docs, name


async def test_every_endpoint_is_documented(app) -> None:  # type: ignore[no-untyped-def]
    docs = all_docs()
    for route in app.routes:
        path = getattr(route, "path", "")
        if not path or path in ("/", "/sw.js", "/manifest.webmanifest") or not getattr(route, "methods", None):
            continue
        written = re.sub(r"{([a-z_]+):[a-z]+}", r"{\1}", path)
        assert f"`{written}`" in docs, written
    assert api_routes(app)


def test_the_readme_opens_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text().splitlines()
    block = lines[lines.index("```sh") + 1: lines.index("```", lines.index("```sh"))]
    commands = [line.split("#")[0].strip() for line in block if line.strip()]
    assert commands == ["scripts/serve --demo", "scripts/test"]
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text()


def _table_rows(path: Path) -> list[list[str]]:
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in path.read_text().splitlines() if line.startswith("|")]


async def test_every_metric_is_in_the_metrics_table_with_its_type(client: httpx.AsyncClient) -> None:
    exposed = re.findall(r"^# TYPE (\S+) (\S+)$", (await client.get("/metrics")).text, re.M)
    documented = {}
    for row in _table_rows(ROOT / "docs" / "operations.md"):
        for name in re.findall(r"`([a-z_:]+)`", row[0]):
            documented[name] = row[1] if len(row) > 1 else ""
    assert exposed
    for name, kind in exposed:
        assert documented.get(name) == kind, f"{name} ({kind}) is not in the metrics table"


DOMAIN_ERRORS = {kind.__name__ for kind in errors.STATUS}


def error_codes_in_the_code() -> set[str]:
    """Every code literal the server answers with: ApiError and error_response calls with a
    literal status and code, the domain's refusals (base.errors kinds) with a literal code, and the codes Starlette's errors are mapped to."""
    codes = set(errors._HTTP_CODES.values())
    for folder in ("base", "server", "sync", "standards"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call) or len(node.args) < 2:
                    continue
                name = getattr(node.func, "attr", getattr(node.func, "id", ""))
                status, code = node.args[0], node.args[1]
                if (name in ("ApiError", "error_response")
                        and isinstance(status, ast.Constant) and isinstance(status.value, int)
                        and isinstance(code, ast.Constant) and isinstance(code.value, str)):
                    codes.add(code.value)
                elif (name in DOMAIN_ERRORS and isinstance(status, ast.Constant)
                        and isinstance(status.value, str)
                        and re.fullmatch(r"[a-z0-9_]+", status.value)):  # Kind(code, message)
                    codes.add(status.value)
    return codes


def test_every_error_code_is_in_the_error_table() -> None:
    documented = {re.sub(r"`", "", row[1]) for row in _table_rows(ROOT / "docs" / "api.md")
                  if len(row) > 2}
    codes = error_codes_in_the_code()
    assert len(codes) > 50
    assert sorted(codes - documented) == []
