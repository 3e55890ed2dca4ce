"""Sub-national regions (Global Data Lab) and their share of a country's population or income.

Names are resolved tolerantly: accents and case are ignored, "&" reads as "and", suffixes such as
"Province", "Region" or "State" are dropped, a name in the parentheses of a GDL group
("Afghanistan - Central (Kabul Wardak …)") matches its group, GDL codes ("ETHr101") are accepted,
and remaining spelling variants are matched with :mod:`difflib`.

Shares are computed from the snapshot's GDL tables for the latest year not after the one asked:
population share = regions' population / all the country's regions' population; income share
weights each region's population by its GNI per capita (PPP).
"""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from functools import lru_cache
from typing import Sequence

from pathlib import Path

import yaml

from impact.data.source import RegionShare
from impact.errors import DataMissingError, InputError, UnknownRegionError

# Place names for GDL regions that the tolerant matching cannot guess (data, with why): used by
# resolve (the library, the command line, the page) and by the registries' place matching.
ALIASES_FILE = Path(__file__).with_name("region_aliases.yaml")

SUFFIXES = ("province", "region", "state", "division", "governorate", "district", "territory",
            "union territory", "oblast", "department", "prefecture", "county")
WEIGHTS = ("population", "income")
# A folded name this short is taken for a misspelling of a region only with the same first letter:
# one letter more or less is another name ("west" and "est" are 86% alike).
SHORT_NAME = 6


_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Folded comparison key: no accents, case, punctuation, spaces or administrative suffix
    (memoised: registries and region tables repeat the same names thousands of times)."""
    if not text.isascii():  # ASCII is its own NFKD form, with no combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    words = _WORD.findall(text)
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] in SUFFIXES:
        words.pop(0)
    return "".join(words)


def merged_names(region: str) -> tuple[str, ...]:
    """Keys of the regions GDL merged into one region named with commas ("Mandalay, NayPyitaw":
    mandalay, naypyitaw); () for a region of one name."""
    main = region.split("(", 1)[0]
    if "," not in main:
        return ()
    return tuple(name_key(p) for p in re.split(r",| and ", main) if name_key(p))


@lru_cache(maxsize=16384)
def _candidates(region: str) -> tuple[str, tuple[str, ...]]:
    """Key of a GDL region name and keys of its members: those listed in its parentheses, and the
    regions GDL merged into one, named with commas (memoised)."""
    main = region.split("(", 1)[0].strip()
    inner = re.findall(r"\(([^)]*)\)", region)
    members = list(merged_names(region))
    for group in inner:
        parts = re.split(r",|;|/| and | incl\.? ", group) if "," in group or ";" in group else group.split()
        members.extend(name_key(p) for p in parts if name_key(p))
    return name_key(main), tuple(members)


def region_keys(region: str) -> frozenset[str]:
    """Every folded name a GDL region is known by: its whole name, its name before the parentheses,
    and its members ("North (Samangan Sar-e-Pul Balkh Jawzjan Faryab)": north, balkh, …;
    "Mandalay, NayPyitaw": mandalay, naypyitaw)."""
    main, members = _candidates(region)
    return frozenset(k for k in (name_key(region), main, *(m for m in members if m not in _NOT_NAMES)) if k)


# Words of GDL's brackets that are not names of places on their own ("Atacora (incl Donga)", "Central 1
# (Central South)", "Debubawi Keyih Bahri (Southern Red Sea)"): not keys a registry's place is matched by.
_NOT_NAMES = frozenset({"incl", "including", "and", "former", "formerly", "area", "areas", "town", "city",
                        "countryside", "capital", "governorate", "metropolitain", "metropolitan", "central",
                        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "red",
                        "sea", "other", "rural", "urban", "sur", "norte", "islands", "isl"})


@lru_cache(maxsize=1)
def alias_entries() -> tuple[dict, ...]:
    """The entries of :data:`ALIASES_FILE`: country, places (folded names), regions, why, part."""
    text = ALIASES_FILE.read_text(encoding="utf-8")
    return tuple(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@lru_cache(maxsize=1)
def aliases() -> dict[str, dict[str, tuple[str, ...]]]:
    """ISO3 → folded place name → Global Data Lab region names, from :data:`ALIASES_FILE`."""
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for entry in alias_entries():
        for place in entry["places"]:
            out.setdefault(entry["country"], {})[name_key(str(place))] = tuple(map(str, entry["regions"]))
    return out


@lru_cache(maxsize=1)
def part_aliases() -> frozenset[tuple[str, str]]:
    """(ISO3, folded place name) of the aliases marked ``part: true``: places that are a part of
    the (larger) region they are costed as."""
    return frozenset((e["country"], name_key(str(place))) for e in alias_entries() if e.get("part")
                     for place in e["places"])


def members(region: str) -> tuple[str, ...]:
    """Keys of the regions a GDL region groups: named with commas ("Mandalay, NayPyitaw") or listed
    in its parentheses, two or more ("North (Samangan Sar-e-Pul Balkh Jawzjan Faryab)"); () for a
    region of one name or with one other name in brackets ("Islamabad (ICT)")."""
    merged = merged_names(region)
    if merged:
        return merged
    listed = _candidates(region)[1]
    return listed if len(listed) >= 2 else ()


def build_index(reg: dict[str, list], vals: dict[str, list]) -> dict[str, tuple[list[dict], dict]]:
    """iso3 → (its regions as rows {code, gdlcode, iso3, name, region} in GDL order,
    {region code: [(year, pop, gnic), ...]}) from the region tables' columns."""
    index: dict[str, tuple[list[dict], dict]] = {}
    country = {}
    for row in zip(*(reg[c] for c in ("code", "gdlcode", "iso3", "name", "region"))):
        entry = dict(zip(("code", "gdlcode", "iso3", "name", "region"), row))
        index.setdefault(entry["iso3"], ([], {}))[0].append(entry)
        country[entry["code"]] = entry["iso3"]
    for code, yr, pop, gnic in zip(vals["code"], vals["year"], vals["pop"], vals["gnic"]):
        if code in country:
            index[country[code]][1].setdefault(code, []).append((int(yr), pop, gnic))
    return index


