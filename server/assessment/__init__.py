"""Assessment: the assessor's queue, coverage, decisions' audit, portfolio export, and
quality-assurance sampling. Evidence and decisions themselves are sync records; this area
keeps indexed read models of them (projection.py), updated in the push's transaction."""
