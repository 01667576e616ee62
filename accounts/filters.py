import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship_portal.params import IdFilter, PortalFilterSet, active_state_filter

from .models import Role, User


class UserFilter(PortalFilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    role = django_filters.ChoiceFilter(label=_("Роль"), choices=Role.choices, empty_label=_("Все"))
    is_active = active_state_filter(_("Отключённые"))
    # Set by the link from an organization's page; the list shows it as a removable chip.
    organization = IdFilter(
        field_name="organization_id", widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = User
        fields = ["q", "role", "is_active", "organization"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(last_name__icontains=value)
            | Q(first_name__icontains=value)
            | Q(email__icontains=value)
            | Q(username__icontains=value)
            | Q(organization__name__icontains=value)
            | Q(organization__short_name__icontains=value)
        )
