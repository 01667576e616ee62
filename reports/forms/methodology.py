"""Forms for editing a methodology: its header, its blocks and weights (all at once, so the
weights can be checked to add up to 100 %), and one criterion with its bands.

Bands are typed one per line as «от: баллы» ("70: 2"), highest first; the checks themselves
live in reports/scoring.py and reports/methodology.py, so a form and a service say the same.
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from obligations.models import LocalActType

from .. import scoring
from ..methodology import criterion_problems
from ..models import CriterionRule, Indicator

YEAR = {"min_value": 2000, "max_value": 2100}
PERCENT = {"min_value": 0, "max_value": 100, "max_digits": 5, "decimal_places": 2}


class MethodologyForm(forms.Form):
    title = forms.CharField(label=_("Наименование"), max_length=300)
    basis = forms.CharField(
        label=_("Основание"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Региональный акт, на котором основана методика."),
    )
    first_year = forms.IntegerField(label=_("Действует с года"), **YEAR)
    last_year = forms.IntegerField(
        label=_("по год"), required=False, help_text=_("Пусто — бессрочно."), **YEAR
    )
    high_from = forms.DecimalField(label=_("Высокий уровень от, %"), initial=80, **PERCENT)
    sufficient_from = forms.DecimalField(
        label=_("Достаточный уровень от, %"), initial=60, **PERCENT
    )
    medium_from = forms.DecimalField(label=_("Средний уровень от, %"), initial=40, **PERCENT)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_year"), data.get("last_year")
        if first and last and last < first:
            self.add_error("last_year", _("Год окончания не может быть раньше года начала."))
        levels = [data.get(name) for name in ("high_from", "sufficient_from", "medium_from")]
        if None not in levels:
            try:
                scoring.check_thresholds(scoring.Thresholds(*levels))
            except scoring.BandsError as error:
                self.add_error("sufficient_from", str(error))
        return data


class BlockForm(forms.Form):
    pk = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Блок"), max_length=300)
    weight = forms.DecimalField(label=_("Вес, %"), **{**PERCENT, "min_value": Decimal("0.01")})
    position = forms.IntegerField(label=_("Порядок"), min_value=0, max_value=1000, required=False)


class BaseBlockFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        kept = [f.cleaned_data for f in self.forms if f.has_changed() or f.cleaned_data.get("pk")]
        kept = [d for d in kept if not d.get("DELETE")]
        try:
            scoring.check_weights([d["weight"] for d in kept])
        except scoring.BandsError as error:
            raise forms.ValidationError(str(error)) from None

    def blocks(self):
        """(blocks to keep as dicts, pks of blocks to delete)."""
        keep, removed = [], []
        for index, form in enumerate(self.forms, start=1):
            data = form.cleaned_data
            if not data or not (form.has_changed() or data.get("pk")):
                continue
            if data.get("DELETE"):
                if data.get("pk"):
                    removed.append(data["pk"])
            else:
                keep.append(
                    {
                        **data,
                        "position": data.get("position")
                        if data.get("position") is not None
                        else index,
                    }
                )
        return keep, removed


BlockFormSet = forms.formset_factory(BlockForm, formset=BaseBlockFormSet, extra=1, can_delete=True)


def bands_text(bands):
    """Bands as the form shows them: «70: 2» per line."""
    return "\n".join(f"{b['from']}: {b['points']}" for b in bands or [])


def parse_bands_text(text):
    """«70: 2» lines → [{"from": "70", "points": "2"}] (numbers kept as text, exactly)."""
    bands = []
    for number, line in enumerate(text.strip().splitlines(), start=1):
        if not line.strip():
            continue
        lower, sep, points = line.partition(":")
        if not sep:
            raise forms.ValidationError(
                _("Строка %(n)s: напишите «от: баллы», например «70: 2».") % {"n": number}
            )
        try:
            bands.append({"from": _number(lower), "points": _number(points)})
        except scoring.BandsError as error:
            raise forms.ValidationError(
                _("Строка %(n)s: %(e)s") % {"n": number, "e": error}
            ) from None
    return bands


def _number(text):
    value = scoring.to_decimal(text)
    return f"{value.normalize():f}"


class CriterionForm(forms.Form):
    title = forms.CharField(label=_("Критерий"), max_length=500)
    rule = forms.ChoiceField(label=_("Правило"), choices=CriterionRule.choices)
    indicator = forms.ModelChoiceField(
        label=_("Показатель"),
        queryset=Indicator.objects.all(),
        required=False,
        empty_label="—",
        help_text=_("Для долей, процентов и количеств."),
    )
    act_type = forms.ModelChoiceField(
        label=_("Вид локального акта"),
        queryset=LocalActType.objects.active(),
        required=False,
        empty_label="—",
        help_text=_("Для критерия «наличие документа»."),
    )
    bands = forms.CharField(
        label=_("Диапазоны"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "По строке на диапазон, от большего к меньшему: «от: баллы», например «70: 2», "
            "«40: 1». Ниже последнего — 0 баллов. Для доли мероприятий в срок можно оставить "
            "пустым: баллы в пропорции."
        ),
    )
    max_points = forms.DecimalField(
        label=_("Максимум баллов"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Для документа и доли в пропорции; у диапазонов — баллы верхнего диапазона."),
    )
    position = forms.IntegerField(label=_("Порядок"), min_value=0, max_value=1000, initial=0)

    def clean_bands(self):
        return parse_bands_text(self.cleaned_data.get("bands", ""))

    def clean(self):
        data = super().clean()
        if "rule" not in data or "bands" not in data:
            return data
        problems = criterion_problems(
            rule=data["rule"],
            indicator=data.get("indicator"),
            act_type=data.get("act_type"),
            bands=data["bands"],
            max_points=data.get("max_points"),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data
