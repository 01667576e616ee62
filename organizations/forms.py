from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organization


class OrganizationForm(forms.ModelForm):
    """Details of an organization; where it sits in the tree is limited to the acting
    user's own subtree (`possible_parents`). Closing and reopening are separate buttons."""

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "municipality",
            "head_name",
            "email",
            "phone",
            "website",
        ]

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        parent.queryset = Organization.objects.possible_parents(
            by, organization=self.instance
        ).order_by("name")
        parent.required = not by.is_admin
        parent.help_text = _("Куда входит организация: только в пределах вашего подразделения.")
        parent.label_from_instance = lambda organization: organization.name
