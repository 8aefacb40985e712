"""The registry of entity kinds that sync: their fields, who may write them, their workflows.

Pure data. The merge core (sync/merge.py) reads it; nothing here touches a database.
A new kind, field or transition is a new entry in `REGISTRY` (see `register`), never a
change to the engine.

Who may do what is said with *relations* between the person and the scope or record:

    owner     the worker whose portfolio the scope is; the user of a `user:` scope
    assessor  an assessor assigned to that worker through an active enrolment
    qa        a quality assurer of the worker's organisation
    member    a member of the organisation that owns a `library:` scope
    author    the person who created the record (computed by the merge core)

Nobody may push to a field whose `writers` is empty after the record was created, and
nobody may push a `server` field: the server sets those itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from types import GenericAlias
from typing import Annotated, Any, Literal

import msgspec
import msgspec.inspect
from msgspec import Meta, Struct

SCOPE_KINDS = ("portfolio", "library", "user")


class FieldKind(StrEnum):
    SCALAR = "scalar"  # one value; same-field concurrent edits conflict
    SET = "set"  # a set of strings; merged as adds and removes
    WORKFLOW = "workflow"  # a state; changed only by allowed transitions
    SERVER = "server"  # set by the server, never by a mutation


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: FieldKind
    type: Any = Any
    writers: frozenset[str] = frozenset({"author"})
    default: Any = None
    required: bool = False
    since: int = 1  # the schema version that introduced the field


@dataclass(frozen=True)
class TransitionRule:
    source: str
    target: str
    by: frozenset[str]
    reason_required: bool = False


@dataclass(frozen=True)
class EntityKind:
    name: str
    scope_kind: str
    fields: tuple[FieldSpec, ...]
    creators: frozenset[str] = frozenset()
    deleters: frozenset[str] = frozenset()
    transitions: tuple[TransitionRule, ...] = ()
    locked_states: frozenset[str] = frozenset()
    flags_future: str | None = None  # a phone-time field checked against the server clock
    by_name: dict[str, FieldSpec] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_name.update({spec.name: spec for spec in self.fields})

    def workflow_fields(self) -> list[FieldSpec]:
        return [spec for spec in self.fields if spec.kind is FieldKind.WORKFLOW]


# --- value types --------------------------------------------------------------------------

Title = Annotated[str, Meta(max_length=200)]
Text = Annotated[str, Meta(max_length=20_000)]
Short = Annotated[str, Meta(max_length=200)]
PHONE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$"
PhoneTime = Annotated[str, Meta(max_length=40, pattern=PHONE_TIME_PATTERN)]
# CODE/VERSION/REF: a NOS criterion (P3, K12) or a qualification unit's (1.2)
CRITERION_REF = r"(?:[PK][0-9]{1,3}|[0-9]{1,2}[.][0-9]{1,2})"
CRITERION_KEY = rf"^[A-Z][A-Z0-9]{{1,15}}/[0-9]{{1,3}}/{CRITERION_REF}$"
CriterionKey = Annotated[str, Meta(pattern=CRITERION_KEY)]
StandardCode = Annotated[str, Meta(pattern=r"^[A-Z][A-Z0-9]{1,15}$")]
Sha256 = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$")]
SignedDigest = Annotated[str, Meta(pattern=r"^sha256:[0-9a-f]{64}$")]
EvidenceKindName = Literal[
    "observation",
    "reflective_account",
    "witness_testimony",
    "professional_discussion",
    "product_evidence",
    "evidence_location",
]
REFLECTION_STAGES = {
    "gibbs": ("description", "feelings", "evaluation", "analysis", "conclusion", "action_plan"),
    "driscoll": ("what", "so_what", "now_what"),
    "kolb": ("concrete_experience", "reflective_observation", "abstract_conceptualisation",
             "active_experimentation"),
}


class Reflection(Struct, forbid_unknown_fields=True):
    model: Literal["gibbs", "driscoll", "kolb"]
    stages: dict[str, Text] = {}

    def __post_init__(self) -> None:
        unknown = set(self.stages) - set(REFLECTION_STAGES[self.model])
        if unknown:
            raise ValueError(f"stages not in the {self.model} model: {sorted(unknown)}")


class Witness(Struct, forbid_unknown_fields=True):
    name: Short
    role: Short
    relationship: Short = ""
    statement: Text = ""
    signature_sha256: Sha256 | None = None
    signed_at: PhoneTime | None = None
    # what the signature is bound to: "sha256:" + the digest of the signed fields at signing
    # (sync/signatures.py); absent on signatures made before binding existed
    signed_digest: SignedDigest | None = None


class EvidenceLocation(Struct, forbid_unknown_fields=True):
    record_type: Short
    location: Short
    custodian: Short = ""


# "removed": the assessor removed the criterion from the item while judging (sync/decisions.py)
Judgement = Literal["met", "not_met", "partly_met", "removed"]

# --- the kinds ----------------------------------------------------------------------------

AUTHOR = frozenset({"author"})
NOBODY: frozenset[str] = frozenset()
SERVER = FieldKind.SERVER


def _evidence() -> EntityKind:
    s = FieldKind.SCALAR
    return EntityKind(
        name="evidence",
        scope_kind="portfolio",
        creators=frozenset({"owner", "assessor"}),
        deleters=AUTHOR,
        locked_states=frozenset({"accepted"}),
        flags_future="occurred_at",
        fields=(
            FieldSpec("kind", s, EvidenceKindName, required=True),
            FieldSpec("title", s, Title, default=""),
            FieldSpec("occurred_at", s, PhoneTime | None),
            FieldSpec("description", s, Text, default=""),
            FieldSpec("reflection", s, Reflection | None),
            FieldSpec("witness", s, Witness | None),
            FieldSpec("location", s, EvidenceLocation | None),
            FieldSpec("duration_minutes", s, Annotated[int, Meta(ge=0, le=100_000)] | None,
                      since=2),
            # the worker suggests criteria; the assessor confirms, adds or removes them
            FieldSpec("criteria", FieldKind.SET, CriterionKey, frozenset({"author", "assessor"}),
                      default=[]),
            FieldSpec("attachments", FieldKind.SET, Sha256, default=[]),
            FieldSpec("status", FieldKind.WORKFLOW, str, default="draft"),
            FieldSpec("status_reason", SERVER),
            # when it was last submitted, by the server's clock (how long it has waited)
            FieldSpec("submitted_at", SERVER, since=3),
            FieldSpec("occurred_in_future", SERVER, default=False),
        ),
        transitions=(
            TransitionRule("draft", "submitted", AUTHOR),
            TransitionRule("submitted", "draft", AUTHOR),
            TransitionRule("referred", "submitted", AUTHOR),
            TransitionRule("referred", "draft", AUTHOR),
            TransitionRule("submitted", "accepted", frozenset({"assessor"})),
            TransitionRule("submitted", "referred", frozenset({"assessor"})),
            TransitionRule("accepted", "referred", frozenset({"assessor"}), reason_required=True),
        ),
    )


def _decision() -> EntityKind:
    s = FieldKind.SCALAR
    return EntityKind(
        name="decision",
        scope_kind="portfolio",
        creators=frozenset({"assessor"}),
        fields=(
            FieldSpec("evidence_id", s, Annotated[str, Meta(max_length=64)], NOBODY,
                      required=True),
            FieldSpec("outcome", s, Literal["accepted", "referred"], NOBODY, required=True),
            FieldSpec("feedback", s, Text, NOBODY, default=""),
            FieldSpec("judgements", s, dict[CriterionKey, Judgement], NOBODY, default={}),
            FieldSpec("decided_at", s, PhoneTime | None, NOBODY),
        ),
    )


def _review() -> EntityKind:
    s = FieldKind.SCALAR
    both = frozenset({"author", "assessor"})
    return EntityKind(
        name="review",
        scope_kind="portfolio",
        creators=frozenset({"assessor"}),
        deleters=AUTHOR,
        locked_states=frozenset({"signed"}),
        fields=(
            FieldSpec("scheduled_for", s, PhoneTime | None, both),
            FieldSpec("held_on", s, PhoneTime | None, both),
            FieldSpec("participants", s, Short, both, default="", since=2),
            # the enrolments' standards the review covers; none named: every enrolment
            FieldSpec("standards", FieldKind.SET, StandardCode, both, default=[], since=3),
            FieldSpec("notes", s, Text, both, default=""),
            FieldSpec("actions", s, Text, both, default=""),
            FieldSpec("next_review_due", s, PhoneTime | None, both),
            FieldSpec("worker_signed_at", s, PhoneTime | None, frozenset({"owner"})),
            FieldSpec("assessor_signed_at", s, PhoneTime | None, frozenset({"assessor"})),
            # what each signature is bound to: the digest of the review's signed fields at
            # signing (sync/signatures.py REVIEW_FIELDS)
            FieldSpec("worker_signed_digest", s, SignedDigest | None, frozenset({"owner"}),
                      since=3),
            FieldSpec("assessor_signed_digest", s, SignedDigest | None,
                      frozenset({"assessor"}), since=3),
            FieldSpec("status", FieldKind.WORKFLOW, str, default="planned"),
        ),
        transitions=(
            TransitionRule("planned", "held", frozenset({"assessor"})),
            TransitionRule("held", "signed", frozenset({"assessor"})),
            TransitionRule("planned", "cancelled", frozenset({"assessor"})),
        ),
    )


def _comment() -> EntityKind:
    """A message in the thread of one evidence item (sync/comments.py): write-once."""
    s = FieldKind.SCALAR
    return EntityKind(
        name="comment",
        scope_kind="portfolio",
        creators=frozenset({"owner", "assessor"}),
        fields=(
            FieldSpec("evidence_id", s, Annotated[str, Meta(max_length=64)], NOBODY,
                      required=True),
            FieldSpec("body", s, Annotated[str, Meta(max_length=2_000)], NOBODY, required=True),
            FieldSpec("written_at", s, PhoneTime | None, NOBODY),
        ),
    )


def _library(name: str) -> EntityKind:
    return EntityKind(
        name=name, scope_kind="library", fields=(FieldSpec("data", SERVER, default={}),)
    )


def _inbox(name: str, payload: tuple[str, ...]) -> EntityKind:
    fields = tuple(FieldSpec(f, SERVER) for f in payload)
    dismissed = FieldSpec("dismissed", FieldKind.SCALAR, bool, frozenset({"owner"}), False)
    return EntityKind(name=name, scope_kind="user", fields=(*fields, dismissed))


REGISTRY: dict[str, EntityKind] = {}


def register(kind: EntityKind) -> EntityKind:
    """Add or replace an entity kind (issue #6 extends decisions and reviews this way)."""
    if kind.scope_kind not in SCOPE_KINDS:
        raise ValueError(f"unknown scope kind {kind.scope_kind!r}")
    REGISTRY[kind.name] = kind
    return kind


for _kind in (
    _evidence(),
    _decision(),
    _review(),
    _comment(),
    _library("standard"),
    _inbox("conflict", ("scope", "entity", "record_id", "field", "reason", "lost", "kept",
                        "device_id", "n", "at")),
    _inbox("rejection", ("scope", "entity", "record_id", "code", "message", "mutation",
                         "device_id", "n", "at")),
):
    register(_kind)


class FieldError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


_LISTS: dict[int, Any] = {}


def _list_of(member: Any) -> Any:
    """`list[member]`, built once per member type (msgspec caches what it learns about a
    type on the type object; a new alias each call would be learnt again)."""
    found = _LISTS.get(id(member))
    if found is None:
        found = _LISTS[id(member)] = GenericAlias(list, (member,))
    return found


def created_values(kind: EntityKind, given: dict[str, Any], schema: int) -> dict[str, Any] | None:
    """The checked values of a create's fields when they are all fine, in one pass (one
    msgspec conversion of the whole mapping); None when anything is not (unknown, too new
    for `schema`, not writable on create, a value that does not fit, a required field
    missing): the caller then checks field by field for the precise refusal. The values
    are those `check_value` gives, field by field."""
    shape = _create_shape(kind)
    if shape is None:
        return None
    struct, newest = shape
    for name in given:
        since = newest.get(name)
        if since is None or since > schema:
            return None
    try:
        checked: dict[str, Any] = msgspec.to_builtins(msgspec.convert(given, struct))
    except (msgspec.ValidationError, ValueError, TypeError):
        return None
    for spec in kind.fields:
        if spec.name in checked:
            if spec.kind is FieldKind.SET:
                checked[spec.name] = sorted(set(checked[spec.name]))
        elif spec.required:
            return None
    return checked


_SHAPES: dict[str, tuple[Any, dict[str, int]] | None] = {}


def _create_shape(kind: EntityKind) -> tuple[Any, dict[str, int]] | None:
    """A Struct of the fields a create may give (scalars and sets, every one optional) and
    each one's `since`; None if msgspec cannot express the kind's types as one Struct."""
    if kind.name not in _SHAPES:
        specs = [s for s in kind.fields if s.kind in (FieldKind.SCALAR, FieldKind.SET)]
        try:
            struct = msgspec.defstruct(
                f"Create_{kind.name}",
                [(s.name, (_list_of(s.type) if s.kind is FieldKind.SET else s.type)
                  | msgspec.UnsetType, msgspec.UNSET) for s in specs],
                forbid_unknown_fields=True)
            msgspec.convert({}, struct)
            _SHAPES[kind.name] = struct, {s.name: s.since for s in specs}
        except (TypeError, ValueError):
            _SHAPES[kind.name] = None
    return _SHAPES[kind.name]


def check_value(spec: FieldSpec, value: Any) -> Any:
    """The value as stored (plain JSON types), or FieldError if it does not fit the field."""
    try:
        if spec.kind is FieldKind.SET:
            return sorted(set(msgspec.convert(value, _list_of(spec.type))))
        return msgspec.to_builtins(msgspec.convert(value, spec.type))
    except (msgspec.ValidationError, ValueError, TypeError) as exc:
        raise FieldError(spec.name, str(exc)) from exc


def fields_for_schema(kind: EntityKind, schema: int) -> frozenset[str]:
    """Names of the fields a client on schema version `schema` knows."""
    return frozenset(spec.name for spec in kind.fields if spec.since <= schema)


def describe() -> dict[str, Any]:
    """The registry as JSON-able data (published for the PWA's twin of the merge core)."""
    return {
        name: {
            "scope_kind": kind.scope_kind,
            "creators": sorted(kind.creators),
            "deleters": sorted(kind.deleters),
            "locked_states": sorted(kind.locked_states),
            "flags_future": kind.flags_future,
            "fields": [
                {"name": f.name, "kind": f.kind.value, "writers": sorted(f.writers),
                 "default": f.default, "required": f.required, "since": f.since}
                for f in kind.fields
            ],
            "transitions": [
                {"from": t.source, "to": t.target, "by": sorted(t.by),
                 "reason_required": t.reason_required}
                for t in kind.transitions
            ],
        }
        for name, kind in sorted(REGISTRY.items())
    }


def _limits(info: msgspec.inspect.Type, path: str, out: dict[str, int]) -> None:
    match info:
        case msgspec.inspect.StrType(max_length=int(most)):
            out[path] = most
        case msgspec.inspect.UnionType(types=types):
            for member in types:
                _limits(member, path, out)
        case msgspec.inspect.StructType(fields=fields):
            for part in fields:
                _limits(part.type, f"{path}.{part.name}", out)
        case msgspec.inspect.DictType(value_type=value):
            _limits(value, f"{path}.*", out)


def field_limits() -> dict[str, dict[str, int]]:
    """The longest text each field takes, per kind ("witness.name": a part of a structured
    field; "reflection.stages.*": every value of a mapping). Published for the PWA's inputs
    (pwa/js/lib/limits.js), so a form never lets a person type what the server refuses."""
    result: dict[str, dict[str, int]] = {}
    for name, kind in sorted(REGISTRY.items()):
        found: dict[str, int] = {}
        for spec in kind.fields:
            if spec.type is not Any:
                _limits(msgspec.inspect.type_info(spec.type), spec.name, found)
        if found:
            result[name] = found
    return result
