"""Reports: numbers and dates in words, sentences for letters, notes and bibliography, locales."""

from impact.languages import LANGS  # noqa: F401 - the languages of the citable text (impact.report.cite)
