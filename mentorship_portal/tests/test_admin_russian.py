"""The Django admin in correct Russian: Django's own phrases put the model's name in the
nominative («Выберите организация для изменения», «Добавить организация»); the project's
admin templates title lists by the plural and forms by «Организация: добавление»."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


@pytest.mark.parametrize(
    "model", list(admin.site._registry), ids=lambda model: model._meta.label_lower
)
def test_every_admin_list_and_form_reads_right(administrator_client, model):
    opts = model._meta
    changelist = administrator_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    )
    assert changelist.status_code == 200
    plural = str(opts.verbose_name_plural)
    assert heading(changelist) == plural[:1].upper() + plural[1:]
    page = changelist.content.decode()
    assert "Выберите" not in page
    assert f"Добавить {opts.verbose_name}" not in page
    model_admin = admin.site._registry[model]
    request = changelist.wsgi_request
    if model_admin.has_add_permission(request):
        added = administrator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        name = str(opts.verbose_name)
        assert heading(added) == f"{name[:1].upper()}{name[1:]}: добавление"
        assert f"Добавить {opts.verbose_name}" not in added.content.decode()


def test_the_admin_lists_are_refused_to_those_without_admin_rights(client, office_user, head_a):
    # Office staff enter the admin for the obligation list only (accounts/admin_site.py):
    # another model's list is refused; a school head does not get past the admin's login.
    url = reverse("admin:organizations_organization_changelist")
    client.force_login(office_user)
    assert client.get(url).status_code == 403
    client.force_login(head_a)
    assert client.get(url).status_code == 302
