"""One exception hierarchy for every error a user can cause.

Every message says what was wrong and what is accepted. The command line turns any
:class:`ImpactError` into one line on standard error and an exit code (2 for bad input,
3 for missing data); the page shows it as a friendly message.
"""
from __future__ import annotations


class ImpactError(Exception):
    """Base class of every error raised on purpose by :mod:`impact`."""

    exit_code = 2


class InputError(ImpactError, ValueError):
    """A scenario field, file or option has a value that is not accepted."""


class UnknownCountryError(InputError):
    """A country name or code that does not resolve; carries suggestions."""

    def __init__(self, given: str, suggestions: list[str] | tuple[str, ...] = (), hint: str = ""):
        self.given = given
        self.suggestions = tuple(suggestions)
        hint = f" {hint}." if hint else f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(
            f"unknown country {given!r}: give an ISO 3166 alpha-3 code (e.g. MLI) "
            f"or a country name (e.g. 'Mali', 'Côte d'Ivoire').{hint}"
        )


class AmbiguousCountryError(UnknownCountryError):
    """A country name that fits more than one country ('Congo'); ``candidates``: (ISO3, name) of each."""

    def __init__(self, given: str, candidates: tuple[tuple[str, str], ...]):
        self.given = given
        self.candidates = tuple(candidates)
        self.suggestions = tuple(name for _, name in self.candidates)
        listed = " or ".join(f"{name} ({iso3})" for iso3, name in self.candidates)
        InputError.__init__(self, f"country {given!r} is ambiguous: it may be {listed}; give the ISO3 code "
                                  f"({', '.join(iso3 for iso3, _ in self.candidates)}) or the full name")


class UnknownRegionError(InputError):
    """A sub-national region name that does not resolve for the country."""


class ParameterError(ImpactError):
    """A parameter file is malformed (an override outside its range is an :class:`InputError`)."""


class DataError(ImpactError):
    """Country data is missing, malformed or corrupt."""

    exit_code = 3


class DataMissingError(DataError):
    """No snapshot, or no value for the country, indicator and year asked.

    ``field`` names the scenario field that can give the missing value instead (e.g.
    ``"gdp_usd"``), or is None; each interface words it its own way (the CLI as its flag).
    ``newer_data_helps`` is False when updating the data cannot fix it (a country's series that
    starts after the year asked), so that no interface advises it.
    """

    def __init__(self, message: str = "", field: str | None = None, newer_data_helps: bool = True):
        super().__init__(message)
        self.field = field
        self.newer_data_helps = newer_data_helps


class SnapshotCorruptError(DataError):
    """A snapshot failed its checksum or could not be read."""


class ImportFormatError(DataError, InputError):
    """A file given to import has an unknown layout or is malformed (names file and line)."""

    exit_code = 2
