"""``python -m impact``: the same command line as ``impact``."""
import sys

from .cli import main

sys.exit(main())
