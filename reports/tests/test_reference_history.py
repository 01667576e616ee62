"""Who changed an indicator or a required local-act package, when and what: recorded by the
services and shown on the indicator's page and on the package settings page."""

import pytest
from django.urls import reverse

from reports.models import Indicator, ReferenceChange, ReferenceSubject

from .test_indicators import form_data

pytestmark = pytest.mark.django_db


def history(client, url):
    html = client.get(url).content.decode()
    start = html.index('data-testid="reference-history"')
    return html[start : html.index("</ul>", start)]


def test_indicator_edits_are_recorded_and_shown(office_client, office_user):
    office_client.post(reverse("reports:indicator_add"), form_data())
    added = Indicator.objects.get(code="PR07")
    url = reverse("reports:indicator_edit", args=[added.pk])
    office_client.post(url, form_data(name="Пары «работодатель – студент»", min_value="1"))
    office_client.post(reverse("reports:indicator_retire", args=[added.pk]), {"last_year": "2025"})
    changes = list(added.changes.order_by("at", "pk").values_list("action", "actor", "details"))
    assert [action for action, _actor, _details in changes] == [
        "Показатель добавлен",
        "Показатель изменён",
        "Показатель выведен из использования",
    ]
    assert {actor for _action, actor, _details in changes} == {office_user.pk}
    edited = changes[1][2]
    assert "наименование: «в т.ч. форма «работодатель – студент»» → «Пары «работодатель" in edited
    assert "не меньше: «0» → «1»" in edited
    shown = history(office_client, url)
    assert "Показатель выведен из использования" in shown
    assert "«—» → «2025»" in shown
    assert office_user.display_name in shown


def test_an_unchanged_save_records_nothing(office_client):
    office_client.post(reverse("reports:indicator_add"), form_data())
    added = Indicator.objects.get(code="PR07")
    office_client.post(reverse("reports:indicator_edit", args=[added.pk]), form_data())
    assert added.changes.count() == 1


def test_package_changes_are_recorded_and_shown(office_client, office_user):
    url = reverse("reports:package_settings_save")
    office_client.post(
        url, {"organization_kind": "preschool", "from_year": 2024, "codes": ["regulation"]}
    )
    change = ReferenceChange.objects.get(subject=ReferenceSubject.PACKAGE)
    assert (change.organization_kind, change.actor) == ("preschool", office_user)
    assert change.details.startswith("с 2024 года")
    shown = history(office_client, reverse("reports:package_settings"))
    assert "Изменён обязательный пакет локальных актов" in shown
    assert "Дошкольная" in shown or "дошкольн" in shown.lower()
    assert "исключены: «" in shown  # preschools keep only the regulation
