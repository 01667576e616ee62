import django_filters
from django.utils.translation import gettext_lazy as _

from mentorship_portal.params import IdFilter, PortalFilterSet, YearFilter
from organizations.models import OrganizationKind

from .models import Obligation, ObligationStatus


class ObligationFilter(PortalFilterSet):
    organization = django_filters.CharFilter(
        label=_("Организация"), field_name="organization__name", lookup_expr="icontains"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Тип организации"),
        field_name="organization__kind",
        choices=OrganizationKind.choices,
        empty_label=_("Все"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Статус"), choices=ObligationStatus.choices, empty_label=_("Все")
    )
    activity = IdFilter(
        label=_("Мероприятие"),
        field_name="responsibility__activity",
        widget=django_filters.widgets.forms.HiddenInput,
    )
    year = YearFilter(label=_("Год"), method="filter_year")

    class Meta:
        model = Obligation
        fields = ["organization", "kind", "status", "activity", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.for_year(value)


class OrganizationObligationFilter(ObligationFilter):
    """The same filters on one organization's page, where naming the organization is moot."""

    class Meta(ObligationFilter.Meta):
        fields = ["status", "activity", "year"]

    organization = None
    kind = None
