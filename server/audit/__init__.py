"""The audit trail: an append-only record of who did what and when.

Assessment decisions, locks and unlocks, enrolment changes and role changes are recorded
with the actor, the organisation and the time. Rows are only ever inserted."""
