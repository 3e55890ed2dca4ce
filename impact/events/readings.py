"""What an Access Now STOP row says beyond its type, place and dates: who ordered it, whether only
satellite internet was cut, exam-time windows, one operator. Pure functions of one record.

Each reading is read from the columns the registry fills for it (``ordered_by``,
``decision_maker``, ``actual_cause``, ``actual_cause_details``, ``gov_justification``,
``other_affected``, ``telcos_involved``, ``event``); ``docs/BATCH.md`` lists the rules and
``tests/events/test_readings.py`` tests each on real rows of the snapshot.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "twice": 2, "thrice": 3}


def _text(rec: dict, *cols: str) -> str:
    return " ".join(str(rec.get(c, "") or "") for c in cols)


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])", str(text).strip(), maxsplit=1)[0]


# -- who ordered it -------------------------------------------------------------------------------
def not_government(rec: dict) -> str | None:
    """Why the registry marks the event as not ordered by a government (None when it does not).

    STOP's ``ordered_by`` is "Non-government" for cyberattacks, sabotage, militias and armed
    groups, and foreign armed forces in a conflict (e.g. Russian forces in occupied Ukraine).
    """
    if str(rec.get("ordered_by", "")).strip().casefold() != "non-government":
        return None
    who = str(rec.get("decision_maker", "")).strip()
    cause = "; ".join(x for x in (str(rec.get("actual_cause", "")).strip(),
                                  str(rec.get("actual_cause_details", "")).strip()[:120],
                                  str(rec.get("gov_justification", "")).strip()) if x and x != "Unknown")
    return ("ordered_by Non-government" + (f", by {who}" if who else "") + (f" ({cause})" if cause else ""))


# -- satellite internet -------------------------------------------------------------------------
_SATELLITE = re.compile(r"starlink|satellite|\bvsats?\b", re.IGNORECASE)


def satellite_only(rec: dict) -> str | None:
    """The satellite service named when a "Full network" row is a ban, seizure or shutdown of
    satellite internet only (``other_affected`` names only satellite services and the row's first
    sentence is about them), else None. A blackout that also cut satellite access (Manipur 2023:
    "Mobile and broadband internet were suspended…", VSATs listed) is not one."""
    other = str(rec.get("other_affected", "")).strip()
    items = [x.strip() for x in re.split(r"[,;]|\band\b", other) if x.strip()]
    if not items or not all(_SATELLITE.search(x) for x in items):
        return None
    if not _SATELLITE.search(_first_sentence(rec.get("event", ""))):
        return None
    return other


# -- exam-time windows ---------------------------------------------------------------------------
_EXAM = re.compile(r"\bexam", re.IGNORECASE)
_COUNT = re.compile(
    r"\b(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\s+(?:(?:separate|independent|individual|different)\s+)?"
    r"(times|occasions|instances|events|(?:exam\s+)?days(?=\s+(?:of\s+exams|between|from|out of)))\b"
    r"|\bon\s+all\s+(\d{1,3})\s+exam\s+days\b", re.IGNORECASE)
_CLOCK = r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_SPAN = re.compile(_CLOCK + r"\s*(?:-|–|to|and|until)\s*" + _CLOCK, re.IGNORECASE)
_HOURS_A_DAY = re.compile(
    r"\b(\d{1,2}(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")\s*(?:-\s*)?hours?\s+(?:a\s+day|each\s+day|every\s*day|"
    r"daily|each)\b|\blasting\s+(?:about\s+|around\s+)?(\d{1,2}(?:\.\d+)?|"
    + "|".join(_NUMBER_WORDS) + r")\s+hours?\b", re.IGNORECASE)


def is_exam(rec: dict) -> bool:
    """The registry gives exams as the cause (``actual_cause`` Exam cheating, ``gov_justification``
    School exams, or an exam in the first sentence of the description)."""
    if str(rec.get("actual_cause", "")).strip().casefold() == "exam cheating":
        return True
    if _EXAM.search(str(rec.get("gov_justification", ""))):
        return True
    return bool(_EXAM.search(_first_sentence(rec.get("event", ""))))


def _number(text: str) -> float:
    text = text.casefold()
    return float(_NUMBER_WORDS[text]) if text in _NUMBER_WORDS else float(text)


def _clock(h: str, m: str | None, ampm: str | None) -> float | None:
    hour, minute = int(h), int(m or 0)
    if ampm:
        ampm = ampm.replace(".", "").casefold()
        if hour > 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        return None
    return hour + minute / 60


def exam_count(text: str) -> int | None:
    """How many exam-time shutdowns the description counts ("shut down 26 times", "on 14 occasions",
    "on all 11 exam days"), or None."""
    m = _COUNT.search(str(text))
    if not m:
        return None
    n = int(_number(m.group(1) or m.group(3)))
    return n if 0 < n <= 366 else None


def window_hours(text: str) -> float | None:
    """Hours a day of exam-time shutdowns the description gives, or None: the clock spans it
    names ("from 6:00-8:00am", "between 11:00 and 15:15", both spans of "8:00am-12:00pm and another
    from 1:00pm-5:00pm" added), else "N hours every day" / "lasting N hours"."""
    total = clock_hours(text)
    if total is not None:
        return total
    m = _HOURS_A_DAY.search(str(text))
    if m:
        value = _number(m.group(1) or m.group(2))
        if 0 < value <= 24:
            return value
    return None


_MIDNIGHT_END = re.compile(r"\b(to|until|-|–)\s*midnight\b", re.IGNORECASE)
_MIDNIGHT_START = re.compile(r"\b(from|between)\s+midnight\b", re.IGNORECASE)


def clock_hours(text: str, one_day: bool = False, overnight: bool = False) -> float | None:
    """Hours of the clock spans a description names ("between 11:30 and 14:30", "from 9AM to 1 PM",
    "from 4:00pm to midnight", several spans added), or None when it names none (bare numbers such
    as "16-19" are not times).

    ``one_day``: the hours of a one-day event, read more strictly: each span's start must be a clock
    time of its own ("00:10 on Feb. 8 to 23:30" is a date, "8", before "to"), and spans of one length
    restated in local time ("07:15-09:45 (UTC+0, 10:45-13:15 local time)") count once.
    ``overnight``: a span that ends before it starts runs past midnight ("17:30 to 6:00 the following
    morning": 12.5 hours), as a daily window may."""
    text = _MIDNIGHT_START.sub(r"\1 00:00", _MIDNIGHT_END.sub(r"\1 24:00", str(text)))
    spans: list[float] = []
    for m in _SPAN.finditer(text):
        (h1, m1, p1), (h2, m2, p2) = m.group(1, 2, 3), m.group(4, 5, 6)
        if not (m1 or m2 or p1 or p2):
            continue  # bare numbers ("16-19" in a list of dates) are not clock times
        end = _clock(h2, m2, p2)
        begin = _clock(h1, m1, p1) if p1 else None
        if begin is None and p2:  # "6:00-8:00am": the first time shares the second's am/pm if it fits
            shared = _clock(h1, m1, p2)
            begin = shared if shared is not None and end is not None and shared < end else None
        elif begin is None and one_day and not m1:
            continue  # "on Feb. 8 to 23:30": the 8 is a day of the month
        if begin is None:
            begin = _clock(h1, m1, None)
        if begin is not None and end is not None and overnight and end < begin:
            end += 24
        if begin is not None and end is not None and 0 < end - begin <= 16:
            spans.append(end - begin)
    if one_day and len(spans) > 1 and len(set(spans)) == 1 and re.search(r"\blocal\b", text, re.IGNORECASE):
        spans = spans[:1]
    total = sum(spans)
    return round(total, 2) if 0 < total <= 24 else None


# -- daily windows of other cuts --------------------------------------------------------------------
_DAILY = re.compile(r"\bdaily\b|\b(?:each|every)\s*(?:day|night|evening|morning)\b|\bnightly\b|"
                    r"\bcurfew[- ]style\b", re.IGNORECASE)
_SENTENCES = re.compile(r"(?<=[a-z0-9)\]])\.\s+(?=[A-Z])")


def daily_hours(text: str) -> float | None:
    """Hours a day of a cut the description says recurred each day, or None: a sentence that says so
    ("daily", "each day", "every night", "nightly", "curfew-style") and names the clock span of the
    cut ("from 15:00 to 21:00 daily", "curfew-style from around 1am to 9am", "from around 4:00pm to
    midnight", "between approximately 17:30 to 6:00 the following morning") or its hours a day.
    A sentence without a span ("in the midst of daily bombing") gives nothing."""
    if not _DAILY.search(str(text)):  # most descriptions: no daily cut
        return None
    for sentence in _SENTENCES.split(str(text)):
        if not _DAILY.search(sentence):
            continue
        total = clock_hours(sentence, one_day=True, overnight=True)  # strict starts; a local restatement once
        if total is not None and total < 24:
            return total
        m = _HOURS_A_DAY.search(sentence)
        if m:
            value = _number(m.group(1) or m.group(2))
            if 0 < value < 24:
                return value
    return None


# -- the clock times a multi-day cut began and ended --------------------------------------------------
_MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"), 1)}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_MOMENT = (r"(?:around\s+|approximately\s+|about\s+)?(?:on\s+)?" + _CLOCK
           + r"[^.;]{0,40}?\bon\s+" + _MONTH + r"\s+(\d{1,2})\b")
