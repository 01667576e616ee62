"""Every named database constraint of the portal, broken through the database itself (no
full_clean on the way): the rule holds even against code that forgets to validate. A new
constraint without a case here fails `test_every_named_constraint_has_a_case`."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from model_bakery import baker

from accounts.models import Role, User
from obligations import services
from obligations.models import (
    CompletionTally,
    Evidence,
    EvidenceFile,
    EvidenceKind,
    MailSetting,
    MessageKind,
    Notice,
    Obligation,
    ObligationStatus,
    ObligationTally,
    SentMessage,
)
from organizations.models import Organization
from roadmap.models import (
    Activity,
    PartyKind,
    Programme,
    Responsibility,
    ResponsibleParty,
    Roadmap,
    RoadmapStatus,
    Stage,
)

APPS = ("accounts", "organizations", "roadmap", "obligations")
TOKEN = "6f1c2a52-4a39-4c86-9a8e-2f3f0e1c9d11"


def _evidence(world, **fields):
    return Evidence.objects.create(
        obligation=world.one_off_a,
        title="Подтверждение",
        effective_date=dt.date(2022, 3, 1),
        **fields,
    )


def _duplicate_of(obj, **changes):
    """A copy of `obj` saved as a new row, with `changes`."""
    obj.pk = None
    obj.id = None
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.save()


def _two_programmes_active(world):
    roadmap = world.roadmap
    baker.make(Roadmap, programme=roadmap.programme, title="Вторая", status=RoadmapStatus.ACTIVE)


def _digest_twice(world):
    for _ in range(2):
        SentMessage.objects.create(
            kind=MessageKind.DIGEST,
            recipient=world.head_a,
            email="a@example.org",
            organization=world.one_off_a.organization,
            subject="Сроки",
            sent_on=dt.date(2024, 1, 10),
        )


def _second_current_file(world):
    evidence = _evidence(world, kind=EvidenceKind.FILE)
    for _ in range(2):
        EvidenceFile.objects.create(
            evidence=evidence,
            file="evidence/x.pdf",
            original_name="x.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            is_current=True,
        )


CASES = {
    "user_school_head_has_organization": lambda w: User.objects.create(
        username="orphan", role=Role.SCHOOL_HEAD, organization=None
    ),
    "organization_unique_name_within_parent": lambda w: Organization.objects.create(
        name=w.school_a.name, kind=w.school_a.kind, parent=w.school_a.parent
    ),
    "organization_not_own_parent": lambda w: Organization.objects.filter(pk=w.school_a.pk).update(
        parent=w.school_a.pk
    ),
    "programme_years_in_order": lambda w: Programme.objects.filter(
        pk=w.roadmap.programme_id
    ).update(first_year=2030, last_year=2020),
    "programme_unique_title_years": lambda w: _duplicate_of(w.roadmap.programme),
    "roadmap_one_active_per_programme": _two_programmes_active,
    "stage_unique_position_in_roadmap": lambda w: _duplicate_of(
        Stage.objects.filter(roadmap=w.roadmap).first(), number="X"
    ),
    "activity_unique_position_in_stage": lambda w: _duplicate_of(
        Activity.objects.filter(stage__roadmap=w.roadmap).first(), number="99"
    ),
    "activity_unique_number_in_stage": lambda w: _duplicate_of(
        Activity.objects.filter(stage__roadmap=w.roadmap).first(), position=99
    ),
    "responsibility_unique_position": lambda w: _duplicate_of(w.one_off_a.responsibility),
    "responsibility_range_in_order": lambda w: Responsibility.objects.filter(
        pk=w.one_off_a.responsibility_id
    ).update(start=dt.date(2022, 9, 30), end=dt.date(2022, 1, 1)),
    "responsibility_yearly_day_valid": lambda w: Responsibility.objects.filter(
        pk=w.one_off_a.responsibility_id
    ).update(yearly_day=32),
    "party_unique_position": lambda w: _duplicate_of(
        ResponsibleParty.objects.filter(responsibility=w.one_off_a.responsibility).first()
    ),
    "party_organization_iff_kind_organization": lambda w: ResponsibleParty.objects.filter(
        responsibility=w.one_off_a.responsibility
    ).update(kind=PartyKind.ORGANIZATION, organization=None),
    "obligation_unique_per_year": lambda w: _duplicate_of(
        Obligation.objects.filter(period_year__isnull=False).first()
    ),
    "obligation_unique_one_off": lambda w: _duplicate_of(w.one_off_a),
    # The same month of the same deadline row twice for one organization.
    "obligation_unique_per_period": lambda w: [
        _duplicate_of(w.one_off_a, period_year=2022, period_unit="month", period_number=3)
        for _twice in range(2)
    ],
    "obligation_period_number_valid": lambda w: Obligation.objects.filter(pk=w.one_off_a.pk).update(
        period_year=2022, period_unit="quarter", period_number=5
    ),
    "obligation_period_has_year": lambda w: Obligation.objects.filter(pk=w.one_off_a.pk).update(
        period_unit="month", period_number=3
    ),
    "obligation_submitted_has_time": lambda w: Obligation.objects.filter(pk=w.one_off_a.pk).update(
        status=ObligationStatus.SUBMITTED, submitted_at=None
    ),
    "evidence_local_act_has_type_and_date": lambda w: _evidence(
        w, kind=EvidenceKind.LOCAL_ACT, act_type_id="regulation"
    ),
    "evidence_link_has_url": lambda w: _evidence(w, kind=EvidenceKind.LINK),
    "evidence_figure_has_value": lambda w: _evidence(w, kind=EvidenceKind.FIGURE),
    "evidence_one_current_file": _second_current_file,
    "evidence_one_per_form_token": lambda w: [
        _evidence(w, kind=EvidenceKind.LINK, url="https://example.org", submission_token=TOKEN)
        for _twice in range(2)
    ],
    "sent_message_one_digest_a_day": _digest_twice,
    "tally_unique_dated": lambda w: _duplicate_of(
        ObligationTally.objects.filter(due_date__isnull=False).first()
    ),
    "tally_unique_undated": lambda w: _duplicate_of(
        ObligationTally.objects.filter(due_date__isnull=True).first()
    ),
    "tally_count_not_negative": lambda w: ObligationTally.objects.filter(node=w.school_a).update(
        count=-1
    ),
    "completion_unique": lambda w: _duplicate_of(CompletionTally.objects.first()),
    "completion_not_negative": lambda w: CompletionTally.objects.filter(node=w.school_a).update(
        complete=-1
    ),
    "notice_one_unread_per_obligation_and_kind": lambda w: [
        Notice.objects.create(recipient=w.head_a, obligation=w.one_off_a, kind="returned")
        for _twice in range(2)
    ],
    "notice_read_after_created": lambda w: Notice.objects.create(
        recipient=w.head_a,
        obligation=w.one_off_a,
        kind="accepted",
        created_at=timezone.now(),
        read_at=timezone.now() - dt.timedelta(days=1),
    ),
    "mail_setting_submissions_valid": lambda w: MailSetting.objects.create(
        user=w.head_a, submissions="sometimes"
    ),
}


class World:
    def __init__(self, **objects):
        self.__dict__.update(objects)


@pytest.fixture
def world(roadmap, school_a, head_a, one_off_a):
    return World(roadmap=roadmap, school_a=school_a, head_a=head_a, one_off_a=one_off_a)


def test_every_named_constraint_has_a_case():
    named = {
        constraint.name
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        for constraint in model._meta.constraints
    }
    assert named == set(CASES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_database_refuses(world, name):
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        CASES[name](world)
    if connection.vendor == "postgresql":  # PostgreSQL names the constraint it enforced
        assert name in str(refused.value)


@pytest.mark.django_db
def test_the_cases_break_only_their_rule(world):
    """The same writes with the rule kept go through: each case fails for its reason only."""
    Organization.objects.create(name="Другая школа", kind=world.school_a.kind, parent=None)
    _evidence(world, kind=EvidenceKind.LINK, url="https://example.org")
    _evidence(world, kind=EvidenceKind.FIGURE, figure_value=3)
    _evidence(
        world, kind=EvidenceKind.LOCAL_ACT, act_type_id="regulation", act_date=dt.date(2022, 3, 1)
    )
    Obligation.objects.filter(pk=world.one_off_a.pk).update(
        status=ObligationStatus.SUBMITTED, submitted_at=timezone.now()
    )
    assert services.default_effective_date(act_date=None) == timezone.localdate()
