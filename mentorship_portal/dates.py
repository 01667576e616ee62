"""Dates as people in Russian offices write them: DD.MM.YYYY, in one place for every app.

Forms take `date_field()` (or the `DateInput` widget), code that writes a date into text
calls `format_date()`, commands parse with `parse_date()`. Templates use Django's
`|date:"d.m.Y"`, the same format. The years a programme may span are here too.
"""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d.%m.%Y"
DATETIME_FORMAT = "%d.%m.%Y %H:%M"
DATE_PLACEHOLDER = _("ДД.ММ.ГГГГ")
# The years a roadmap's programme may span; anything outside is a typing error.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def format_date(value, *, empty=""):
    """DD.MM.YYYY, or `empty` for no date."""
    return value.strftime(DATE_FORMAT) if value else empty


def format_datetime(value):
    """DD.MM.YYYY HH:MM of an aware datetime, in the portal's time zone."""
    return timezone.localtime(value).strftime(DATETIME_FORMAT)


def parse_date(text):
    """A date from DD.MM.YYYY; ValueError with the text otherwise."""
    return dt.datetime.strptime(text.strip(), DATE_FORMAT).date()


def year_allowed(year):
    return FIRST_YEAR <= year <= LAST_YEAR


class DateInput(forms.DateInput):
    """DD.MM.YYYY as people in the office type it."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", **kwargs.pop("attrs", {})}
        super().__init__(format=DATE_FORMAT, attrs=attrs, **kwargs)


def date_field(label, *, required=False, **kwargs):
    """A form field for one date, typed as DD.MM.YYYY."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=[DATE_FORMAT],
        widget=DateInput(),
        **kwargs,
    )
