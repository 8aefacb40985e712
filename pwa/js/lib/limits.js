/**
 * The longest text each synced field takes, as the server checks it (sync.entities
 * field_limits(), written here by scripts/publish_registry.py: never edit by hand; a test
 * fails while this file differs from the code). Forms set `maxlength` from it, so a person
 * cannot type what the server would refuse. "witness.name" is a part of a structured field.
 * @module
 */

/** @type {Record<string, Record<string, number>>} */
export const FIELD_LIMITS = {
  comment: {"evidence_id": 64, "body": 2000, "written_at": 40},
  decision: {"evidence_id": 64, "feedback": 20000, "decided_at": 40},
  evidence: {"title": 200, "occurred_at": 40, "description": 20000, "reflection.stages.*": 20000, "witness.name": 200, "witness.role": 200, "witness.relationship": 200, "witness.statement": 20000, "witness.signed_at": 40, "location.record_type": 200, "location.location": 200, "location.custodian": 200},
  review: {"scheduled_for": 40, "held_on": 40, "participants": 200, "notes": 20000, "actions": 20000, "next_review_due": 40, "worker_signed_at": 40, "assessor_signed_at": 40},
};
