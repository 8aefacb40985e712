"""The docs keep up with the code: every setting, command and endpoint is written down."""

from __future__ import annotations

import re
from pathlib import Path

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
