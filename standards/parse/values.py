"""Reading the values section: an introductory paragraph, then one value per line.

A line starting in lower case continues the one above (text wrapped by a PDF).
"""

from __future__ import annotations

from standards.parse.lines import Line, join_wrapped
from standards.parse.refs import parse_numbered


def read_values(lines: list[Line]) -> tuple[str, list[str]]:
    """The introduction (up to its line ending in a colon) and the list of values."""
    texts: list[str] = []
    for line in lines:
        if line.blank:
            continue
        if texts and line.text[0].islower():
            texts[-1] = join_wrapped(texts[-1], line.text)
        else:
            texts.append(_unnumbered(line.text))
    for index, text in enumerate(texts):
        if text.endswith(":"):
            return " ".join(texts[: index + 1]), texts[index + 1 :]
    return "", texts


def _unnumbered(text: str) -> str:
    numbered = parse_numbered(text)
    return numbered[1] if numbered is not None else text.lstrip("•·▪-– ").strip() or text
