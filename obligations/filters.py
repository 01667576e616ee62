import django_filters
from django.utils.translation import gettext_lazy as _

from organizations.models import OrganizationKind

from .models import Obligation, ObligationStatus


class ObligationFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(
        label=_("Организация"), field_name="organization__name", lookup_expr="icontains"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Тип организации"), field_name="organization__kind", choices=OrganizationKind.choices
    )
    status = django_filters.ChoiceFilter(label=_("Статус"), choices=ObligationStatus.choices)
    activity = django_filters.NumberFilter(
        label=_("Мероприятие"), field_name="responsibility__activity", widget=django_filters.widgets.forms.HiddenInput
    )
    year = django_filters.NumberFilter(label=_("Год"), method="filter_year")

    class Meta:
        model = Obligation
        fields = ["organization", "kind", "status", "activity", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.for_year(int(value))
