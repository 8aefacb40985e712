"""Tables of the sync engine. Rows stay in sync/store.py; the rest sees msgspec structs.

- `ScopeHead`: one row per scope; `version` is the scope's last server version, bumped
  with `UPDATE ... RETURNING` inside each writing transaction so that writers of a scope
  serialize and commit in version order. `purged_below`: tombstones older than this were
  purged, so a cursor below it cannot be honoured.
- `SyncRecord`: the current state of every record (tombstones included: `deleted`), with
  JSON text columns for the field values, field versions and the device of each field's
  last write. Conflicts and rejections are records too, in the author's `user:` scope.
- `DeviceCounter`: the last mutation number applied per device (exactly once).
- `Attachment`, `AttachmentRef`: content-addressed files and the scopes whose records
  reference them (uploads and downloads are authorised through those scopes, by the
  references that grant: sync/attachments.py).
- `SyncMeta`: key/value pairs; `epoch` changes when the database is restored from backup.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ScopeHead(Model):
    scope = fields.CharField(max_length=80, primary_key=True)
    version = fields.BigIntField(default=0)
    purged_below = fields.BigIntField(default=0)

    class Meta:
        table = "sync_scope"


class SyncRecord(Model):
    id = fields.BigIntField(primary_key=True)
    scope = fields.CharField(max_length=80)
    rid = fields.CharField(max_length=64)
    entity = fields.CharField(max_length=40)
    version = fields.BigIntField()
    deleted = fields.BooleanField(default=False)
    created_by = fields.IntField()
    fields_json = fields.TextField()
    versions_json = fields.TextField()
    writers_json = fields.TextField()
    updated_at = fields.DatetimeField()

    class Meta:
        table = "sync_record"
        unique_together = (("scope", "rid"),)
        indexes = (("scope", "version"),)


class DeviceCounter(Model):
    device_id = fields.CharField(max_length=64, primary_key=True)
    user_id = fields.IntField()
    last_applied = fields.BigIntField(default=0)
    updated_at = fields.DatetimeField()

    class Meta:
        table = "sync_device"


class Attachment(Model):
    sha256 = fields.CharField(max_length=64, primary_key=True)
    size = fields.BigIntField()
    received = fields.BigIntField(default=0)
    complete = fields.BooleanField(default=False)
    created_by = fields.IntField()
    created_at = fields.DatetimeField()

    class Meta:
        table = "sync_attachment"


class AttachmentRef(Model):
    id = fields.BigIntField(primary_key=True)
    sha256 = fields.CharField(max_length=64)
    scope = fields.CharField(max_length=80)
    # who wrote the first reference in this scope, and whether it lets the scope's people
    # read the file (its writer could read it then, or it was the digest's first reference):
    # naming a digest learnt elsewhere claims nothing. Rows from before 0002 grant.
    user_id = fields.IntField(db_default=0)
    grants = fields.BooleanField(db_default=True)

    class Meta:
        table = "sync_attachment_ref"
        unique_together = (("sha256", "scope"),)


class SyncMeta(Model):
    key = fields.CharField(max_length=40, primary_key=True)
    value = fields.TextField()

    class Meta:
        table = "sync_meta"
