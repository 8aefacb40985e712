"""The HTML summary in an export: every value escaped, photos and signatures shown from
their files in the same ZIP (`attachments/...`), decisions with feedback, reviews."""

from __future__ import annotations

from datetime import datetime
from html import escape

from server.assessment.messages import StandardCoverage
from server.export.content import KIND_WORDS, STATUS_WORDS, Content, File, Item, Review
from server.export.files import IMAGE_TYPES
from sync.signatures import WORDS as SIGNATURE_WORDS

STATE_WORDS = {"met": "Met", "waiting": "Waiting for assessment", "none": "No evidence yet"}
STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;"
    "text-align:left;vertical-align:top}.met{background:#e3f4e8}.waiting{background:#fff4d6}"
    "img{max-width:100%;max-height:30rem}.signature{max-height:8rem;border:1px solid #999}"
)


def _coverage_table(block: StandardCoverage) -> str:
    rows = "".join(
        f'<tr class="{c.state}"><td>{escape(c.ref)}</td><td>{escape(c.text)}</td>'
        f"<td>{STATE_WORDS[c.state]}</td><td>{len(c.evidence)}</td></tr>"
        for c in block.criteria
    )
    s = block.summary
    return (
        f"<h2>{escape(block.standard_code)}</h2><p>{s.met} of {s.total} criteria met, "
        f"{s.waiting} waiting for assessment, {s.none} without evidence.</p>"
        "<table><thead><tr><th>Criterion</th><th>Text</th><th>State</th><th>Items</th></tr>"
        f"</thead><tbody>{rows}</tbody></table>"
    )


def _file(file: File, css: str = "") -> str:
    name = escape(file.name)
    if not file.present:
        return f"<p>{name} (not uploaded from the phone yet)</p>"
    if file.content_type in IMAGE_TYPES:
        return (f'<figure><img class="{css}" src="{name}" alt="">'
                f"<figcaption>{name}</figcaption></figure>")
    return f'<p><a href="{name}">{name}</a></p>'


def _item(item: Item) -> str:
    body = f"<p>{escape(item.description)}</p>" if item.description else ""
    body += "".join(f"<h4>{escape(stage)}</h4><p>{escape(text)}</p>" for stage, text in item.stages)
    if item.location:
        body += f"<p>Record kept at: {escape(item.location)}</p>"
    if item.witness:
        w = item.witness
        who = ", ".join(escape(x) for x in (w.name, w.role, w.relationship) if x)
        body += f"<p>Witness: {who}</p><blockquote>{escape(w.statement)}</blockquote>"
        signed = escape((w.signed_at or "")[:10])
        words = escape(SIGNATURE_WORDS.get(w.signature_state, w.signature_state))
        on = f" on {signed}" if w.signature_state in ("signed", "unbound") and signed else ""
        body += (f'<p class="signature-state {w.signature_state}"><strong>{words}{on}</strong>'
                 f"</p>{_file(w.signature, 'signature')}" if w.signature else "<p>Not signed.</p>")
    body += "".join(_file(photo) for photo in item.photos)
    for d in item.decisions:
        judged = ", ".join(f"{escape(k)}: {escape(v)}" for k, v in sorted(d.judgements.items()))
        body += (f"<p><strong>Assessment: {escape(d.outcome)}</strong> "
                 f"{escape((d.decided_at or '')[:10])} {judged}</p>")
        if d.feedback:
            body += f"<p>Feedback: {escape(d.feedback)}</p>"
    return (
        f"<article><h3>{item.number}. {escape(item.title)}</h3>"
        f"<p><strong>{escape(KIND_WORDS.get(item.kind, item.kind))}</strong>, "
        f"{escape(STATUS_WORDS.get(item.status, item.status))}, "
        f"{escape((item.occurred_at or '')[:10])}</p>"
        f"<p>Criteria: {escape(', '.join(item.criteria))}</p><div>{body}</div></article>"
    )


def _review(r: Review) -> str:
    parts = [f"<h3>Review {escape(str(r.held_on or r.scheduled_for or '')[:10])} "
             f"({escape(r.status)})</h3>"]
    for label, value in (("Who took part", r.participants), ("Notes", r.notes),
                         ("Actions", r.actions), ("Worker signed", r.worker_signed_at),
                         ("Assessor signed", r.assessor_signed_at)):
        if value:
            parts.append(f"<p>{label}: {escape(str(value))}</p>")
    stale = [who for who, state in r.signatures.items() if state == "changed"]
    for who in stale:  # the review changed after this person signed it
        parts.append(f"<p><strong>{who.capitalize()}: {escape(SIGNATURE_WORDS['changed'])}"
                     "</strong></p>")
    return "<article>" + "".join(parts) + "</article>"


def render_summary(worker_name: str, now: datetime, coverage: list[StandardCoverage],
                   content: Content) -> str:
    decisions = sum(len(i.decisions) for i in content.items)
    return (
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Portfolio of {escape(worker_name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Portfolio of {escape(worker_name)}</h1>"
        f"<p>Exported {now:%d %B %Y %H:%M} UTC from Carefolio. {decisions} assessment "
        "decisions; the full data is in portfolio.json, the PDF in portfolio.pdf.</p>"
        + "".join(_coverage_table(block) for block in coverage)
        + "<h2>Evidence</h2>"
        + ("".join(_item(i) for i in content.items) or "<p>No evidence yet.</p>")
        + "<h2>Progress reviews</h2>"
        + ("".join(_review(r) for r in content.reviews) or "<p>No progress reviews yet.</p>")
        + "</body></html>"
    )
