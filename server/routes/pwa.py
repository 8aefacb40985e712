"""The progressive web app, served from the package data of `pwa` as plain files (no build step).

The service worker and the app shell page are never cached by HTTP caches (the service
worker does the caching, under a version); other assets may be cached briefly."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from server.endpoints import PUBLIC, endpoint


def _pwa_dir() -> Path:
    """The installed `pwa` package's folder (a checkout's pwa/ or the wheel's copy of it)."""
    folder = resources.files("pwa")
    if not isinstance(folder, Path):  # a zip import: Starlette serves files from disk only
        raise RuntimeError(f"the PWA must be installed as files on disk, not in {folder}")
    return folder


PWA_DIR = _pwa_dir()
NO_CACHE = {"cache-control": "no-cache"}
ASSET_FOLDERS = ("js", "css", "icons")


class PublicStatic(StaticFiles):
    """Static assets are public by nature; declared so, like every other route."""

    __access__ = PUBLIC

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().__call__(scope, receive, send)


@endpoint(allow=PUBLIC)
async def shell(request: Request) -> Response:
    return FileResponse(PWA_DIR / "index.html", headers=NO_CACHE, media_type="text/html")


@endpoint(allow=PUBLIC)
async def service_worker(request: Request) -> Response:
    return FileResponse(
        PWA_DIR / "sw.js",
        headers={**NO_CACHE, "service-worker-allowed": "/"},
        media_type="text/javascript",
    )


@endpoint(allow=PUBLIC)
async def manifest(request: Request) -> Response:
    return FileResponse(
        PWA_DIR / "manifest.webmanifest", headers=NO_CACHE, media_type="application/manifest+json"
    )


routes = [
    Route("/", shell, methods=["GET"]),
    Route("/sw.js", service_worker, methods=["GET"]),
    Route("/manifest.webmanifest", manifest, methods=["GET"]),
    *[
        Mount(f"/{folder}", app=PublicStatic(directory=PWA_DIR / folder, check_dir=False))
        for folder in ASSET_FOLDERS
    ],
]
