import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship_portal.params import IdFilter, PortalFilterSet, active_state_filter

from .models import Organization, OrganizationKind


class OrganizationFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Тип"), choices=OrganizationKind.choices, empty_label=_("Все")
    )
    is_active = active_state_filter(_("Закрытые"))

    # Set by the link «Подчинённые организации» on an organization's page.
    parent = IdFilter(field_name="parent_id", widget=django_filters.widgets.forms.HiddenInput)

    class Meta:
        model = Organization
        fields = ["q", "kind", "is_active", "parent"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(head_name__icontains=value)
        )
