"""The package version, and the date from which results changed (kept apart so that any module
can import it without importing the package's public API)."""
__version__ = "0.1.0"
# Results computed by versions before this date may differ from today's (see CHANGELOG.md).
RESULTS_CHANGED = "2026-12-03"
