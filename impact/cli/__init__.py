"""The ``impact`` command line: a thin shell over the library."""
from impact.cli.main import main

__all__ = ["main"]
