"""Reports: numbers and dates in words, sentences for letters, notes and bibliography, locales."""

LANGS = ("en", "fr")  # languages of the citable text (impact.report.cite), importable without numpy
