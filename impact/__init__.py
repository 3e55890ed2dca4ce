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
from impact.data import countries as _countries  # noqa: E402
from impact.model import scenario as _scenario  # noqa: E402
from impact.model.scenario import Scenario  # noqa: E402

# The model reads no country data: country names are resolved by the data layer's resolver,
# installed here once for every caller of Scenario.create (impact.estimate, the batch, the page).
_scenario.use_country_names(_countries.to_iso3)

# Imported on first use (they load numpy): ``impact --help`` and ``import impact`` stay light.
_LAZY = {"estimate": "impact.api", "estimate_costs": "impact.api", "sentence": "impact.api", "note": "impact.api", "Cost": "impact.model.estimator",
         "Range": "impact.model.result", "Result": "impact.model.result", "estimate_many": "impact.events.batch"}

__all__ = [
    "estimate", "estimate_costs", "sentence", "note", "Cost", "Scenario", "Result", "Range", "ImpactError", "InputError", "UnknownCountryError",
    "UnknownRegionError", "ParameterError", "DataError", "DataMissingError", "SnapshotCorruptError",
    "ImportFormatError", "estimate_many", "__version__",
]


def __getattr__(name: str):
    """The public names of :data:`_LAZY`, imported on first use only."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'impact' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
