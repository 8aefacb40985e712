"""Enrolments: a worker on a standard, with an assessor and a progress-review rule."""
