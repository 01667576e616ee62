"""The staff form for one indicator (the services in reports/indicators.py write it)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import EDUCATIONAL_KINDS
from roadmap.models import Activity, RoadmapStatus

from ..indicators import RELATIONS
from ..models import Indicator


class IndicatorForm(forms.ModelForm):
    organization_kinds = forms.MultipleChoiceField(
        label=_("Типы организаций"),
        choices=[(kind.value, kind.label) for kind in EDUCATIONAL_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Не отмечено — все образовательные организации."),
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "section",
            "position",
            "unit",
            "kind",
            "reporter",
            "organization_kinds",
            "first_year",
            "last_year",
            "min_value",
            "max_value",
            "allows_not_applicable",
            "not_above",
            "sum_of",
            "numerator",
            "denominator",
            "share_source",
            "target_percent",
            "cap_at_100",
            "activity",
            "description",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "not_above": forms.SelectMultiple(attrs={"size": 6}),
            "sum_of": forms.SelectMultiple(attrs={"size": 6}),
            "numerator": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = Indicator.objects.exclude(pk=self.instance.pk).only("code", "name")
        for name in (*RELATIONS, "denominator"):
            self.fields[name].queryset = others
            self.fields[name].label_from_instance = lambda indicator: (
                f"{indicator.code} {indicator.name[:60]}"
            )
        self.fields["activity"].queryset = Activity.objects.filter(
            stage__roadmap__status=RoadmapStatus.ACTIVE
        ).select_related("stage")
        self.fields["activity"].label_from_instance = lambda a: f"{a.label} {a.title[:70]}"

    def values(self):
        """The cleaned fields as the services take them."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
