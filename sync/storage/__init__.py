"""Where attachments' bytes live: the data directory (`local.Files`, the default) or an
S3-compatible bucket (`s3.S3Files`), behind one interface (`base.Storage`). Each server
process opens its backend once (`open_for_app`, a startup hook) as `app.state.storage`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette

from sync.storage.base import Storage, UploadState
from sync.storage.config import open_storage

__all__ = ["Storage", "UploadState", "open_for_app", "storage_of"]


async def open_for_app(app: Starlette) -> Callable[[], Awaitable[None]]:
    storage = await open_storage(app.state.settings)
    app.state.storage = storage
    return storage.close


def storage_of(app: Starlette) -> Storage:
    storage: Storage = app.state.storage
    return storage
