"""Text planted in a return or a link is shown as typed: no live link, image, HTML or formatting (AppTest).

Streamlit renders Markdown in markdown, captions, alerts, titles, labels and help, so a
return whose commentary says ``[Your session expired: sign in again](http://evil.example)``
would show a real link, and ``![x](http://evil.example/x.png)`` would make every reader's
browser fetch a picture from another host. Each planted construct must reach the page
escaped (ui/frame/text.py), which Markdown then shows as the characters typed.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import run_app
from tests.store_builder import PERIOD_1, PERIOD_2, _dfe, _dhsc, _ho, build_store

PLANT = "[click](http://evil.example) ![x](http://evil.example/x.png) <img src=x> **bold** www.evil.example ana@evil.example"
WJ = "\u2060"  # a word joiner: invisible; breaks GitHub's bare-URL and address links
ESCAPED = (
    r"\[click\](http" + WJ + r"\://evil.example) !\[x\](http" + WJ + r"\://evil.example/x.png) \<img src=x\> "
    r"\*\*bold\*\* www" + WJ + ".evil.example ana" + WJ + r"\@evil.example"
)
# Any planted construct that would render live: its bracket, angle bracket or asterisks
# without the backslash before them, or a URL scheme whose colon is not escaped.
LIVE = re.compile(r"(?<!\\)\[click|(?<!\\)\]\(http|(?<!\\)<img|(?<!\\)\*\*bold|http\\?://|www\.|ana\\?@")
KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")


def shown(at) -> list[str]:
    """Every Markdown-rendering text on the page, the widgets' labels and help included."""
    values = [e.value for kind in KINDS for e in getattr(at, kind)]
    values += [m.label for m in at.metric] + [m.proto.help for m in at.metric]
    values += [w.label for kind in ("selectbox", "multiselect", "button", "text_area") for w in getattr(at, kind)]
    values += [b.proto.label for b in at.get("download_button")]
    return values


def assert_all_text(at) -> list[str]:
    """No text on the page renders a planted construct; returns the texts that carry the plant."""
    assert not at.exception
    planted = [v for v in shown(at) if "evil.example" in v]
    live = [v for v in planted if LIVE.search(v)]
    assert live == []
    return planted


def planted_returns() -> list:
    """The sample government's returns with PLANT in HEA-01's text, a risk, an indicator name and a theme."""
    late = _dhsc(PERIOD_2)
    hea = late.tables["Priorities"][0]
    hea.update(
        commentary=f"On track overall.\n{PLANT}\n- not a list",
        outcome=PLANT,
        senior_responsible_owner=PLANT,
        centre_co_lead=PLANT,
        target=PLANT,
        theme=f"Health {PLANT}",
        title=f"Cut waiting {PLANT}",
    )
    late.tables["Risks"][0]["description"] = PLANT  # R1: a barrier escalated to the centre, open
    late.tables["Risks"][0]["owner"] = PLANT
    late.tables["Indicators"][1]["name"] = f"Diagnostics {PLANT}"
    for node in late.tables["Delivery chain"]:
        node["owner"] = PLANT
    return [_dhsc(PERIOD_1), _dfe(PERIOD_1), _ho(), late, _dfe(PERIOD_2)]


@pytest.fixture(scope="module")
def planted_root(tmp_path_factory):
    """A store of planted_returns()."""
    return build_store(tmp_path_factory.mktemp("planted"), planted_returns(), use_loader=False).root


@pytest.fixture
def serve_planted(planted_root, monkeypatch):
    monkeypatch.setenv("DELIVERY_DB", str(planted_root))
    return planted_root


