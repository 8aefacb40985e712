"""`python -m server.cli ...`: the `carefolio` command (tests and benchmarks start servers so)."""

from server.cli import main

raise SystemExit(main())
