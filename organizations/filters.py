import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mentorship_portal.forms import with_bootstrap_classes

from .models import Organization, OrganizationKind


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Поиск"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Тип"), choices=OrganizationKind.choices, empty_label=_("Все")
    )
    # A plain yes/no select reads «Действует: Неизвестно» for "any": name the three states.
    is_active = django_filters.ChoiceFilter(
        label=_("Состояние"),
        choices=[("true", _("Действующие")), ("false", _("Закрытые"))],
        empty_label=_("Все"),
        method="filter_active",
    )

    # Set by the link «Подчинённые организации» on an organization's page.
    parent = django_filters.NumberFilter(
        field_name="parent_id", widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "is_active", "parent"]

    @property
    def form(self):
        return with_bootstrap_classes(super().form)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "true")

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(short_name__icontains=value)
            | Q(head_name__icontains=value)
        )
