"""DD.MM.YYYY in one place: what the helpers write, read and refuse."""

import datetime as dt

import pytest

from mentorship_portal.dates import FIRST_YEAR, LAST_YEAR, date_field, format_date, parse_date


def test_format_and_parse_are_inverse():
    day = dt.date(2020, 12, 30)
    assert format_date(day) == "30.12.2020"
    assert parse_date(" 30.12.2020 ") == day
    assert format_date(None, empty="без срока") == "без срока"


@pytest.mark.parametrize("text", ["2020-12-30", "31.02.2021", "30.12.20", ""])
def test_other_spellings_are_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_the_form_field_reads_and_shows_dd_mm_yyyy():
    field = date_field("Дата")
    assert field.clean("29.02.2024") == dt.date(2024, 2, 29)
    assert field.widget.format_value(dt.date(2024, 2, 29)) == "29.02.2024"
    assert field.widget.attrs["placeholder"] == "ДД.ММ.ГГГГ"
    assert field.clean("") is None


def test_year_range_is_one_range():
    from roadmap.forms import ImportOptionsForm

    form = ImportOptionsForm({"years": f"{FIRST_YEAR - 1}-{LAST_YEAR}"})
    assert not form.is_valid()
    assert form.errors["years"] == [f"Укажите годы от {FIRST_YEAR} до {LAST_YEAR}."]
