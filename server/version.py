"""The one version of Carefolio: pyproject.toml's, read from the installed distribution."""

from __future__ import annotations

from importlib.metadata import version

VERSION = version("carefolio")
