"""The year's return as one form: a field (or a few) per indicator, built from the indicator
rows, grouped by section, each with last year's value beside it. The form only parses what
was typed; the cross-checks are reports/validation.py's, reached through the services."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _, gettext_lazy

from ..models import IndicatorKind
from ..validation import Entry

YES, NO = "yes", "no"
MAX_DIGITS = 12


def _field_names(code):
    return {
        "value": code,
        "na": f"{code}__na",
        "url": f"{code}__url",
        "evidence": f"{code}__evidence",
        "explanation": f"{code}__explanation",
    }


class ReturnForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, indicators, saved=None, evidence_choices=(), last_year=None, **kwargs
    ):
        kwargs.setdefault("initial", {}).update(_initial_from(indicators, saved or {}))
        super().__init__(*args, **kwargs)
        self.saved = saved or {}
        self.indicators = indicators
        self.last_year = last_year or {}
        self.warnings = {}
        choices = [("", gettext_lazy("— не выбран —"))] + [
            (str(pk), label) for pk, label in evidence_choices
        ]
        for indicator in indicators:
            self._add_fields(indicator, choices)

    def _add_fields(self, indicator, evidence_choices):
        names = _field_names(indicator.code)
        label = f"{indicator.code}. {indicator.name}"
        if indicator.kind == IndicatorKind.TEXT:
            self.fields[names["value"]] = forms.CharField(
                label=label,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            return
        if indicator.kind == IndicatorKind.YES_NO:
            self.fields[names["value"]] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[(YES, _("да")), (NO, _("нет"))],
                widget=forms.RadioSelect,
            )
            self.fields[names["url"]] = forms.URLField(
                label=_("Ссылка"),
                required=False,
                max_length=1000,
                assume_scheme="https",
                error_messages={
                    "invalid": _(
                        "Укажите адрес целиком, например https://school.example.ru/nastavnichestvo."
                    )
                },
            )
            self.fields[names["evidence"]] = forms.ChoiceField(
                label=_("или документ из подтверждений"), required=False, choices=evidence_choices
            )
        else:
            self.fields[names["value"]] = forms.CharField(
                label=label,
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end"}),
            )
            self.fields[names["explanation"]] = forms.CharField(
                label=_("Пояснение к изменению"), required=False, max_length=1000
            )
        if indicator.allows_not_applicable:
            self.fields[names["na"]] = forms.BooleanField(label=_("не применимо"), required=False)

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            if indicator.kind in (IndicatorKind.COUNT, IndicatorKind.NUMBER):
                self._parse_number(indicator.code, cleaned)
        return cleaned

    def _parse_number(self, code, cleaned):
        raw = (cleaned.get(code) or "").replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if not raw:
            cleaned[code] = None
            return
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.add_error(code, _("Введите число, например 12 или 7,5."))
        elif abs(number) >= 10**MAX_DIGITS or number != round(number, 2):
            self.add_error(code, _("Слишком большое число или больше двух знаков после запятой."))
        else:
            cleaned[code] = number

    def entries(self):
        """code → Entry of what was typed (call after is_valid())."""
        return {indicator.code: self._entry(indicator) for indicator in self.indicators}

    def _entry(self, indicator):
        data = self.cleaned_data
        names = _field_names(indicator.code)
        entry = Entry(
            not_applicable=bool(data.get(names["na"])),
            explanation=data.get(names["explanation"]) or "",
        )
        if indicator.kind == IndicatorKind.TEXT:
            entry.text = data.get(names["value"]) or ""
        elif indicator.kind == IndicatorKind.YES_NO:
            answer = data.get(names["value"])
            entry.value = {YES: Decimal(1), NO: Decimal(0)}.get(answer)
            entry.url = data.get(names["url"]) or ""
            entry.evidence_id = (
                int(data[names["evidence"]]) if data.get(names["evidence"]) else None
            )
        else:
            entry.value = data.get(names["value"])
        return entry

    def show_findings(self, findings):
        """Put the services' errors and warnings next to their indicators' fields."""
        for code, messages in findings.errors.items():
            for message in messages:
                self.add_error(code, message)
        self.warnings = findings.warnings

    def sections(self):
        """[(section, [row, ...])] for the template: each row an indicator with its bound
        fields, last year's value and this field's warnings."""
        grouped = {}
        for indicator in self.indicators:
            names = _field_names(indicator.code)
            row = {
                "indicator": indicator,
                "last_year": _shown(self.last_year.get(indicator.code)),
                "shown": _shown_entry(indicator, self.saved.get(indicator.code)),
                "warnings": self.warnings.get(indicator.code, []),
                **{key: self[name] for key, name in names.items() if name in self.fields},
            }
            grouped.setdefault(indicator.section, []).append(row)
        return list(grouped.items())


def _initial_from(indicators, entries):
    """Form initial data from saved entries (code → Entry)."""
    initial = {}
    for indicator in indicators:
        entry = entries.get(indicator.code)
        if entry is None:
            continue
        names = _field_names(indicator.code)
        initial[names["value"]] = _initial_value(indicator, entry)
        initial[names["na"]] = entry.not_applicable
        initial[names["url"]] = entry.url
        initial[names["evidence"]] = str(entry.evidence_id) if entry.evidence_id else ""
        initial[names["explanation"]] = entry.explanation
    return initial


def _initial_value(indicator, entry):
    if indicator.kind == IndicatorKind.TEXT:
        return entry.text
    if entry.value is None:
        return ""
    if indicator.kind == IndicatorKind.YES_NO:
        return YES if entry.value == 1 else NO
    return _shown(entry.value)


def _shown(value):
    """A number as the page shows it: 12, 7,5 (no trailing zeros, a decimal comma)."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


def _shown_entry(indicator, entry):
    """What a saved value reads as on a page that only shows it."""
    if entry is None:
        return ""
    if entry.not_applicable:
        return _("не применимо")
    if indicator.kind == IndicatorKind.TEXT:
        return entry.text
    if indicator.kind == IndicatorKind.YES_NO and entry.value is not None:
        return _("да") if entry.value == 1 else _("нет")
    return _shown(entry.value)


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        label=gettext_lazy("Решение"),
        choices=[(ACCEPT, gettext_lazy("Принять")), (RETURN, gettext_lazy("Вернуть на доработку"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Комментарий"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not (cleaned.get("comment") or "").strip():
            self.add_error(
                "comment", gettext_lazy("Укажите, что нужно исправить: комментарий обязателен.")
            )
        return cleaned
