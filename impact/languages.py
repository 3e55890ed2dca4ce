"""The languages the tool speaks (its reports, its page, the country names it reads), defined once
where every layer can import them cheaply."""

LANGS = ("en", "fr")
