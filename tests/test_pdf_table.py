"""The PDF's table of every priority by concern: on the first page when it fits, else one table per
department (the department with the most concerning priority first), and at that scale charts in the
annex only for priorities of concern; every cell is text, escaped, and a rating is words on its colour."""

from delivery.briefs.agenda import Row
from delivery.briefs.pdf_table import ONE_PAGE_ROWS, by_department, charted, concern_table, not_charted


def _row(n: int, department: str, concern: str = "", rating: str = "Green", priority: str | None = None) -> Row:
    pid = f"{department}-{n:02d}"
    return Row(
        pid,
        priority or f"Priority {n} ({pid})",
        department,
        rating,
        "Not recorded",
        "Unchanged",
        "On: 1 of 1",
        "None open",
        concern,
    )


def test_a_table_that_fits_on_a_page_charts_every_priority():
    rows = [_row(n, "HO") for n in range(ONE_PAGE_ROWS)]
    assert charted(rows) == {r.priority_id for r in rows}


def test_a_larger_table_charts_only_the_priorities_of_concern():
    rows = [_row(1, "DfE", "Red", "Red"), _row(2, "HO", "Off trajectory")] + [
        _row(n, "MoJ") for n in range(3, ONE_PAGE_ROWS + 2)
    ]
    assert charted(rows) == {"DfE-01", "HO-02"}
    assert not_charted(len(rows)) == (
        "Its chart is left out of a brief of 25 priorities, which charts only those of concern: this one is "
        "rated Green or Amber/Green, on trajectory, reported this period and not new. The app's priority page "
        "draws it."
    )


def test_one_table_per_department_in_order_of_its_most_concerning_priority():
    rows = [_row(1, "HO", "Red", "Red"), _row(2, "DfE", "Amber", "Amber"), _row(3, "HO"), _row(4, "DfE")]
    split = by_department(rows)
    assert list(split) == ["HO", "DfE"]
    assert [[r.priority_id for r in rs] for rs in split.values()] == [["HO-01", "HO-03"], ["DfE-02", "DfE-04"]]


def test_cells_are_escaped_text_and_ratings_words_on_their_colour():
    html = concern_table([_row(1, "HO", "Red", "Red", priority='<b>Cut</b> & "=1+1"')], {}, "HO: 1 priority")
    assert "<caption>HO: 1 priority</caption>" in html
    assert "<td>&lt;b&gt;Cut&lt;/b&gt; &amp; &quot;=1+1&quot;</td>" in html
    assert '<td class="rating" style="background:#C0392B;color:#FFFFFF">Red</td>' in html
    assert "<td>Not recorded</td>" in html
    assert html.count('<th scope="col">') == 7
