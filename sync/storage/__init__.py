"""Where attachments' bytes live: the data directory (`local.Files`, the default) or an
S3-compatible bucket (`s3.S3Files`), behind one interface (`base.Storage`). Which one the
settings choose is `server/storage_settings.py`; each server process opens its backend once
at start (a startup hook in `server/app.py`) into its `AppContext`."""

from __future__ import annotations

from sync.storage.base import Storage, UploadState

__all__ = ["Storage", "UploadState"]
