"""Place names of a registry → Global Data Lab regions of a country, and nationwide areas.

Places are matched through :mod:`impact.data.regions` (a region is taken only when the folded
names are at least :data:`REGION_MATCH` alike); registry spellings the matcher cannot guess are
data, in ``impact/data/region_aliases.yaml`` (:func:`impact.data.regions.aliases`).
"""
from __future__ import annotations

import difflib
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from impact.errors import ImpactError
from impact.model.parameters import safe_yaml
from impact.data.regions import last_year as last_region_year
from impact.data.regions import members as region_members
from impact.data.regions import ALIASES_FILE, aliases, part_aliases  # noqa: F401 (registry.aliases)
from impact.data.regions import merged_names, region_keys
from impact.data.regions import name_key as region_key
from impact.data.regions import resolve as resolve_region

# A place is taken for a region only if its folded name is this close to the region's name.
REGION_MATCH = 0.85


CITY_REGIONS_FILE = Path(__file__).with_name("city_regions.yaml")


@lru_cache(maxsize=1)
def city_regions() -> frozenset[tuple[str, str]]:
    """(ISO3, region name) of the Global Data Lab regions that are one city (a capital district),
    from :data:`CITY_REGIONS_FILE`."""
    return frozenset((e["country"], str(r)) for e in safe_yaml(CITY_REGIONS_FILE.read_text(encoding="utf-8"))
                     for r in e["regions"])


_NATIONAL = re.compile(
    r"\bnation\s*-?\s*w\s*i?\s*de\b|\bnationwde\b|\bcountry\s*-?\s*wide\b|\bentire country\b|"
    r"\bwhole country\b|\bmost of the country\b|\ball over the country\b|^\s*national\b(?!\s+capital)|"
    r"^\s*all (?:the )?(?:regions|provinces|states|governorates)\b",
    re.IGNORECASE)
EXCEPT = re.compile(r"\bexcept\b|\bexcluding\b|\bbut (?:for|not)\b", re.IGNORECASE)
_PLACE_SPLIT = re.compile(r"[,;/()\[\]:]|\s+-\s+|\s+in\s+|\s+of\s+|[’']s\b", re.IGNORECASE)
# Markers that a region is named as the region of places in it (Places.held).
_POSSESSIVE = re.compile(r"[’']s", re.IGNORECASE)
_IN_OF = re.compile(r"\s+(?:in|of)\s+", re.IGNORECASE)
_UNITS = (r"townships?|districts?|sub-?districts?|villages?|towns?|counties|county|tehsils?|cities|city|"
          r"municipalit(?:y|ies)|localit(?:y|ies)|neighbou?rhoods?|woredas?|zones?|camps?")
_UNIT_END = re.compile(rf"\b(?:{_UNITS})\s*\.?\s*$", re.IGNORECASE)
_HOLDS_BEFORE = re.compile(rf"\b(?:{_UNITS}|parts?|areas?|capital|outskirts|suburbs?)\s*$", re.IGNORECASE)
_LISTED = re.compile(r"\s*(?:and|&)\s", re.IGNORECASE)
_AND_SPLIT = re.compile(r"\s+and\s+|\s*&\s*", re.IGNORECASE)
_PLACE_WORDS = re.compile(
    r"^(?:and|the|city|town|parts?|areas?|several|some|all)\s+|\s+(?:districts?|states?|provinces?|"
    r"regions?|divisions?|townships?|towns?|cities|city|areas?|villages?|counties|county|"
    r"governorates?|prefectures?)$", re.IGNORECASE)


