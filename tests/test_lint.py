"""The house rules hold on every run: ruff over the tree, mypy --strict over the pure cores, the
declared dependencies match the imports (deptry), the lock files match the declarations, and
the layers import only downwards (the import contracts below, read from the code's AST)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PURE_CORES = [
    "sync/merge.py", "sync/messages.py", "standards/parse", "standards/parsed.py",
    "server/reviews/schedule.py", "server/reviews/rule_years.py", "server/assessment/coverage.py",
    "server/push/reminders.py", "server/push/reach.py", "server/retention/rules.py",
    "server/csv_rows.py", "server/mail/digest.py",
]

# The pure cores and what they lean on: values in, decisions out. They import the standard
# library, msgspec and one another, nothing else (no Tortoise, no Starlette, no I/O layer).
PURE = [
    *PURE_CORES, "sync/comments.py", "sync/decisions.py", "sync/entities.py", "sync/signatures.py",
    "standards/diff.py", "standards/versions.py", "base/errors.py", "base/clock.py",
    "base/principal.py", "base/wire.py",
]
DOMAIN = ["base", "sync", "standards"]  # below the web layer
ROUTES = ["server/routes", "server/push/routes.py"]  # the HTTP adapters


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = ROOT / name
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [path for path in found if "migrations" not in path.parts]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (`from a import b` counts as a.b too: b may be a module),
    at the top or inside a function."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _breaches(paths: list[str], allowed: object) -> list[str]:
    return [f"{path.relative_to(ROOT)}:{line} imports {name}"
            for path in _files(paths) for line, name in _imports(path)
            if not allowed(name)]  # type: ignore[operator]


def _under(name: str, *prefixes: str) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def test_the_pure_cores_import_only_the_standard_library_msgspec_and_one_another() -> None:
    pure = {_module(path) for path in _files(PURE)}

    def allowed(name: str) -> bool:
        top = name.split(".")[0]
        return (top in sys.stdlib_module_names or top in ("msgspec", "__future__")
                or any(_under(name, module) for module in pure)
                or any(_under(module, name) for module in pure))  # a package of pure modules

    assert _breaches(PURE, allowed) == []


def test_the_domain_never_imports_the_web_layer() -> None:
    assert _breaches(DOMAIN, lambda name: not _under(name, "server", "starlette", "uvicorn")) == []


def test_routes_never_touch_tortoise_or_its_models() -> None:
    def allowed(name: str) -> bool:
        return not (_under(name, "tortoise") or name.split(".")[-1] == "models")

    assert _breaches(ROUTES, allowed) == []


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pure_cores_pass_mypy_strict() -> None:
    result = _run(sys.executable, "-m", "mypy", *PURE_CORES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_run_time_code_imports_exactly_the_declared_run_time_dependencies() -> None:
    result = _run(sys.executable, "-m", "deptry", "base", "server", "sync", "standards", "pwa")
    assert result.returncode == 0, result.stdout + result.stderr


def test_tests_benchmarks_and_scripts_import_only_declared_dependencies() -> None:
    result = _run(sys.executable, "-m", "deptry", "tests", "bench", "scripts",
                  "--ignore", "DEP002,DEP004", "--exclude", r"\.venv|node_modules|artifacts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_lock_files_were_made_from_the_declared_dependencies() -> None:
    result = _run(sys.executable, "scripts/lockfile.py", "check")
    assert result.returncode == 0, result.stdout + result.stderr
