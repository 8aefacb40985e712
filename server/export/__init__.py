"""A worker's portfolio taken away: a ZIP with a readable PDF, an HTML summary, the JSON data
and the attachments under file names that end in their type.

    files.py     pure: a file's type from its first bytes; the names files get in the ZIP
    content.py   pure: the records of a portfolio scope -> what the documents show
    pdf.py       the PDF portfolio (reportlab), values in, bytes out
    html.py      the HTML summary, every value escaped, images by their ZIP names
    service.py   reads the portfolio and its files, writes the ZIP
"""
