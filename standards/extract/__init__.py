"""Bytes of an uploaded NOS document in, plain text lines out, or a refusal.

`extract_text` looks at the bytes (not the file name) to decide what they are: a PDF
("%PDF-"), a .docx (a zip with word/document.xml) or text. It refuses before any parsing a
file over `MAX_BYTES`, an empty file, binary junk, a PDF with no text layer (scanned), and
files the PDF or Word readers cannot open.
"""

from standards.extract.sniff import MAX_BYTES, Extracted, extract_text

__all__ = ["MAX_BYTES", "Extracted", "extract_text"]