def _index(data) -> dict[str, tuple[list[dict], dict]]:
    if hasattr(data, "region_index"):
        return data.region_index()
    reg, vals = data.regions, data.region_values  # any object with pandas tables
    return build_index({c: list(reg[c]) for c in reg.columns},
                       {c: [None if v != v else v for v in vals[c]] for c in vals.columns})


def last_year(data) -> int | None:
    """The last year of the region values (None without any), without building pandas tables."""
    if hasattr(data, "region_lists"):
        years = data.region_lists()[1]["year"]
        return int(max(years)) if len(years) else None
    values = getattr(data, "region_values", None)
    return int(values["year"].max()) if values is not None and len(values) else None


def _table(data, iso3: str) -> list[dict]:
    """The country's regions as rows {code, gdlcode, iso3, name, region}, in GDL order."""
    index = _index(data)
    if iso3 not in index:
        raise DataMissingError(f"no sub-national regions for {iso3} in snapshot {data.snapshot_id} "
                               f"(Global Data Lab covers {len(index)} countries); import the Global Data Lab "
                               f"subnational folder ('impact data import PATH') or cost the whole country",
                               newer_data_helps=False)  # a World Bank update brings no regions
    return index[iso3][0]


def list_regions(data, iso3: str) -> list[str]:
    """Region names (GDL's, without the country prefix) of a country, in GDL order."""
    return [r["region"] for r in _table(data, iso3)]


def resolve(data, iso3: str, name: str) -> str:
    """GDL region code (e.g. ``"ethr101"``) for a region name; UnknownRegionError if none.

    A misspelt name is taken for the one region it is closest to (at least 80% alike: "Amahra" is
    Amhara, "Isfahan" is Esfahan), unless another is as close; a name shorter than
    :data:`SHORT_NAME` letters also keeps its first letter ("West" is not Cameroon's "Est")."""
    rows = _table(data, iso3)
    want = name_key(name)
    if not want:
        raise UnknownRegionError(f"empty region name for {iso3}; regions: {', '.join(r['region'] for r in rows)}")
    by_code = {str(r["code"]).casefold(): r["code"] for r in rows} | {str(r["gdlcode"]).casefold(): r["code"]
                                                                    for r in rows}
    if name.strip().casefold() in by_code:
        return by_code[name.strip().casefold()]
    mains, members = {}, {}
    for code, region, full in ((r["code"], r["region"], r["name"]) for r in rows):
        if want in (name_key(region), name_key(full)):
            return code
        main, parts = _candidates(region)
        mains.setdefault(main, code)
        for part in parts:
            members.setdefault(part, set()).add(code)
    if want in mains:
        return mains[want]
    if want in members and len(members[want]) == 1:
        return next(iter(members[want]))
    keys = list(mains) + [k for k, v in members.items() if len(v) == 1]
    close = [k for k in difflib.get_close_matches(want, keys, n=3, cutoff=0.8)
             if k[0] == want[0] or len(want) >= SHORT_NAME]  # "west" is not "est"; "isfahan" is "esfahan"
    if close:
        best = close[0]
        code = mains.get(best) or next(iter(members[best]))
        second = close[1] if len(close) > 1 else None
        ratio = difflib.SequenceMatcher(None, want, best).ratio()
        if second is None or ratio > difflib.SequenceMatcher(None, want, second).ratio():
            return code
    names = {r["code"]: r["region"] for r in rows}
    named = aliases().get(iso3, {})
    loose = difflib.get_close_matches(want, keys + list(named), n=3, cutoff=0.6)
    hint = list(dict.fromkeys(" + ".join(named[k]) if k in named else names[mains.get(k) or next(iter(members[k]))]
                              for k in loose))
    listing = f"close matches: {'; '.join(hint)}" if hint else f"regions: {'; '.join(names.values())}"
    raise UnknownRegionError(f"unknown region {name!r} for {iso3}; {listing}")


