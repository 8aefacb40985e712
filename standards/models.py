"""Tables of the standards library. Rows stay in `standards/store.py`; the rest sees structs.

- `Standard`: one row per code (a standard's identity). `organisation_id` is the
  organisation that imported it, or null for the shared library (bundled seeds and
  operator imports), which every organisation sees.
- `StandardVersion`: one row per distinct content (`content_hash`) of a standard, numbered
  1, 2, 3 ... and never changed afterwards except for `status` (current or legacy) and a
  unit's NOS mapping (`links_revision`, from a mapping table), so
  evidence mapped to an earlier version keeps pointing at it. `document` holds the whole
  parsed standard as JSON.
- `LibraryCriterion`, `LibraryTerm`: the criteria and glossary of each version as rows, for
  queries and for evidence links ("CODE/VERSION/REF").
- `StandardTranslation`: the text of a version in another language (the Welsh record of
  a NOS), `document` the parsed record as JSON; its criteria are the version's, one for one
  (checked on import), so evidence links stay language-free. One per version, language and
  organisation (null: the shared library's; an organisation's own wins for its members).

`Standard.framework` is "nos" for a National Occupational Standard, "unit" for a
qualification unit (learning outcomes, assessment criteria 1.1 ...).
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Standard(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    title = fields.CharField(max_length=500)
    suite = fields.CharField(max_length=300, default="")
    organisation_id = fields.IntField(null=True)
    bundled = fields.BooleanField(default=False)
    framework = fields.CharField(max_length=10, default="nos")
    created_at = fields.DatetimeField()
    versions: fields.ReverseRelation[StandardVersion]

    class Meta:
        table = "standards_standard"


class StandardVersion(Model):
    id = fields.IntField(primary_key=True)
    standard: fields.ForeignKeyRelation[Standard] = fields.ForeignKeyField(
        "standards.Standard", related_name="versions", on_delete=fields.RESTRICT
    )
    standard_id: int
    number = fields.IntField()
    content_hash = fields.CharField(max_length=64)
    status = fields.CharField(max_length=10)
    title = fields.CharField(max_length=500)
    layout = fields.CharField(max_length=20)
    source_name = fields.CharField(max_length=300, default="")
    document = fields.TextField()
    imported_at = fields.DatetimeField()
    # how many times a unit's NOS mapping was replaced from a mapping table (CSV): the
    # one change a version takes besides `status` (`document.nos_links` holds the mapping)
    links_revision = fields.IntField(default=0)

    class Meta:
        table = "standards_version"
        unique_together = (("standard", "number"), ("standard", "content_hash"))


class LibraryCriterion(Model):
    id = fields.IntField(primary_key=True)
    version: fields.ForeignKeyRelation[StandardVersion] = fields.ForeignKeyField(
        "standards.StandardVersion", related_name="criteria", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    ref = fields.CharField(max_length=8)
    kind = fields.CharField(max_length=12)
    group = fields.TextField()
    text = fields.TextField()

    class Meta:
        table = "standards_criterion"
        unique_together = (("version", "ref"),)


class LibraryTerm(Model):
    id = fields.IntField(primary_key=True)
    version: fields.ForeignKeyRelation[StandardVersion] = fields.ForeignKeyField(
        "standards.StandardVersion", related_name="terms", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    term = fields.CharField(max_length=300)
    definition = fields.TextField()
    scope = fields.CharField(max_length=12)

    class Meta:
        table = "standards_term"


class StandardTranslation(Model):
    id = fields.IntField(primary_key=True)
    version: fields.ForeignKeyRelation[StandardVersion] = fields.ForeignKeyField(
        "standards.StandardVersion", related_name="translations", on_delete=fields.CASCADE
    )
    version_id: int
    organisation_id = fields.IntField(null=True)
    language = fields.CharField(max_length=8)
    title = fields.CharField(max_length=500)
    content_hash = fields.CharField(max_length=64)
    source_name = fields.CharField(max_length=300, default="")
    document = fields.TextField()
    imported_at = fields.DatetimeField()

    class Meta:
        table = "standards_translation"
