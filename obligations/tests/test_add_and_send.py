"""Adding evidence and sending it for review read as one flow: after «Добавить» the page says
the evidence is not sent yet; «Добавить и отправить» does both in one transaction, keeps the
form's idempotency token, and a plain «Приказ» act type is there to choose."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from obligations import services
from obligations.forms import EvidenceForm
from obligations.models import (
    Evidence,
    EvidenceFile,
    LocalActType,
    ObligationEvent,
    ObligationStatus,
)

from .conftest import LOCAL_ACT, pdf_upload


def add(client, obligation, *, then=None, **overrides):
    data = {**LOCAL_ACT, "file": pdf_upload(), **overrides}
    if then:
        data["then"] = then
    url = reverse("obligations:evidence_add", args=[obligation.pk])
    return client.post(url, data, follow=True)


def texts(response):
    return [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_plain_add_says_the_evidence_is_not_sent_yet(head_a_client, one_off_a):
    response = add(head_a_client, one_off_a)
    assert texts(response) == [
        "Подтверждение добавлено, но ещё не отправлено. Добавьте остальное и нажмите "
        "«Отправить на проверку»."
    ]
    assert 'data-testid="not-sent-notice"' in response.content.decode()
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.IN_PROGRESS


@pytest.mark.django_db
def test_add_and_send_submits_in_one_step_with_history(head_a_client, head_a, one_off_a):
    response = add(head_a_client, one_off_a, then="submit")
    assert texts(response) == [
        "Подтверждение добавлено и отправлено на проверку в управление образования."
    ]
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.SUBMITTED
    actions = list(
        ObligationEvent.objects.filter(obligation=one_off_a).values_list("action", "actor")
    )
    assert actions == [
        ("evidence_added", head_a.pk),
        ("status", head_a.pk),
        ("submitted", head_a.pk),
    ]
    html = response.content.decode()
    assert 'data-testid="evidence-form"' not in html  # nothing more to fill in now


@pytest.mark.django_db
def test_add_and_send_posted_twice_adds_and_submits_once(head_a_client, one_off_a):
    token = (
        head_a_client.get(one_off_a.get_absolute_url())
        .context["evidence_form"]["submission_token"]
        .value()
    )
    add(head_a_client, one_off_a, then="submit", submission_token=str(token))
    second = add(head_a_client, one_off_a, then="submit", submission_token=str(token))
    assert "Форма отправлена повторно" in texts(second)[0]
    assert Evidence.objects.filter(obligation=one_off_a).count() == 1
    assert ObligationEvent.objects.filter(obligation=one_off_a, action="submitted").count() == 1


@pytest.mark.django_db
def test_add_and_send_with_errors_saves_nothing(head_a_client, one_off_a):
    response = add(head_a_client, one_off_a, then="submit", act_date="")
    assert response.status_code == 400
    assert "Укажите дату акта." in response.content.decode()
    one_off_a.refresh_from_db()
    assert (one_off_a.status, Evidence.objects.count()) == (ObligationStatus.NOT_STARTED, 0)


@pytest.mark.django_db
def test_add_and_send_is_all_or_nothing_including_the_file(head_a, one_off_a, monkeypatch):
    def refuse(**kwargs):
        raise services.ObligationError("Отправка не удалась.")

    def stored():
        # The files kept for the organization, compared before and after: on SQLite an
        # earlier test's organization may have had the same primary key, and its files stay.
        folder = f"evidence/{one_off_a.organization_id}"
        return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()

    monkeypatch.setattr(services, "submit", refuse)
    upload = pdf_upload()
    form = EvidenceForm({**LOCAL_ACT}, {"file": upload})
    assert form.is_valid(), form.errors
    before = stored()
    with pytest.raises(services.ObligationError):
        services.add_evidence_and_submit(
            obligation=one_off_a, by=head_a, upload=form.checked_upload, **form.values()
        )
    assert (Evidence.objects.count(), EvidenceFile.objects.count()) == (0, 0)
    assert stored() == before
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.NOT_STARTED


@pytest.mark.django_db
def test_returned_obligation_is_fixed_and_resent_in_one_step(
    head_a_client, head_a, office_user, one_off_a
):
    add(head_a_client, one_off_a, then="submit")
    services.return_for_rework(obligation=one_off_a, by=office_user, comment="Нет подписи")
    add(head_a_client, one_off_a, then="submit", title="Положение с подписью")
    one_off_a.refresh_from_db()
    assert one_off_a.status == ObligationStatus.SUBMITTED


@pytest.mark.django_db
def test_a_plain_order_act_type_is_offered(head_a_client, one_off_a):
    assert LocalActType.objects.filter(code="order", name="Приказ", is_active=True).exists()
    html = head_a_client.get(one_off_a.get_absolute_url()).content.decode()
    assert '<option value="order">Приказ</option>' in html
    add(head_a_client, one_off_a, act_type="order", title="Приказ № 12")
    assert Evidence.objects.get().act_type_id == "order"
