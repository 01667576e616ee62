"""Writes for the indicator set: staff add, change and retire indicators for a year, without
a code change. Retiring sets the last year it is collected; the rows stay, so past returns
and reports keep reading them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.policy import Capability, can

from .models import Indicator, ReferenceChange, ReferenceSubject

# Fields that give saved values their meaning: fixed once the indicator has values.
MEANING_FIELDS = ("code", "kind", "reporter")
RELATIONS = ("not_above", "sum_of", "numerator")


class IndicatorError(Exception):
    """The change is not possible; the message is Russian and shown to the user."""


def _require_staff(by):
    if not can(by, Capability.MANAGE_MONITORING):
        raise IndicatorError(_("Показатели ведут сотрудники управления образования."))


def _record(indicator, by, action, details=""):
    ReferenceChange.objects.create(
        subject=ReferenceSubject.INDICATOR,
        indicator=indicator,
        actor=by,
        action=action,
        details=details,
    )


def _shown(value):
    if value in (None, ""):
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if isinstance(value, list | tuple | set):
        return ", ".join(sorted(str(item) for item in value)) or "—"
    return str(value)


def _differences(indicator, fields, relations):
    """ "Наименование: «было» → «стало»; …" for the fields and relations that change."""
    changes = []
    for name, wanted in fields.items():
        before = getattr(indicator, name)
        if name.endswith("_id") or before == wanted:
            continue
        label = indicator._meta.get_field(name).verbose_name
        changes.append(f"{label}: «{_shown(before)}» → «{_shown(wanted)}»")
    for name, related in relations.items():
        before = {item.code for item in getattr(indicator, name).all()}
        after = {item.code for item in related}
        if before != after:
            label = indicator._meta.get_field(name).verbose_name
            changes.append(f"{label}: «{_shown(before)}» → «{_shown(after)}»")
    return "; ".join(changes)


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
    indicator = _save(Indicator(**fields), relations)
    _record(
        indicator,
        by,
        _("Показатель добавлен"),
        f"{indicator.code} — {indicator.name}; с {indicator.first_year} года",
    )
    return indicator


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
    details = _differences(indicator, fields, relations)
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator = _save(indicator, relations)
    if details:
        _record(indicator, by, _("Показатель изменён"), details)
    return indicator


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
    before = indicator.last_year
    indicator.last_year = last_year
    indicator.save(update_fields=["last_year"])
    _record(
        indicator,
        by,
        _("Показатель выведен из использования"),
        f"последний год сбора: «{_shown(before)}» → «{last_year}»",
    )
    return indicator
