"""impact — the economic cost of internet shutdowns, with ranges, data years and sources.

>>> import impact
>>> r = impact.estimate(country="Mali", start="2017-06-13", end="2017-06-14",
...                     disruption="services", services="facebook,twitter")   # doctest: +SKIP
>>> r.to_dict()["cost_usd"]                                                   # doctest: +SKIP
"""
from impact._version import RESULTS_CHANGED, __version__  # noqa: E402,F401

from impact.errors import (  # noqa: E402
    DataError, DataMissingError, ImpactError, ImportFormatError, InputError, ParameterError,
    SnapshotCorruptError, UnknownCountryError, UnknownRegionError,
)
from impact.api import estimate, estimate_costs  # noqa: E402
from impact.model.estimator import Cost  # noqa: E402
from impact.model.result import Range, Result  # noqa: E402
from impact.model.scenario import Scenario  # noqa: E402

__all__ = [
    "estimate", "estimate_costs", "Cost", "Scenario", "Result", "Range", "ImpactError", "InputError", "UnknownCountryError",
    "UnknownRegionError", "ParameterError", "DataError", "DataMissingError", "SnapshotCorruptError",
    "ImportFormatError", "estimate_many", "__version__",
]


def __getattr__(name: str):
    """``impact.estimate_many`` (:mod:`impact.events.batch`), imported on first use only."""
    if name == "estimate_many":
        from impact.events.batch import estimate_many

        return estimate_many
    raise AttributeError(f"module 'impact' has no attribute {name!r}")
