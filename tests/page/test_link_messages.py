"""A share link's values that contradict each other or the rest of the link: the warning names each
value as the link wrote it (not as the page read it) and says why in the page's language."""
from __future__ import annotations

import pytest

from impact.page import state, text

ENGLISH_DETAIL = ("detail in English", "détail en anglais")


def _messages(query, data, lang):
    fields, problems = state.from_query(query, sorted(data.economies()), data)
    return fields, [text.problem_message(p, lang) for p in problems]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("query, written, dropped", [
    ({"country": "ETH", "share": ".5", "regions": "tigray"}, "regions='tigray'", "regions"),   # read as 'Tigray'
    ({"country": "ETH", "isp_share": "0.3", "share": "5e-1"}, "share='5e-1'", "share"),       # read as 0.5
    ({"country": "ETH", "severity": "0.50", "services": "Facebook"}, "services='Facebook'", "services"),
    ({"country": "ETH", "disruption": "full", "severity": "0.50"}, "severity='0.50'", "severity"),
    ({"country": "ETH", "hours": "24", "region_weight": "income"}, "region_weight='income'", "region_weight"),
])
def test_a_value_that_contradicts_the_link_is_named_as_written_in_the_page_language(country_data, lang, query,
                                                                                     written, dropped):
    fields, messages = _messages(query, country_data, lang)
    assert dropped not in fields and len(messages) == 1, messages
    message = messages[0]
    assert message.startswith(written), message
    left_out = text.wording(lang)["warn"]["combination"].split("{detail}")[0].split("}")[-1].strip(" :")
    assert left_out in message
    assert not any(words in message for words in ENGLISH_DETAIL), message
    # the reason is the page's own sentence in that language, not the library's English
    other = "fr" if lang == "en" else "en"
    assert message != _messages(query, country_data, other)[1][0]
