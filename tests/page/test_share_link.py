"""The share link (impact.page.compute.share_link): a link a letter's reader can open, or, when the
page runs on the author's own computer, said to be local so the downloads give the command instead."""
from __future__ import annotations

import pytest

from impact.page import compute

QUERY = {"country": "MLI", "days": "2", "lang": "fr"}


@pytest.mark.parametrize("url", [None, "http://localhost:8501/", "http://127.0.0.1:8599/?country=ETH",
                                 "http://0.0.0.0:8501", "http://[::1]:8501/"])
def test_a_page_on_the_authors_own_computer_gives_a_local_link(url):
    got = compute.share_link(url, QUERY, environ={})
    assert not got.public
    assert got.url.endswith("/?country=MLI&days=2&lang=fr") and "ETH" not in got.url


@pytest.mark.parametrize("url", ["https://impact.example.org/", "http://192.0.2.7:8501/?x=1"])
def test_a_page_served_at_an_address_others_reach_gives_a_public_link(url):
    got = compute.share_link(url, QUERY, environ={})
    assert got.public and got.url == url.split("?")[0].rstrip("/") + "/?country=MLI&days=2&lang=fr"


def test_a_public_address_set_by_the_deployer_replaces_the_local_one():
    got = compute.share_link("http://localhost:8501/", QUERY,
                             environ={compute.PUBLIC_URL_ENV: " https://impact.example.org/tool/ "})
    assert got.public and got.url == "https://impact.example.org/tool/?country=MLI&days=2&lang=fr"