_DATED_SPAN = re.compile(r"\b(?:from|between|starting|beginning)\s+" + _MOMENT
                         + r"[^.;]{0,60}?\b(?:to|until|till|and|through)\s+" + _MOMENT, re.IGNORECASE)


_DAY_RANGE = re.compile(r"\b(?:between|from)\s+" + _MONTH + r"\s+(\d{1,2})\s+(?:and|to|until|through)\s+"
                        r"(?:" + _MONTH + r"\s+)?(\d{1,2})\b", re.IGNORECASE)


def _first_last(year: int, mon1: str, d1: str, mon2: str, d2: str) -> tuple[date, date] | None:
    """The first and last days of a span written "Nov. 3 … Nov. 8" in a row that starts in ``year``
    (a last day before the first is in the next year), or None when they are not dates."""
    try:
        first = date(year, _MONTHS[mon1.casefold()[:3]], int(d1))
        last = date(year, _MONTHS[mon2.casefold()[:3]], int(d2))
    except ValueError:
        return None
    return first, (last if last >= first else last.replace(year=last.year + 1))


def daily_days(text: str, start: date, end: date) -> int | None:
    """How many days the sentence that says the cut recurred daily gives it ("curfew-style mobile
    shutdowns … each day between Nov. 3 and Nov. 8": 6), when they lie within the row's dates and
    are fewer; None otherwise (the windows then cover every day of the row)."""
    for sentence in _SENTENCES.split(str(text)):
        if not _DAILY.search(sentence) or clock_hours(sentence, one_day=True, overnight=True) is None:
            continue
        m = _DAY_RANGE.search(sentence)
        days = _first_last(start.year, m.group(1), m.group(2), m.group(3) or m.group(1), m.group(4)) if m else None
        if days is None:
            return None
        first, last = days
        if start <= first <= last <= end and (last - first).days < (end - start).days:
            return (last - first).days + 1
        return None
    return None