def test_priority_page_shows_a_returns_text_as_typed(serve_planted):
    at = run_app("priority", priority="HEA-01")
    planted = assert_all_text(at)
    assert at.title[0].value == f"HEA-01: Cut waiting {ESCAPED}"
    markdown = [m.value for m in at.markdown]
    # The commentary is a quote, line by line, and its "- " starts no list.
    assert "> On track overall.  \n> " + ESCAPED + "  \n> \\- not a list" in markdown
    facts = next(m for m in markdown if m.startswith("- **Outcome:**"))
    for label in ("Outcome", "Senior responsible owner", "Co-lead in the centre"):
        assert f"- **{label}:** {ESCAPED}" in facts.splitlines()
    assert f"- **Theme:** Health {ESCAPED}" in facts.splitlines()
    assert f"1 open item escalated: barrier '{ESCAPED}' to the centre" in [w.value for w in at.warning]
    assert len(planted) == 4  # the title, the facts, the commentary and the escalation


def test_indicators_page_shows_indicator_names_as_typed(serve_planted):
    at = run_app("indicators")
    assert_all_text(at)
    league = at.selectbox(key="indicators_league")
    assert league.value == f"I2 Diagnostics {PLANT} (3 areas)"  # an option: shown as plain text by Streamlit


def test_browse_pages_chosen_by_a_planted_theme(serve_planted):
    for page in ("overview", "priorities", "milestones", "chains", "indicators"):
        at = run_app(page, theme=f"Health {PLANT}")
        assert_all_text(at)
        assert at.caption[0].value.endswith(f"All departments · Theme: Health {ESCAPED}"), page


def test_brief_page_shows_a_returns_text_as_typed(serve_planted):
    # The brief's words are escaped once when it is made (ui/brief/screen.py), then drawn from the cache.
    for _ in range(2):  # made, then a rerun from the cache
        at = run_app("brief", priority="HEA-01")
        planted = assert_all_text(at)
        # the headline, the decisions, what changed, small wins (each names the priority by its title), the
        # section's heading, its risks, and the questions its flags raise (its escalated barrier)
        assert len(planted) == 7
        assert planted[-1].startswith("**Questions for the department (flagged by the data checks)**")
        assert f"#### HEA-01: Cut waiting {ESCAPED}" in planted
        assert (
            f"**Top risks**  \n· Barrier\\: {ESCAPED}, escalated to the centre, likelihood 4 impact 4  \n"
            "· Risk\\: Winter pressures, likelihood 3 impact 3"
        ) in planted
        assert f"- Cut waiting {ESCAPED} (HEA-01)\\: barrier opened\\: {ESCAPED} (escalated to the centre)." in planted[
            2
        ].split("\n")
    at = run_app("brief")  # the whole government: the lists and every section
    assert f"#### HEA-01: Cut waiting {ESCAPED}" in assert_all_text(at)


@pytest.mark.parametrize(
    "param, page, message",
    [
        (
            "department",
            None,
            "The link asks for the department '{}', which is not one in the store; showing All instead.",
        ),
        ("theme", None, "The link asks for the theme '{}', which is not one in the store; showing All instead."),
        (
            "period",
            None,
            "The link asks for the reporting period '{}', which is not one in the store; showing 30 Jun 2026 instead.",
        ),
        (
            "show",
            "milestones",
            "The link asks to show '{}', which is not one of the choices here; showing all open milestones.",
        ),
        ("priority", "priority", "There is no priority '{}' as at 30 Jun 2026. Choose one from the list."),
        ("priority", None, "There is no priority '{}' as at 30 Jun 2026. Choose one from the list."),
    ],
)
def test_a_planted_url_parameter_is_shown_as_typed(serve_sample, param, page, message):
    at = run_app(page, **{param: PLANT})  # nobody signed in: a link anyone can send
    assert_all_text(at)
    assert message.format(ESCAPED) in [w.value for w in at.warning]


def test_url_text_cannot_start_a_block_either(serve_sample):
    at = run_app("milestones", show="# Heading\n\n---\n1. one\n> quote")
    assert (
        "The link asks to show '\\# Heading  \n\n\\---  \n1\\. one  \n\\> quote', which is not one of "
        "the choices here; showing all open milestones."
    ) in [w.value for w in at.warning]
