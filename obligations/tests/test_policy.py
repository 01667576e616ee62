"""The access policy's object rules against what the services actually allow: a page never
offers what the service would refuse, and never hides what it would allow."""

import pytest
from django.db import transaction
from django.urls import reverse
from model_bakery import baker

from accounts.models import Role
from accounts.policy import may_fill_in, may_review
from obligations import services
from obligations.models import EventAction, EvidenceKind, Obligation, ObligationStatus
from obligations.uploads import check_upload

from .conftest import pdf_upload


class Refused(Exception):
    pass


def service_allows(action):
    """Whether `action()` succeeds; everything it wrote is rolled back either way."""
    try:
        with transaction.atomic():
            action()
            raise Refused  # undo what the service did
    except Refused:
        return True
    except services.ObligationError:
        return False


def add_act(obligation, by):
    return services.add_evidence(
        obligation=obligation,
        by=by,
        kind=EvidenceKind.LOCAL_ACT,
        title="Положение о наставничестве",
        act_type="regulation",
        act_date=obligation.due_date,
    )


def submit(obligation, by):
    add_act(obligation, by)
    return services.submit(obligation=obligation, by=by)


@pytest.fixture
def states(roadmap, office, office_user, head_a, school_a):
    """Obligations in each state that matters to reviewing: submitted by a school, submitted
    by the office itself, open, returned, and submitted then archived."""
    yearly = Obligation.objects.filter(
        responsibility__activity__number="2", responsibility__activity__stage__roadmap=roadmap
    )
    school_submitted = submit(yearly.get(organization=school_a, period_year=2022), head_a)
    office_submitted = submit(yearly.get(organization=office, period_year=2022), office_user)
    returned = submit(yearly.get(organization=school_a, period_year=2023), head_a)
    services.return_for_rework(obligation=returned, by=office_user, comment="Нет подписи")
    archived = submit(yearly.get(organization=school_a, period_year=2024), head_a)
    Obligation.objects.filter(pk=archived.pk).update(is_archived=True)
    open_one = yearly.get(organization=office, period_year=2023)
    return [
        Obligation.objects.get(pk=o.pk)
        for o in (school_submitted, office_submitted, returned, archived, open_one)
    ]


@pytest.mark.django_db
def test_may_review_is_exactly_what_the_service_allows(
    states, head_a, head_b, office_user, administrator
):
    for user in (head_a, head_b, office_user, administrator):
        for obligation in states:
            allowed = service_allows(
                lambda o=obligation, u=user: services.accept(obligation=o, by=u)
            )
            assert may_review(user, obligation) == allowed, (user, obligation.status)


@pytest.mark.django_db
def test_staff_see_no_review_form_on_their_own_organizations_submission(
    client, states, office_user, administrator
):
    school_submitted, office_submitted = states[0], states[1]
    client.force_login(office_user)
    own = client.get(reverse("obligations:detail", args=[office_submitted.pk]))
    assert own.context["can_review"] is False
    assert 'name="decision"' not in own.content.decode()
    school = client.get(reverse("obligations:detail", args=[school_submitted.pk]))
    assert school.context["can_review"] is True
    assert 'name="decision"' in school.content.decode()
    client.force_login(administrator)  # somebody else reviews the office's own submission
    assert client.get(reverse("obligations:detail", args=[office_submitted.pk])).context[
        "can_review"
    ]


@pytest.mark.django_db
def test_may_fill_in_is_exactly_what_the_service_allows(
    states, head_a, head_b, office_user, administrator
):
    for user in (head_a, head_b, office_user, administrator):
        for obligation in states:
            allowed = service_allows(lambda o=obligation, u=user: add_act(o, u))
            # The service checks the state; the view checks who acts (403) before calling it.
            acts = obligation.organization_id == user.organization_id and user.role != Role.ADMIN
            assert may_fill_in(user, obligation) == (allowed and acts), (user, obligation.status)


# --- Evidence removed once stays removed -----------------------------------------------------


@pytest.fixture
def removed(one_off_a, head_a):
    evidence = add_act(one_off_a, head_a)
    services.remove_evidence(evidence=evidence, by=head_a)
    evidence.refresh_from_db()
    return evidence


@pytest.mark.django_db
def test_evidence_cannot_be_removed_twice(removed, head_a):
    first_removal = removed.removed_at
    other = baker.make("accounts.User", role=Role.SCHOOL_HEAD, organization=head_a.organization)
    with pytest.raises(services.ObligationError, match="уже удалено"):
        services.remove_evidence(evidence=removed, by=other)
    removed.refresh_from_db()
    assert (removed.removed_at, removed.removed_by) == (first_removal, head_a)
    events = removed.obligation.events.filter(action=EventAction.EVIDENCE_REMOVED)
    assert events.count() == 1


@pytest.mark.django_db
def test_removed_evidence_gets_no_new_file(removed, head_a):
    upload = pdf_upload()
    with pytest.raises(services.ObligationError, match="уже удалено"):
        services.replace_file(
            evidence=removed,
            by=head_a,
            upload=check_upload(upload, upload.name, max_bytes=10**6),
            file=upload,
        )
    assert removed.files.count() == 0
    assert not removed.obligation.events.filter(action=EventAction.FILE_REPLACED).exists()


@pytest.mark.django_db
def test_removing_removed_evidence_through_the_page_says_so(head_a_client, removed):
    url = reverse("obligations:evidence_remove", args=[removed.obligation_id, removed.pk])
    response = head_a_client.post(url, {"confirmed": "1"}, follow=True)
    assert "уже удалено" in response.content.decode()
    assert removed.obligation.status == ObligationStatus.IN_PROGRESS
