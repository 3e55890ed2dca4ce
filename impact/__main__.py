"""``python -m impact``: the same command line as ``impact``."""
import sys

from impact.cli import main

sys.exit(main())
