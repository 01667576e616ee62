"""Numbers from query strings and posted forms: ids, years and pages, read one way everywhere.

Every view that takes a number from the request reads it here, so junk (`?year=0`, `²`,
a 5,000-digit id, an id above 2^63) is never handed to the database, where it would be an
overflow or a date out of range, i.e. HTTP 500. A value that is not a number in range counts
as absent, and the page says so in Russian (`ParamReader.warn_ignored`), or the filter form
shows the error and the list is empty.

`str.isdigit()` is not enough: it is true for "²" and "٣", which int() refuses or reads
differently; only ASCII digits are numbers here.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _, gettext_lazy

from .forms import with_bootstrap_classes

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_ID = 2**63 - 1  # BigAutoField
MAX_DIGITS = 19
MAX_IDS = 1000


def _ascii_number(value) -> int | None:
    text = (value or "").strip() if isinstance(value, str) else ""
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def parse_id(value) -> int | None:
    number = _ascii_number(value)
    return number if number is not None and 1 <= number <= MAX_ID else None


def parse_year(value) -> int | None:
    number = _ascii_number(value)
    return number if number is not None and FIRST_YEAR <= number <= LAST_YEAR else None


def parse_ids(values, *, limit=MAX_IDS) -> list[int]:
    """The valid ids among `values` (a list from getlist), at most `limit`, in order."""
    ids = []
    for value in values[:limit]:
        number = parse_id(value)
        if number is not None and number not in ids:
            ids.append(number)
    return ids


def parse_id_with_revision(value) -> tuple[int, int | None] | None:
    """ "pk" or "pk:revision" (the checkboxes of bulk actions); None when the pk is junk."""
    pk_text, _sep, revision_text = (value or "").partition(":")
    pk = parse_id(pk_text)
    if pk is None:
        return None
    revision = _ascii_number(revision_text)
    return pk, revision if revision is not None and revision <= 2**31 - 1 else None


_LABELS = {
    "year": gettext_lazy("год"),
    "roadmap": gettext_lazy("дорожная карта"),
    "activity": gettext_lazy("мероприятие"),
    "page": gettext_lazy("страница"),
}


class ParamReader:
    """Read numbers from one request's GET (or POST); warn once about each ignored one."""

    def __init__(self, request, data=None):
        self.request = request
        self.data = request.GET if data is None else data

    def id(self, name):
        return self._read(name, parse_id)

    def year(self, name="year"):
        return self._read(name, parse_year)

    def _read(self, name, parse):
        raw = self.data.get(name)
        value = parse(raw)
        if value is None and raw not in (None, ""):
            self.warn_ignored(name, raw)
        return value

    def warn_ignored(self, name, raw):
        shown = raw if len(raw) <= 20 else raw[:19] + "…"
        messages.warning(
            self.request,
            _("Параметр «%(name)s» не распознан («%(value)s») и не учтён.")
            % {"name": _LABELS.get(name, name), "value": shown},
        )


class IdField(forms.IntegerField):
    """A form field for an id: ASCII digits within the BigAutoField range."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = _ascii_number(str(value))
        if number is None:
            raise forms.ValidationError(_("Введите целое число."), code="invalid")
        return number


class YearField(IdField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(**kwargs)


class IdFilter(django_filters.Filter):
    """A django-filter filter on an id; junk makes the form invalid (an empty list and the
    error beside the field), never a query with an impossible number."""

    field_class = IdField


class YearFilter(django_filters.Filter):
    field_class = YearField


class IdConverter:
    """`<id:pk>` in URLs: 1 to 19 ASCII digits within the BigAutoField range, else 404 (the
    built-in `<int:>` takes any number of digits, and a pk above 2^63 overflows SQLite)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError(value)  # the resolver then tries the next pattern, ending in 404
        return number

    def to_url(self, value):
        return str(value)


class YearConverter:
    """`<year:year>` in URLs: a year the portal keeps (FIRST_YEAR to LAST_YEAR), else 404."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        year = parse_year(value)
        if year is None:
            raise ValueError(value)
        return year

    def to_url(self, value):
        return str(value)


class PortalFilterSet(django_filters.FilterSet):
    """A list's filters: ids and years read as above, the form in Bootstrap's compact row."""

    @property
    def form(self):
        return with_bootstrap_classes(super().form)


def active_state_filter(inactive_label):
    """«Состояние: Все / Действующие / <inactive_label>» on `is_active` (a plain yes/no select
    would read «Неизвестно» for "any")."""
    return django_filters.ChoiceFilter(
        label=gettext_lazy("Состояние"),
        choices=[("true", gettext_lazy("Действующие")), ("false", inactive_label)],
        empty_label=gettext_lazy("Все"),
        method=lambda queryset, name, value: queryset.filter(is_active=value == "true"),
    )