_ANY_CLOCK = re.compile(r"\d:\d\d|\d\s*(?:am|pm|a\.m\.|p\.m\.)", re.IGNORECASE)


def dated_span_hours(text: str, start: date, end: date) -> float | None:
    """Hours between the clock times the description gives for the start and the end of a cut of
    several days ("from 16:30 on Jun. 16 to 16:30 on Jun. 17": 24 hours), or None. Read only when
    they fall on the row's own first and last days (a span of another day, "initially ordered
    until …" of an order later extended, is not the row's), and shorter than those whole days."""
    if not _ANY_CLOCK.search(str(text)):  # most descriptions name no clock time
        return None
    text = _MIDNIGHT_END.sub(r"\1 24:00", str(text))
    for m in _DATED_SPAN.finditer(text):
        h1, m1, p1, mon1, d1, h2, m2, p2, mon2, d2 = m.groups()
        begin, finish = _clock(h1, m1, p1), _clock(h2, m2, p2)
        if begin is None or finish is None or not (m1 or p1) or not (m2 or p2):
            continue  # bare numbers are not clock times
        days = _first_last(start.year, mon1, d1, mon2, d2)
        if days is None:
            continue
        first, last = days
        began = datetime.combine(first, time()) + timedelta(hours=begin)
        ended = datetime.combine(last, time()) + timedelta(hours=finish)
        if first != start or not (last == end or ended == datetime.combine(end, time())):
            continue
        hours = (ended - began).total_seconds() / 3600
        if 0 < hours < ((end - start).days + 1) * 24:
            return round(hours, 2)
    return None


# -- a brief cut of the network beside a block of platforms -------------------------------------------
_BRIEF = re.compile(
    r"\b(?:brief|short)(?:-lived)?\s+(?:\w+\s+){0,3}?(?:shutdown|blackout|cut|outage)s?\b"
    r"|\b(?:shutdown|blackout|outage)\s+(?:\w+\s+){0,3}?for\s+(?:around\s+|about\s+|approximately\s+)?"
    r"(?:half\s+a\s+day|a\s+few\s+hours|\d+(?:\.\d+)?\s+hours?|(?:one|two|three|four|five|six)\s+hours?)\b",
    re.IGNORECASE)


BRIEF_HOURS = 12  # a cut "for N hours" is brief up to half a day, the longest the rows call brief


