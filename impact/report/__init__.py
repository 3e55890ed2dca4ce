"""Reports: numbers and dates in words, sentences for letters, notes and bibliography, locales."""
