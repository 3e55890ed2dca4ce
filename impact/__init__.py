"""impact — the economic cost of internet shutdowns, with ranges, data years and sources.

>>> import impact
>>> r = impact.estimate(country="Mali", start="2017-06-13", end="2017-06-14",
...                     disruption="services", services="facebook,twitter")   # doctest: +SKIP
>>> r.to_dict()["cost_usd"]                                                   # doctest: +SKIP
"""
__version__ = "0.1.0"
# Results computed by versions before this date may differ from today's (see CHANGELOG.md).
RESULTS_CHANGED = "2026-11-28"

from .errors import (  # noqa: E402
    DataError, DataMissingError, ImpactError, ImportFormatError, InputError, ParameterError,
    SnapshotCorruptError, UnknownCountryError, UnknownRegionError,
)
from .estimator import estimate  # noqa: E402
from .result import Range, Result  # noqa: E402
from .scenario import Scenario  # noqa: E402

__all__ = [
    "estimate", "Scenario", "Result", "Range", "ImpactError", "InputError", "UnknownCountryError",
    "UnknownRegionError", "ParameterError", "DataError", "DataMissingError", "SnapshotCorruptError",
    "ImportFormatError", "estimate_many", "__version__",
]


def __getattr__(name: str):
    """``impact.estimate_many`` (:mod:`impact.batch`), imported on first use only."""
    if name == "estimate_many":
        from .batch import estimate_many

        return estimate_many
    raise AttributeError(f"module 'impact' has no attribute {name!r}")
