"""The readable HTML summary of an exported portfolio (every value escaped)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any

from server.assessment.messages import StandardCoverage

STATE_WORDS = {"met": "Met", "waiting": "Waiting for assessment", "none": "No evidence yet"}
STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3rem;"
    "text-align:left;vertical-align:top}.met{background:#e3f4e8}.waiting{background:#fff4d6}"
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


def _evidence_section(records: list[dict[str, Any]]) -> str:
    items = []
    for record in records:
        if record["entity"] != "evidence":
            continue
        f = record["fields"]
        body = escape(str(f.get("description") or ""))
        reflection = f.get("reflection") or {}
        for stage, text in (reflection.get("stages") or {}).items():
            body += f"<h4>{escape(stage.replace('_', ' ').capitalize())}</h4><p>{escape(text)}</p>"
        items.append(
            f"<article><h3>{escape(str(f.get('title') or 'Untitled'))}</h3>"
            f"<p><strong>{escape(str(f.get('kind', '')))}</strong>, "
            f"{escape(str(f.get('status', '')))}, {escape(str(f.get('occurred_at') or ''))}</p>"
            f"<p>Criteria: {escape(', '.join(f.get('criteria') or []))}</p><div>{body}</div>"
            "</article>"
        )
    return "<h2>Evidence</h2>" + ("".join(items) or "<p>No evidence yet.</p>")


def render_summary(
    worker_name: str, now: datetime, coverage: list[StandardCoverage],
    records: list[dict[str, Any]],
) -> str:
    decisions = sum(1 for r in records if r["entity"] == "decision")
    return (
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>Portfolio of {escape(worker_name)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Portfolio of {escape(worker_name)}</h1>"
        f"<p>Exported {now:%d %B %Y %H:%M} UTC from Carefolio. {decisions} assessment "
        "decisions are included in portfolio.json.</p>"
        + "".join(_coverage_table(block) for block in coverage)
        + _evidence_section(records)
        + "</body></html>"
    )
