"""The base layer that the domain packages (sync/, standards/) and the web layer (server/)
share: it imports nothing from server/ or Starlette (tests/test_lint.py holds it to that)."""
