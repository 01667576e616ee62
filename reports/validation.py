"""The cross-checks of a year's return, as plain functions over plain values (no queries).

An entry per indicator code holds what the organization typed; `check` answers the errors
(which refuse saving or submitting) and the warnings (which only ask for an explanation)
next to each indicator's code, in Russian, so the form shows each beside its field.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import IndicatorKind

# A change from last year larger than this share asks for a short explanation.
BIG_CHANGE = Decimal("0.5")


@dataclass
class Entry:
    value: Decimal | None = None
    not_applicable: bool = False
    text: str = ""
    url: str = ""
    evidence_id: int | None = None
    explanation: str = ""

    @property
    def is_empty(self):
        return self.value is None and not self.not_applicable and not self.text.strip()


@dataclass
class Rules:
    """What `check` needs to know of an indicator (read once from the database)."""

    code: str
    name: str
    kind: str
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    allows_not_applicable: bool = False
    not_above: list = field(default_factory=list)
    sum_of: list = field(default_factory=list)

    @classmethod
    def of(cls, indicator):
        """From an Indicator whose not_above and sum_of are prefetched."""
        return cls(
            code=indicator.code,
            name=indicator.name,
            kind=indicator.kind,
            min_value=indicator.min_value,
            max_value=indicator.max_value,
            allows_not_applicable=indicator.allows_not_applicable,
            not_above=[whole.code for whole in indicator.not_above.all()],
            sum_of=[part.code for part in indicator.sum_of.all()],
        )


@dataclass
class Findings:
    errors: dict = field(default_factory=dict)
    warnings: dict = field(default_factory=dict)

    def error(self, code, message):
        self.errors.setdefault(code, []).append(message)

    def warn(self, code, message):
        self.warnings.setdefault(code, []).append(message)


def _number(value):
    return f"{value.normalize():f}".replace(".", ",") if isinstance(value, Decimal) else str(value)


def check(rules, entries, *, last_year=None, complete=False):
    """Errors and warnings of `entries` (code → Entry) under `rules` (a list of Rules).
    `complete`: the return is being submitted, so every indicator needs an answer.
    `last_year`: code → last year's value, for the > 50 % change warning."""
    findings = Findings()
    last_year = last_year or {}
    by_code = {rule.code: rule for rule in rules}
    for rule in rules:
        entry = entries.get(rule.code, Entry())
        _check_own_value(rule, entry, findings, complete=complete)
        if rule.code not in findings.errors:
            _check_change(rule, entry, last_year.get(rule.code), findings)
    for rule in rules:
        _check_parts(rule, entries, by_code, findings)
    return findings


def _check_own_value(rule, entry, findings, *, complete):
    code = rule.code
    if entry.not_applicable:
        if not rule.allows_not_applicable:
            findings.error(
                code, _("Для этого показателя «не применимо» не допускается: укажите значение.")
            )
        return
    if rule.kind == IndicatorKind.TEXT:
        return
    if entry.value is None:
        if complete:
            findings.error(code, _missing_message(rule))
        return
    if rule.kind == IndicatorKind.YES_NO:
        if entry.value == 1 and not (entry.url.strip() or entry.evidence_id):
            findings.error(
                code, _("Ответ «да» подтвердите ссылкой или документом из подтверждений.")
            )
        return
    if rule.kind == IndicatorKind.COUNT and entry.value != entry.value.to_integral_value():
        findings.error(code, _("Укажите целое число."))
        return
    _check_range(rule, entry.value, findings)


def _missing_message(rule):
    if rule.kind == IndicatorKind.YES_NO:
        return _("Выберите «да» или «нет».")
    if rule.allows_not_applicable:
        return _("Укажите значение или отметьте «не применимо».")
    return _("Укажите значение.")


def _check_range(rule, value, findings):
    low, high = rule.min_value, rule.max_value
    if low is not None and high is not None and not low <= value <= high:
        message = _("Значение должно быть от %(low)s до %(high)s.")
    elif low is not None and value < low:
        message = _("Значение не может быть меньше %(low)s.")
    elif high is not None and value > high:
        message = _("Значение не может быть больше %(high)s.")
    else:
        return
    message %= {"low": _number(low), "high": _number(high)}
    if rule.allows_not_applicable:
        message += " " + _(
            "Если показатель к организации не относится, отметьте «не применимо», а не 0."
        )
    findings.error(rule.code, message)


def _check_change(rule, entry, last, findings):
    if rule.kind not in (IndicatorKind.COUNT, IndicatorKind.NUMBER):
        return
    if entry.value is None or not last or entry.explanation.strip():
        return
    if abs(entry.value - last) / abs(last) > BIG_CHANGE:
        findings.warn(
            rule.code,
            _(
                "Изменение больше чем на 50 %% к прошлому году (было %(last)s): кратко "
                "поясните причину."
            )
            % {"last": _number(last)},
        )


def _name(by_code, code):
    return by_code[code].name if code in by_code else ""


def _value(entries, code):
    entry = entries.get(code)
    return None if entry is None or entry.not_applicable else entry.value


def _check_parts(rule, entries, by_code, findings):
    value = _value(entries, rule.code)
    if value is None or rule.code in findings.errors:
        return
    for whole_code in rule.not_above:
        whole = _value(entries, whole_code)
        if whole is not None and value > whole and whole_code not in findings.errors:
            findings.error(
                rule.code,
                _("Не может быть больше показателя %(code)s «%(name)s» (%(whole)s).")
                % {"code": whole_code, "name": _name(by_code, whole_code), "whole": _number(whole)},
            )
    if rule.sum_of:
        parts = [_value(entries, code) for code in rule.sum_of]
        if any(part is None for part in parts):
            return
        if sum(parts) != value:
            findings.error(
                rule.code,
                _("Должно равняться сумме %(codes)s: %(total)s.")
                % {"codes": " + ".join(rule.sum_of), "total": _number(sum(parts))},
            )
