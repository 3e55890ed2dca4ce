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
import re
import unicodedata
from typing import Sequence

import pandas as pd

from impact.data.source import RegionShare
from impact.errors import DataMissingError, InputError, UnknownRegionError

SUFFIXES = ("province", "region", "state", "division", "governorate", "district", "territory",
            "union territory", "oblast", "department", "prefecture", "county")
WEIGHTS = ("population", "income")


def name_key(text: str) -> str:
    """Folded comparison key: no accents, case, punctuation, spaces or administrative suffix."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] in SUFFIXES:
        words.pop(0)
    return "".join(words)


def _candidates(region: str) -> tuple[str, list[str]]:
    """Key of a GDL region name and keys of the members listed in its parentheses."""
    main = region.split("(", 1)[0].strip()
    inner = re.findall(r"\(([^)]*)\)", region)
    members = []
    for group in inner:
        parts = re.split(r",|;|/| and | incl\.? ", group) if "," in group or ";" in group else group.split()
        members.extend(name_key(p) for p in parts if name_key(p))
    return name_key(main), members


def _table(data, iso3: str) -> pd.DataFrame:
    regions = data.regions
    rows = regions[regions["iso3"] == iso3]
    if rows.empty:
        have = sorted(set(regions["iso3"]))
        raise DataMissingError(f"no sub-national regions for {iso3} in snapshot {data.snapshot_id} "
                               f"(Global Data Lab covers {len(have)} countries); import the Global Data Lab "
                               f"subnational folder or cost the whole country")
    return rows


def list_regions(data, iso3: str) -> list[str]:
    """Region names (GDL's, without the country prefix) of a country, in GDL order."""
    return list(_table(data, iso3)["region"])


def resolve(data, iso3: str, name: str) -> str:
    """GDL region code (e.g. ``"ethr101"``) for a region name; UnknownRegionError if none."""
    rows = _table(data, iso3)
    want = name_key(name)
    if not want:
        raise UnknownRegionError(f"empty region name for {iso3}; regions: {', '.join(rows['region'])}")
    by_code = {str(c).casefold(): c for c in rows["code"]} | {str(g).casefold(): c for c, g in zip(rows["code"], rows["gdlcode"])}
    if name.strip().casefold() in by_code:
        return by_code[name.strip().casefold()]
    mains, members = {}, {}
    for code, region, full in zip(rows["code"], rows["region"], rows["name"]):
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
    close = difflib.get_close_matches(want, keys, n=3, cutoff=0.8)
    if close:
        best = close[0]
        code = mains.get(best) or next(iter(members[best]))
        second = close[1] if len(close) > 1 else None
        ratio = difflib.SequenceMatcher(None, want, best).ratio()
        if second is None or ratio > difflib.SequenceMatcher(None, want, second).ratio():
            return code
    names = dict(zip(rows["code"], rows["region"]))
    loose = difflib.get_close_matches(want, keys, n=3, cutoff=0.6)
    hint = [names[mains.get(k) or next(iter(members[k]))] for k in loose]
    listing = f"close matches: {'; '.join(hint)}" if hint else f"regions: {'; '.join(rows['region'])}"
    raise UnknownRegionError(f"unknown region {name!r} for {iso3}; {listing}")


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
        Region names or GDL codes (resolved with :func:`resolve`; duplicates counted once).
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
    codes = list(dict.fromkeys(resolve(data, iso3, r) for r in regions))
    vals = data.region_values
    vals = vals[vals["code"].isin(set(table["code"]))].copy()
    vals["w"] = vals["pop"] * (vals["gnic"] if weight == "income" else 1.0)
    vals = vals.dropna(subset=["w"])
    # years where every asked region has a value
    have = vals[vals["code"].isin(codes)].groupby("year")["code"].nunique()
    years = have[have == len(codes)].index
    if year is not None:
        years = years[years <= int(year)]
    if len(years) == 0:
        when = "any year" if year is None else f"{year} or earlier"
        raise DataMissingError(f"no {weight} data for region(s) {', '.join(regions)} of {iso3} for {when} "
                               f"in snapshot {data.snapshot_id}")
    used = int(max(years))
    this = vals[vals["year"] == used]
    total = float(this["w"].sum())
    part = float(this.loc[this["code"].isin(codes), "w"].sum())
    names = dict(zip(table["code"], table["region"]))
    source = (data.manifest.get("regions") or {}).get("source", "Global Data Lab")
    return RegionShare(share=part / total, year=used, regions=tuple(names[c] for c in codes),
                       weight=weight, source=source)
