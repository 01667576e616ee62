"""Writes for the indicator set: staff add, change and retire indicators for a year, without
a code change. Retiring sets the last year it is collected; the rows stay, so past returns
and reports keep reading them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.policy import Capability, can

from .models import Indicator

# Fields that give saved values their meaning: fixed once the indicator has values.
MEANING_FIELDS = ("code", "kind", "reporter")
RELATIONS = ("not_above", "sum_of", "numerator")


class IndicatorError(Exception):
    """The change is not possible; the message is Russian and shown to the user."""


def _require_staff(by):
    if not can(by, Capability.MANAGE_MONITORING):
        raise IndicatorError(_("Показатели ведут сотрудники управления образования."))


def _save(indicator, relations):
    try:
        indicator.full_clean()
    except ValidationError as error:
        raise IndicatorError(" ".join(error.messages)) from error
    indicator.save()
    for name, related in relations.items():
        getattr(indicator, name).set(related)
    return indicator


@transaction.atomic
def create_indicator(*, by, **fields):
    _require_staff(by)
    relations = {name: fields.pop(name, []) for name in RELATIONS}
    return _save(Indicator(**fields), relations)


@transaction.atomic
def update_indicator(*, indicator, by, **fields):
    """Change an indicator; its code, kind and reporter stay once values were entered."""
    _require_staff(by)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    relations = {name: fields.pop(name) for name in RELATIONS if name in fields}
    if indicator.values.exists():
        changed = [
            name
            for name in MEANING_FIELDS
            if name in fields and fields[name] != getattr(indicator, name)
        ]
        if changed:
            raise IndicatorError(
                _(
                    "По показателю уже есть значения: код, вид и кто заполняет не меняются. "
                    "Выведите его из использования и добавьте новый."
                )
            )
    for name, value in fields.items():
        setattr(indicator, name, value)
    return _save(indicator, relations)


@transaction.atomic
def retire_indicator(*, indicator, by, last_year):
    """Stop collecting an indicator after `last_year` (its values so far stay)."""
    _require_staff(by)
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if last_year < indicator.first_year:
        raise IndicatorError(
            _("Последний год не может быть раньше первого (%(year)s).")
            % {"year": indicator.first_year}
        )
    indicator.last_year = last_year
    indicator.save(update_fields=["last_year"])
    return indicator