def resolve_all(data, iso3: str, name: str) -> tuple[str, ...]:
    """GDL region codes for a region name: one (:func:`resolve`), or the regions an alias names
    (:data:`ALIASES_FILE`: "Gaza Strip" is two GDL regions, "Tehran" is "Tehran and Alborz"). A
    place the aliases mark as a part of a region ("Srinagar", in Jammu and Kashmir) is refused,
    naming that region: costing all of it would be an upper bound the caller did not ask for."""
    key, table = name_key(name), _table(data, iso3)
    named = aliases().get(iso3, {}).get(key)
    if not named or any(key in (name_key(r["region"]), name_key(r["name"])) for r in table):
        return (resolve(data, iso3, name),)
    codes = {r["region"]: r["code"] for r in table}
    if (iso3, key) in part_aliases():
        raise UnknownRegionError(
            f"region {name!r} of {iso3} is a part of the Global Data Lab region {' + '.join(named)}, the finest the "
            f"data hold: give regions={','.join(named)!r} for all of it, or share= (the share of the country's people cut)")
    return tuple(codes[r] for r in named if r in codes) or (resolve(data, iso3, name),)


def weights_by_year(values: dict, weight: str = "population") -> dict[int, dict[str, float]]:
    """year → region code → weight (population, or population × GNI per head for ``"income"``) from a
    country's region values by code (its entry of :func:`build_index`); a region without the
    value of a year is absent from that year."""
    by_year: dict[int, dict[str, float]] = {}
    for code, rows in values.items():
        for yr, pop, gnic in rows:
            if pop is None or (weight == "income" and gnic is None):
                continue
            by_year.setdefault(yr, {})[code] = float(pop * gnic if weight == "income" else pop)
    return by_year


def share(data, iso3: str, regions: Sequence[str], year: int | None = None,
          weight: str = "population") -> RegionShare:
    """Share of a country's population (or income) living in the named regions.

    Parameters
    ----------
    data : Snapshot
        Snapshot with Global Data Lab tables (``regions``, ``region_values``).
    iso3 : str
        Country code.
    regions : sequence of str
        Region names, aliases or GDL codes (resolved with :func:`resolve_all`; duplicates counted once).
    year : int, optional
        Latest year not after this is used (latest available when None).
    weight : {"population", "income"}
        ``"income"`` weights population by GNI per capita (PPP).

    Returns
    -------
    RegionShare
        Share in (0, 1], the year used and the canonical region names.
    """
    if weight not in WEIGHTS:
        raise InputError(f"weight {weight!r} is not accepted; accepted: {', '.join(WEIGHTS)}")
    if isinstance(regions, str):
        regions = [regions]
    if not regions:
        raise InputError(f"no region given for {iso3}; give one or more region names")
    table = _table(data, iso3)
    codes = list(dict.fromkeys(c for r in regions for c in resolve_all(data, iso3, r)))
    by_year = (data.region_weights(iso3, weight) if hasattr(data, "region_weights")
               else weights_by_year(_index(data)[iso3][1], weight))
    # years where every asked region has a value
    years = [y for y, ws in by_year.items() if all(c in ws for c in codes)]
    if year is not None:
        years = [y for y in years if y <= int(year)]
    if not years:
        when = "any year" if year is None else f"{year} or earlier"
        raise DataMissingError(f"no {weight} data for region(s) {', '.join(regions)} of {iso3} for {when} "
                               f"in snapshot {data.snapshot_id}")
    used = max(years)
    this = by_year[used]
    total = math.fsum(this.values())
    part = math.fsum(this[c] for c in codes)
    names = {r["code"]: r["region"] for r in table}
    source = (data.manifest.get("regions") or {}).get("source", "Global Data Lab")
    return RegionShare(share=part / total, year=used, regions=tuple(names[c] for c in codes),
                       weight=weight, source=source)
