"""The admin reads; services write: obligations, evidence, history and sent mail are shown
in the Django admin but cannot be added, changed or deleted there."""

import pytest
from django.urls import reverse

from obligations import services
from obligations.models import Evidence, EvidenceKind, Obligation, ObligationEvent, SentMessage
from organizations.models import Organization


@pytest.fixture
def evidence(one_off_a, head_a):
    return services.add_evidence(
        obligation=one_off_a,
        by=head_a,
        kind=EvidenceKind.LINK,
        title="Страница о наставничестве",
        url="https://school-a.example.org/mentorship",
    )


@pytest.fixture
def message(one_off_a, office_user):
    from obligations.notifications import chase

    chase(obligations=[one_off_a], by=office_user)
    return SentMessage.objects.get()


def admin_url(obj, action):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=[obj.pk])


@pytest.mark.django_db
def test_rows_written_by_services_are_view_only(administrator_client, evidence, message):
    event = ObligationEvent.objects.filter(obligation=evidence.obligation).first()
    for obj in (evidence.obligation, evidence, event, message):
        assert administrator_client.get(admin_url(obj, "change")).status_code == 200
        changed = administrator_client.post(admin_url(obj, "change"), {"title": "Другое"})
        assert changed.status_code == 403, obj
        assert administrator_client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert Evidence.objects.get(pk=evidence.pk).title == "Страница о наставничестве"
    assert Obligation.objects.filter(pk=evidence.obligation_id).exists()
    assert ObligationEvent.objects.filter(pk=event.pk).exists()
    assert SentMessage.objects.filter(pk=message.pk).exists()


@pytest.mark.django_db
def test_nothing_is_added_through_the_admin(administrator_client):
    for model in (Obligation, Evidence, ObligationEvent, SentMessage):
        url = reverse(f"admin:obligations_{model._meta.model_name}_add")
        assert administrator_client.get(url).status_code == 403, model


@pytest.mark.django_db
def test_organizations_are_deactivated_not_deleted(administrator_client, school_a, roadmap):
    url = admin_url(school_a, "delete")
    assert administrator_client.post(url, {"post": "yes"}).status_code == 403
    assert Organization.objects.filter(pk=school_a.pk).exists()


@pytest.mark.django_db
def test_organization_edited_in_admin_is_resynced(administrator_client, school_a, office, roadmap):
    form = {
        "name": school_a.name,
        "short_name": "Школа А",
        "kind": school_a.kind,
        "parent": office.pk,
        "is_active": "",  # deactivated
    }
    response = administrator_client.post(admin_url(school_a, "change"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    archived = Obligation.objects.filter(organization=school_a).values_list("is_archived", flat=True)
    assert set(archived) == {True}
