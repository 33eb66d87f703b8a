"""'My priorities' on the Priorities page: the priorities a person follows, kept in the link (AppTest)."""

from __future__ import annotations

from tests.conftest import run_app, texts

ALL = ["HO-01", "EDU-01", "HEA-02", "HEA-01"]  # the sample government, most concerning first


def ids(at) -> list[str]:
    return at.dataframe[0].value["ID"].tolist()


def test_a_link_that_follows_two_priorities_lists_only_those(serve_sample):
    at = run_app("priorities", follow=["HEA-01", "EDU-01"])
    assert not at.exception
    assert at.multiselect(key="f_follow").value == ["HEA-01", "EDU-01"]
    assert ids(at) == ["EDU-01", "HEA-01"]
    assert at.query_params["follow"] == ["HEA-01", "EDU-01"]  # kept in the link, to be shared
    assert not at.warning


def test_choosing_priorities_to_follow_puts_them_in_the_link(serve_sample):
    at = run_app("priorities")
    box = at.multiselect(key="f_follow")
    assert box.label == "Priorities I follow"
    assert box.options == [
        "EDU-01 · Raise reading at age 11",
        "HEA-01 · Cut hospital waiting times",
        "HEA-02 · Expand mental health support",
        "HO-01 · Halve knife crime",
    ]
    assert ids(at) == ALL
    box.set_value(["HO-01", "HEA-02"]).run()
    assert ids(at) == ["HO-01", "HEA-02"]
    assert at.query_params["follow"] == ["HO-01", "HEA-02"]
    at.multiselect(key="f_follow").set_value([]).run()
    assert ids(at) == ALL
    assert "follow" not in at.query_params


def test_an_unknown_id_in_the_link_is_said_plainly_and_changes_nothing(serve_sample):
    at = run_app("priorities", follow=["NOPE-9", "[x](http://evil.example)"])
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "The link asks to follow 'NOPE-9', '\\[x\\](http\u2060\\://evil.example)', which are not priorities in the "
        "store as at this period; left out."
    ]
    assert at.multiselect(key="f_follow").value == []
    assert ids(at) == ALL


def test_a_good_id_beside_a_bad_one_is_still_followed(serve_sample):
    at = run_app("priorities", follow=["HEA-01", "hea-1"])
    assert [w.value for w in at.warning] == [
        "The link asks to follow 'hea-1', which is not a priority in the store as at this period; left out."
    ]
    assert ids(at) == ["HEA-01"]


def test_a_link_naming_too_many_follows_none(serve_sample):
    at = run_app("priorities", follow=[f"X-{n}" for n in range(101)])
    assert [w.value for w in at.warning] == [
        "The link asks to follow 101 priorities, more than the 100 a link may name; it is shown as if it named none."
    ]
    assert ids(at) == ALL


def test_followed_priorities_outside_the_department_chosen_are_named(serve_sample):
    at = run_app("priorities", department="DfE", follow=["HEA-01", "EDU-01"])
    assert ids(at) == ["EDU-01"]
    assert (
        "Outside the department or theme chosen, so not listed: HEA-01. Choose All in the sidebar to list them."
        in texts(at)
    )


def test_the_followed_list_is_kept_when_moving_between_pages(serve_sample):
    at = run_app("priorities", follow=["HEA-01"])
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/priorities.py").run()
    assert ids(at) == ["HEA-01"]
    assert at.query_params["follow"] == "HEA-01"  # AppTest gives one value as text
