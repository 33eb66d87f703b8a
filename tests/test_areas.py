"""Area names are reference data in data/areas.csv: codes a reader does not know get names."""

import pytest

from delivery.errors import DeliveryError
from delivery.reference.areas import area_label, read_areas


def test_the_shipped_list_names_the_demo_areas():
    names = read_areas()
    assert names["E09000033"] == "Westminster"
    assert area_label("E09000033", names) == "Westminster (E09000033)"
    assert area_label("E99999999", names) == "E99999999"


def test_a_line_without_a_name_is_refused_with_its_line(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("code,name\nE06000001,Hartlepool\nE06000002,\n", encoding="utf-8")
    with pytest.raises(DeliveryError, match=r"^areas.csv line 3 needs both a code and a name.$"):
        read_areas(path)