class Places:
    """Place names → Global Data Lab regions of a country, through :mod:`impact.data.regions`."""

    def __init__(self, data):
        self._data = data
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._names: dict[str, tuple[dict[str, str], list[tuple[str, set[str]]], _Names]] = {}
        self._shares: dict[tuple, float | None] = {}
        self._areas: dict[tuple[str, str], tuple[tuple[str, ...], int]] = {}
        self._places: dict[tuple[str, str], tuple[int, int]] = {}  # (places recognised, of them through a part alias)
        self._held: dict[tuple[str, str], tuple[str, ...]] = {}    # regions named only as the region of places in them
        self._merged: dict[tuple[str, str], tuple[str, ...]] = {}  # regions GDL merged, found by one of their names
        self._last: int | None = None

    @property
    def data(self):
        if self._data is None:
            from impact.data.source import active

            self._data = active()
        return self._data

    def country(self, iso3: str):
        """(region name → code, [(code, folded names of the region)], the folded names indexed for
        the fuzzy gate) of a country's Global Data Lab regions, in GDL order."""
        if iso3 not in self._names:
            data = self.data
            if hasattr(data, "region_index"):  # plain lists, no pandas
                rows = data.region_index().get(iso3, ([], {}))[0]
                pairs = [(r["code"], r["region"]) for r in rows]
            else:
                table = data.regions
                rows = table[table["iso3"] == iso3]
                pairs = list(zip(rows["code"], rows["region"]))
            by_name = {region: code for code, region in pairs}
            keys = [(code, set(region_keys(region)) | {region_key(p) for p in re.split(r"[,;()/]", region)
                                                       if region_key(p)})
                    for code, region in pairs]
            self._names[iso3] = (by_name, keys, _Names([n for _, k in keys for n in k]))
        return self._names[iso3]

    def share(self, iso3: str, regions: tuple[str, ...], year: int) -> float | None:
        """Population share of regions of a country in a year, memoised (None when the data lack it).
        Years after the last of the region data share one entry (the data give that last year's)."""
        if self._last is None:
            last = last_region_year(self.data)
            self._last = 10**4 if last is None else last
        key = (iso3, regions, min(year, self._last))
        if key not in self._shares:
            try:
                self._shares[key] = float(self.data.region_share(iso3, regions, year).share)
            except (ImpactError, TypeError, ValueError):
                self._shares[key] = None
        return self._shares[key]

    def typical_share(self, iso3: str, year: int) -> float | None:
        """Population share of the country's median region in a year (a typical first-level region,
        for an event known to lie in one region but not which; the latest year of region data not
        after ``year``), memoised; None when the data hold fewer than two regions of the country
        then."""
        key = ("median", iso3, year)
        if key not in self._shares:
            data = self.data
            if hasattr(data, "region_weights") and self.country(iso3)[0]:  # every region of a year at once
                by_year = data.region_weights(iso3, "population")
                years = [y for y in by_year if y <= year]
                weights = list(by_year[max(years)].values()) if years else []
                total = math.fsum(weights)
                shares = [w / total for w in weights] if total > 0 else []
            else:
                shares = [self.share(iso3, (name,), year) for name in self.country(iso3)[0]]
            known = [s for s in shares if s is not None and s > 0]
            self._shares[key] = float(np.median(known)) if len(known) >= 2 else None
        return self._shares[key]

    def one(self, iso3: str, place: str) -> tuple[str, ...]:
        """Region names for one place ('' parts and unknown places give ())."""
        key = region_key(place)
        if not key:
            return ()
        cache_key = (iso3, key)
        if cache_key in self._cache:
            return self._cache[cache_key]
        by_name, keys, names = self.country(iso3)
        found: tuple[str, ...] = ()
        alias = aliases().get(iso3, {}).get(key)
        if alias:
            found = tuple(a for a in alias if a in by_name)
        elif by_name and names.any_close(key, REGION_MATCH):
            try:
                code = resolve_region(self.data, iso3, place)
            except ImpactError:
                code = None
            if code is not None:
                names = next(k for c, k in keys if c == code)
                best = max(difflib.SequenceMatcher(None, key, n).ratio() for n in names)
                if best >= REGION_MATCH:
                    found = (next(r for r, c in by_name.items() if c == code),)
        self._cache[cache_key] = found
        return found

    def resolve(self, iso3: str, area: str) -> tuple[tuple[str, ...], int]:
        """Regions named in an area text, and how many of its places went unrecognised (memoised:
        registries repeat area texts)."""
        if (iso3, area) not in self._areas:
            self._areas[iso3, area] = self._resolve(iso3, area)
        return self._areas[iso3, area]

    def recognised(self, iso3: str, area: str) -> tuple[int, int]:
        """(how many places of the area text were recognised, how many of them through an alias of a
        part of its region: ``part: true`` in the aliases file)."""
        self.resolve(iso3, area)
        return self._places[iso3, area]

    def held(self, iso3: str, area: str) -> tuple[str, ...]:
        """Regions the area text names only as the region of places in it (a part of the region,
        not all of it): a possessive ("Sagaing's Pale, Kani townships"), after " in " or " of "
        a unit or part ("five townships in Rakhine State", "parts of Amhara"), after a comma that
        ends a unit ("Banmauk township, Sagaing Division"), or through an alias of a part of its
        region (``part: true``). A region also named on its own is not held."""
        self.resolve(iso3, area)
        return self._held[iso3, area]

    def merged(self, iso3: str, area: str) -> tuple[str, ...]:
        """Regions GDL merged into one ("Mandalay, NayPyitaw") that the area text found by one of
        their names only: the share is the merged region's (an upper bound for that name)."""
        self.resolve(iso3, area)
        return self._merged[iso3, area]

    def _read_piece(self, iso3: str, raw: str) -> tuple[list[str], tuple[str, ...]]:
        """(the names a piece of an area text gives, the regions they name): the piece whole, or
        its "and" list when the whole names none."""
        place = tidy_place(raw)
        if not place:
            return [], ()
        names, hit = [place], self.one(iso3, place)
        if not hit and _AND_SPLIT.search(place):
            names = [s for s in (tidy_place(s) for s in _AND_SPLIT.split(place)) if s]
            hit = tuple(r for s in names for r in self.one(iso3, s))
        return names, hit

    def _own_possessives(self, iso3: str, pieces: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """The pieces with a region whose own name has an apostrophe-s ("Cox's Bazar refugee camp":
        GDL's "Cox s Bazar") joined again, where the cut at "'s" read it as a possessive; the
        words after the name, if any, stay a piece of their own."""
        out = list(pieces)
        k = 0
        while k < len(out) - 1:
            raw, before, after = out[k]
            if _POSSESSIVE.fullmatch(after) and raw.strip():
                nxt, _, nxt_after = out[k + 1]
                words = nxt.split()
                for n in range(len(words), 0, -1):
                    name = f"{raw}{after} {' '.join(words[:n])}"
                    if self.one(iso3, tidy_place(name)):
                        rest = " ".join(words[n:])
                        out[k:k + 2] = [(name, before, " " if rest else nxt_after)] + (
                            [(rest, " ", nxt_after)] if rest else [])
                        break
            k += 1
        return out

    def _resolve(self, iso3: str, area: str) -> tuple[tuple[str, ...], int]:
        found: list[str] = []
        missed = hits = 0
        parts = part_aliases()
        via_part = 0
        held: set[str] = set()
        alone: set[str] = set()
        merged: set[str] = set()
        pieces = self._own_possessives(iso3, _pieces(area))
        read = [self._read_piece(iso3, raw) for raw, _, _ in pieces]
        last = max((k for k, (names, _) in enumerate(read) if names), default=-1)
        for k, ((raw, before, after), (names, hit)) in enumerate(zip(pieces, read)):
            if not names:
                continue
            if hit:
                found.extend(hit)
                hits += 1
                named = [s for s in names if len(names) == 1 or self.one(iso3, s)]   # the names that hit
                is_part = all((iso3, region_key(s)) in parts for s in named)
                via_part += is_part
                previous = pieces[k - 1][0] if k else ""
                listed = _LISTED.match(raw) is not None   # ", and Punjab": one more item of a list
                holds = (is_part or _POSSESSIVE.fullmatch(after) is not None
                         or (_IN_OF.fullmatch(before) is not None and _HOLDS_BEFORE.search(previous) is not None)
                         or (before.strip() == "," and not listed and (
                             _UNIT_END.search(previous) is not None
                             # "Lahore, Kasur, and Zafarwal, Punjab": the region after the places it holds
                             or (k == last and k >= 2 and _LISTED.match(previous) is not None
                                 and not read[k - 1][1]))))
                (held if holds else alone).update(hit)
                merged.update(r for r in hit if _merged_member(r, named))
            else:
                missed += 1
        self._places[iso3, area] = (hits, via_part)
        self._held[iso3, area] = tuple(r for r in dict.fromkeys(found) if r in held and r not in alone)
        self._merged[iso3, area] = tuple(r for r in dict.fromkeys(found) if r in merged)
        return tuple(dict.fromkeys(found)), missed


def _merged_member(region: str, names: list[str]) -> bool:
    """Whether ``region`` is GDL's merger of several regions (named with commas, or listed in its
    parentheses) and ``names`` name fewer than all of them."""
    members = set(region_members(region))
    named = {region_key(n) for n in names}
    return bool(members) and not members <= named and region_key(region.split("(", 1)[0]) not in named


def _pieces(area: str) -> list[tuple[str, str, str]]:
    """The area text cut at :data:`_PLACE_SPLIT`: (piece, the delimiter before it, the one after)."""
    out, start, before = [], 0, ""
    for m in _PLACE_SPLIT.finditer(area):
        out.append((area[start:m.start()], before, m.group()))
        start, before = m.end(), m.group()
    out.append((area[start:], before, ""))
    return out


class _Names:
    """Names indexed for :meth:`any_close`: their lengths and letter counts, for difflib's two
    quick tests on all names at once."""

    def __init__(self, names: list[str]):
        self.names = list(names)
        self._known = frozenset(self.names)
        self._counts: np.ndarray | None = None  # built on first use

    def _index(self) -> np.ndarray:
        if self._counts is None:
            self._letter = {c: i for i, c in enumerate(sorted({c for n in self.names for c in n}))}
            self.lengths = np.array([len(n) for n in self.names], dtype=np.int64)
            letters = np.array([self._letter[c] for n in self.names for c in n], dtype=np.int64)
            rows = np.repeat(np.arange(len(self.names)), self.lengths)
            width = len(self._letter)
            self._counts = np.bincount(rows * width + letters, minlength=len(self.names) * width
                                       ).reshape(len(self.names), width)
        return self._counts

    def any_close(self, word: str, cutoff: float) -> bool:
        """Whether ``difflib.get_close_matches(word, names, n=1, cutoff=cutoff)`` finds a match: the
        same tests, ``quick_ratio`` (the letters in common) computed for every name at once as
        difflib computes it, then ``ratio`` by difflib on the names that pass, until one passes.
        (The first test, ``real_quick_ratio``, passes wherever ``quick_ratio`` does: it is never
        smaller.)"""
        if not self.names:
            return False
        if word in self._known:  # a ratio of 1
            return True
        if not word:
            return any(difflib.SequenceMatcher(None, n, word).ratio() >= cutoff for n in self.names if not n) or \
                cutoff <= 0
        table = self._index()
        counts = np.bincount([self._letter[c] for c in word if c in self._letter], minlength=table.shape[1])
        quick = 2.0 * np.minimum(table, counts).sum(axis=1) / (self.lengths + len(word))
        for row in np.flatnonzero(quick >= cutoff):
            if difflib.SequenceMatcher(None, self.names[row], word).ratio() >= cutoff:
                return True
        return False


def _any_close(word: str, names: list[str], cutoff: float) -> bool:
    """Whether ``difflib.get_close_matches(word, names, n=1, cutoff=cutoff)`` finds a match
    (:meth:`_Names.any_close`)."""
    return _Names(names).any_close(word, cutoff)


def tidy_place(place: str) -> str:
    place = place.strip(" .\t\n\"")
    for _ in range(3):
        shorter = _PLACE_WORDS.sub("", place).strip()
        if shorter == place:
            break
        place = shorter
    return place


def is_national(area: str, country_name: str) -> bool:
    text = area.strip().casefold()
    if _NATIONAL.search(text):
        return True
    stripped = re.sub(r"^(?:the\s+)?(?:entire|whole|all of|all)\s+", "", text)
    return stripped != text and stripped == country_name.strip().casefold()
