"""The PDF portfolio, drawn with reportlab's Platypus (flowing text, tables, images, page
breaks). Values in, bytes out: nothing here reads a file but the font.

What it holds: the worker and the date; per standard, the criteria covered (met or waiting)
and how many are not yet; every evidence item with its text, reflection, witness statement
and signature, photos, criteria and the assessment decisions with their feedback; the
progress reviews. A photo that cannot be drawn (a type reportlab cannot read, or a file not
uploaded yet) is named instead, so the reader knows to look in attachments/.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from server.assessment.messages import StandardCoverage
from server.export.content import KIND_WORDS, STATUS_WORDS, Content, File, Item, Review
from server.export.files import IMAGE_TYPES

# Images as binary streams, not ASCII85 text: without reportlab's optional C accelerator the
# ASCII85 encoder is pure Python, about 5 s per phone photo (bench/export.py).
rl_config.useA85 = 0
# DejaVu covers Welsh (ŵ, ŷ) and the punctuation people type; Helvetica where it is absent.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
WIDTH = A4[0] - 36 * mm
PHOTO_BOX = (WIDTH, 110 * mm)
SIGNATURE_BOX = (70 * mm, 30 * mm)
OUTCOME_WORDS = {"accepted": "Accepted", "referred": "Referred back"}
JUDGEMENT_WORDS = {"met": "met", "not_met": "not met", "partly_met": "partly met"}


@cache
def _fonts() -> tuple[str, str]:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not (regular.exists() and bold.exists()):
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans", "DejaVuSans-Bold"


@cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=10,
                          leading=13)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=bold),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, spaceBefore=10),
        "h3": ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, spaceBefore=8),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#444444")),
        "label": ParagraphStyle("label", parent=body, fontName=bold),
    }


def _p(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _styles()[style])


def _labelled(label: str, text: str) -> Paragraph:
    _, bold = _fonts()
    return Paragraph(f'<font name="{bold}">{escape(label)}:</font> '
                     f"{escape(text).replace(chr(10), '<br/>')}", _styles()["body"])


def _picture(file: File, images: Mapping[str, bytes], box: tuple[float, float]) -> Flowable:
    data = images.get(file.sha256)
    if data is None or file.content_type not in IMAGE_TYPES:
        why = "not uploaded from the phone yet" if not file.present else "see the file"
        return _p(f"[{file.name} ({why})]", "small")
    try:
        width, height = ImageReader(io.BytesIO(data)).getSize()
        scale = min(box[0] / width, box[1] / height, 1.0)
        return Image(io.BytesIO(data), width * scale, height * scale, hAlign="LEFT")
    except Exception:  # a damaged or unusual image: name it rather than fail the export
        return _p(f"[{file.name} (could not be drawn: see the file)]", "small")


def _coverage(block: StandardCoverage) -> list[Flowable]:
    s = block.summary
    covered = [c for c in block.criteria if c.state != "none"]
    out: list[Flowable] = [
        _p(block.standard_code, "h3"),
        _p(f"{s.met} of {s.total} criteria met, {s.waiting} waiting for assessment, "
           f"{s.none} without evidence yet."),
    ]
    if covered:
        rows = [[_p("Criterion", "label"), _p("State", "label"), _p("Text", "label")]] + [
            [_p(c.ref), _p("Met" if c.state == "met" else "Waiting"), _p(c.text, "small")]
            for c in covered
        ]
        table = Table(rows, colWidths=[20 * mm, 22 * mm, WIDTH - 42 * mm], repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ]))
        out.append(table)
    return out


def _item(item: Item, images: Mapping[str, bytes]) -> list[Flowable]:
    when = f", {item.occurred_at[:10]}" if item.occurred_at else ""
    out: list[Flowable] = [
        _p(f"{item.number}. {item.title}", "h3"),
        _p(f"{KIND_WORDS.get(item.kind, item.kind)}{when}. "
           f"{STATUS_WORDS.get(item.status, item.status)}.", "small"),
    ]
    if item.criteria:
        out.append(_labelled("Criteria", ", ".join(item.criteria)))
    if item.description:
        out.append(_p(item.description))
    out += [_labelled(stage, text) for stage, text in item.stages]
    if item.location:
        out.append(_labelled("Record kept at", item.location))
    if item.witness:
        w = item.witness
        who = ", ".join(x for x in (w.name, w.role, w.relationship) if x)
        out.append(_labelled("Witness", who))
        if w.statement:
            out.append(_labelled("Statement", w.statement))
        if w.signature:
            signed = f"Signed {w.signed_at[:10]}" if w.signed_at else "Signature"
            out.append(KeepTogether([_p(signed, "small"),
                                     _picture(w.signature, images, SIGNATURE_BOX)]))
        else:
            out.append(_p("Not signed.", "small"))
    for photo in item.photos:
        out += [Spacer(1, 2 * mm), _picture(photo, images, PHOTO_BOX), _p(photo.name, "small")]
    for d in item.decisions:
        judged = "; ".join(f"{k.rsplit('/', 1)[-1]} {JUDGEMENT_WORDS.get(v, v)}"
                           for k, v in sorted(d.judgements.items()))
        on = f" on {d.decided_at[:10]}" if d.decided_at else ""
        out.append(_labelled(f"Assessment{on}", OUTCOME_WORDS.get(d.outcome, d.outcome)
                             + (f" ({judged})" if judged else "")))
        if d.feedback:
            out.append(_labelled("Feedback", d.feedback))
    return out


def _review(review: Review) -> list[Flowable]:
    when = review.held_on or review.scheduled_for or "date not set"
    out: list[Flowable] = [_p(f"Review {str(when)[:10]} ({review.status})", "h3")]
    for label, value in (("Who took part", review.participants), ("Notes", review.notes),
                         ("Actions", review.actions),
                         ("Next review due", (review.next_review_due or "")[:10])):
        if value:
            out.append(_labelled(label, value))
    signed = [f"the worker on {review.worker_signed_at[:10]}" if review.worker_signed_at else "",
              f"the assessor on {review.assessor_signed_at[:10]}"
              if review.assessor_signed_at else ""]
    out.append(_p("Signed by " + " and ".join(s for s in signed if s) + "."
                  if any(signed) else "Not signed yet.", "small"))
    return out


def render_pdf(worker_name: str, now: datetime, coverage: list[StandardCoverage],
               content: Content, images: Mapping[str, bytes]) -> bytes:
    """The portfolio as a PDF; `images`: sha -> bytes of the image files held."""
    story: list[Flowable] = [
        _p(f"Portfolio of {worker_name}", "title"),
        _p(f"Exported {now:%d %B %Y %H:%M} UTC from Carefolio. {len(content.items)} evidence "
           f"items, {len(content.reviews)} progress reviews.", "small"),
        _p("Criteria covered", "h2"),
    ]
    for block in coverage:
        story += _coverage(block)
    if not coverage:
        story.append(_p("Not enrolled on a standard yet."))
    story.append(_p("Evidence", "h2"))
    for item in content.items:
        story += _item(item, images)
    if not content.items:
        story.append(_p("No evidence yet."))
    story.append(_p("Progress reviews", "h2"))
    for review in content.reviews:
        story += _review(review)
    if not content.reviews:
        story.append(_p("No progress reviews yet."))
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                                 topMargin=18 * mm, bottomMargin=18 * mm,
                                 title=f"Portfolio of {worker_name}", author="Carefolio")
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def _footer(canvas: object, document: SimpleDocTemplate) -> None:
    regular, _ = _fonts()
    canvas.setFont(regular, 8)  # type: ignore[attr-defined]
    canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {document.page}")  # type: ignore[attr-defined]
