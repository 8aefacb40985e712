/**
 * The words every screen uses for the state of an item and for the server's codes: one
 * vocabulary, so "sent" never reads like "sent to my assessor", and no raw code
 * (`concurrent_edit`, `locked` ...) ever reaches a screen. `tests/test_words.py` walks the
 * server's code tables and fails when a code has no sentence here.
 * @module
 */

/** The one state word of an evidence item (see `itemState` in view.js). */
export const STATE_WORDS = {
  draft: "On this phone only",
  waiting: "Waiting to send",
  synced: "Sent (draft)",
  submitted: "With your assessor",
  accepted: "Accepted",
  referred: "Referred back",
  conflict: "In conflict",
  rejected: "Not accepted by the server",
};

/** What each state means, for the person, in a sentence. */
export const STATE_SENTENCES = {
  draft: "Kept on this phone; it has not been sent anywhere yet.",
  waiting: "Saved on this phone; it goes to the server at the next signal.",
  synced: "The server has it as a draft; your assessor sees it once you submit it.",
  submitted: "Submitted: your assessor has it and will review it.",
  accepted: "Your assessor accepted it.",
  referred: "Your assessor referred it back: read the feedback, change it and resubmit.",
  conflict: "It was changed in two places at once: both versions are kept; choose one or merge them.",
  rejected: "The server did not accept a change to it; your text is kept below.",
};

/** Why the server refused a change (a rejection record's `code`), in plain words. */
export const REJECTION_SENTENCES = {
  unknown_entity: "This app sent a kind of record the server does not know. Update the app.",
  wrong_scope: "The change was sent to the wrong place on the server.",
  wrong_entity: "The change was meant for a different kind of record.",
  scope_forbidden: "You no longer have access to this portfolio.",
  invalid_scope: "The change named its portfolio in a way the server does not accept. Update the app.",
  forbidden: "You are not allowed to make this change.",
  invalid_field: "Part of the change was not valid (too long, missing or the wrong kind of value).",
  already_exists: "A record with the same identity already exists on the server.",
  not_found: "The record is no longer on the server.",
  locked: "Your assessor has accepted this evidence, so it can no longer be changed. Your edit is kept.",
  invalid_transition: "The item cannot move to that status from where it is now.",
  reason_required: "This step needs a reason.",
  evidence_not_found: "The evidence this decision is about is not in the portfolio any more.",
  not_submitted: "The evidence is not waiting for assessment now (it was withdrawn or already decided).",
  judgements_incomplete: "To accept, judge every criterion linked to the item (or remove it from the item).",
  nothing_met: "To accept, at least one criterion must be judged met.",
  feedback_required: "Referring an item back needs feedback for the worker.",
  removed_still_linked: "A criterion judged removed is still linked to the item: remove it from the item first.",
  decision_required: "An item is accepted only by an assessor's decision that judges its criteria.",
  signature_changed: "The text changed after it was signed, so it needs signing again first.",
  comment_item_not_found: "The evidence this comment is about is not in a portfolio you can see (it may have been deleted, or you are no longer assigned). Your comment is kept below.",
  comment_empty: "A comment needs some text.",
};

/** Why a conflict record exists (its `reason`), in plain words. */
export const CONFLICT_SENTENCES = {
  concurrent_edit: "This was changed on another device at the same time. The server kept the other version; yours is below, nothing is lost.",
  // No longer given (an edit that restores a deleted record is now simply applied); kept for
  // conflict records made before, which phones may still hold.
  restored_after_delete: "This evidence was deleted on another device, and your edit brought it back.",
  edit_kept: "You deleted this, but it was edited elsewhere, so it was kept.",
};

/**
 * The sentence for a code from one of the tables; an unknown code (a newer server) falls back
 * to the server's own message, or a general sentence, never to the raw code.
 * @param {Record<string, string>} table
 * @param {string | undefined} code
 * @param {string | undefined} [message] the server's message
 */
export function sentence(table, code, message) {
  return (code && table[code]) || message || "The server did not accept this change.";
}