def brief_network_cut(text: str) -> str | None:
    """The words of a description that call the cut of the network beside a block of platforms brief
    ("Telegram and Instagram blocked, and a brief complete shutdown", "a mobile internet shutdown for
    around half a day and Facebook blocking for around two weeks"), or None."""
    m = _BRIEF.search(str(text))
    if not m:
        return None
    hours = re.search(r"(\d+(?:\.\d+)?|one|two|three|four|five|six)\s+hours?", m.group(0), re.IGNORECASE)
    if hours and _number(hours.group(1)) > BRIEF_HOURS:
        return None  # "a complete shutdown for 72 hours" is not brief
    return m.group(0)


# -- restored after a stated time ---------------------------------------------------------------------
_UNIT_HOURS = {"hour": 1, "day": 24, "week": 168, "month": 730}
_N = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_RESTORED = re.compile(
    r"\b(?:restored|lifted|resumed|unblocked)\b(?:\s+in\s+most\b[^.]{0,40}?)?\s+(?:after|within)\s+"
    r"(?:about\s+|around\s+|approximately\s+|nearly\s+|only\s+)?" + _N + r"\s+(hour|day|week|month)s?\b"
    r"|\b(?:restored|lifted|resumed|unblocked)\b[^.]{0,40}?\b(?:about\s+|around\s+|approximately\s+|nearly\s+)?"
    + _N + r"\s+(hour|day|week|month)s?\s+later\b", re.IGNORECASE)
_RESTORED_WORD = re.compile(r"restored|lifted|resumed|unblocked", re.IGNORECASE)
_PARTLY = re.compile(r"\bpartial(?:ly)?\b|\bpartly\b|\bsome\b", re.IGNORECASE)


def restored_hours(text: str) -> tuple[float, bool] | None:
    """How long the description says the cut lasted before it was restored or lifted ("restored
    after 5 days", "lifted after 15 hours", "restored in most states around 12 weeks later"), and
    whether it says only most of the area was restored; None when it says neither, or only a partial
    restoration ("partially restored … after two years")."""
    if not _RESTORED_WORD.search(str(text)):
        return None
    for sentence in _SENTENCES.split(str(text)):
        m = _RESTORED.search(sentence)
        if not m or _PARTLY.search(sentence):
            continue
        number, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        value = _number(number) * _UNIT_HOURS[unit.casefold()]
        if value > 0:
            return value, bool(re.search(r"\bin\s+most\b", m.group(0), re.IGNORECASE))
    return None


# -- the day the description says the cut ended ---------------------------------------------------------
_ENDED_ON = re.compile(
    r"\b(?:(most|all|the)\s+)?(?:(?:near-total|nearly\s+complete|nationwide|national|total|complete|full)\s+)?"
    r"(?:blackout|shutdown|ban|blocks?|blocking)\s+(?:was\s+|were\s+|had\s+been\s+)?(?:finally\s+)?"
    r"(?:ended|lifted)\s+(?:on|by)\s+" + _MONTH + r"\s+(\d{1,2})\b", re.IGNORECASE)
_ENDED_WORD = re.compile(r"\b(?:ended|lifted)\s+(?:on|by)\b", re.IGNORECASE)


def ended_on(text: str, start: date, end: date) -> tuple[date, bool] | None:
    """The day the description says the cut ended or was lifted ("Although the near-total blackout
    ended on Jun. 21, it took until Jun. 25 for traffic to return to pre-conflict levels", "The ban was
    lifted on Oct. 8"), when it is before the row's end date and not before its start, and whether it
    says only most of it ended then ("Most blocks were lifted by Jun. 8, but Telegram Web remained
    blocked"); None otherwise, and for a partial end ("partially", "some", "portion")."""
    if not _ENDED_WORD.search(str(text)):  # most descriptions: no such sentence
        return None
    for sentence in _SENTENCES.split(str(text)):
        m = _ENDED_ON.search(sentence)
        if not m or _PARTLY.search(sentence) or re.search(r"\bportion\b", sentence, re.IGNORECASE):
            continue
        days = _first_last(start.year, m.group(2), m.group(3), m.group(2), m.group(3))
        if days is None:
            continue
        day = days[0] if days[0] >= start else days[0].replace(year=start.year + 1)
        if start <= day < end:
            return day, (m.group(1) or "").casefold() == "most"
    return None


# -- the length the description states -----------------------------------------------------------------
_STATED = re.compile(
    r"\b(?:suspended|shut\s*down|shutdown|cut\s*off|cutoff|disrupted|disabled|blocked|down|offline)\b"
    r"(?:[^.]|\.(?=\s*\d)){0,120}?\bfor\s+(?:approximately\s+|about\s+|around\s+|nearly\s+|roughly\s+)?" + _N
    + r"\s+(hour|day)s?\b(?!\s+(?:each|every|a\s+day|per|daily))", re.IGNORECASE)
_RENEWED = re.compile(r"\bextend|\bagain\b|\banother\b|\bfurther\b|\brenew|\bremained\b|\bcontinued\b|"
                      r"\beach\b|\bevery\s*day\b|\bdaily\b", re.IGNORECASE)


def stated_hours(text: str) -> float | None:
    """The length of the cut the first sentence of the description states ("Mobile internet was
    suspended in Udaipur, Rajasthan for 24 hours between Jun. 28 and Jun. 29", "shutdown nationally
    on Oct. 12 for approximately 14 hours during the day"), or None; nothing when the description
    speaks of an order extended or renewed, or of cuts each day."""
    text = str(text)
    if "for " not in text or _RENEWED.search(text):
        return None
    m = _STATED.search(_first_sentence(text))
    if not m:
        return None
    value = _number(m.group(1)) * _UNIT_HOURS[m.group(2).casefold()]
    return value if value > 0 else None


# -- a whole region, in the description's words ---------------------------------------------------------
_WHOLE = re.compile(r"\b(?:across|throughout|all\s+of|the\s+entire|the\s+whole(?:\s+of)?)\s+(?:the\s+)?"
                    r"((?:[A-Z][\w'’-]*)(?:\s+(?:of\s+)?[A-Z][\w'’-]*){0,3})")


_NOT_THE_CUT = re.compile(r"\b(?:protests?|clashes|fighting|unrest|violence|demonstrations|rallies|riots)\b[^.]{0,30}$"
                         r"|(?:\b\d+|several|multiple|many|some|\w+\s+of\s+the)\s+(?:\w+\s+){0,2}?"
                         r"(?:districts?|towns?|cities|areas|villages|townships|zones|jurisdictions|regions)\s*$",
                         re.IGNORECASE)


def whole_places(text: str) -> list[str]:
    """The names the description says a cut covered all of ("shut down across Amhara", "throughout
    Manipur", "all of Rakhine State", "across the State of Jharkhand"): capitalised words after
    across, throughout, all of, the entire, the whole; not when the words before say it of something
    else ("protests across Khuzestan") or of parts ("7 districts across Meghalaya")."""
    text = str(text)
    return [m.group(1) for m in _WHOLE.finditer(text) if not _NOT_THE_CUT.search(text[max(0, m.start() - 60):m.start()])]


# -- one operator ------------------------------------------------------------------------------
_ONE_OPERATOR = re.compile(
    r"\bonly\b[^.]{0,60}\b(?:provider|operator|network|isp|telco|carrier)\b[^.]{0,20}\b(?:was|were)\s+"
    r"(?:impacted|affected|cut|disrupted|shut)|\bwas the only (?:network|operator|provider|isp|telco)\b",
    re.IGNORECASE)


def _operator_cut(sentence: str, telco: str) -> bool:
    """Whether a sentence names the telco as the operator whose service was cut ("suspension of
    internet services from Korek Telecom", "Ukrtelecom's internet service", "on YemenNet")."""
    name = re.escape(telco)
    return bool(re.search(
        rf"(?:services?|networks?|internet|connectivity|access)\s+(?:from|of|by|on)\s+(?:the\s+)?"
        rf"(?:operator\s+|provider\s+)?{name}\b|{name}(?:'s|’s)\s+(?:network|services?|internet|subscribers|"
        rf"customers)|\b{name}\s+(?:subscribers|customers|users)\b", sentence, re.IGNORECASE))


def one_operator(rec: dict) -> str | None:
    """The operator named when the description says only one operator's network was cut
    ("Only military-operated provider MPT was impacted", "Tigo was the only network that…"), or
    when the row involves one telco and its first sentence says that telco's service was cut
    ("the suspension of internet services from Korek Telecom in the Kurdistan Region"), else None."""
    text = str(rec.get("event", ""))
    telcos = [t.split(":", 1)[-1].strip() for t in str(rec.get("telcos_involved", "")).split(",") if t.strip()]
    if _ONE_OPERATOR.search(text):
        return telcos[0] if len(telcos) == 1 else "one operator"
    if len(telcos) == 1 and telcos[0].casefold() not in ("", "unknown", "all") and \
            _operator_cut(_first_sentence(text), telcos[0]):
        return telcos[0]
    return None
