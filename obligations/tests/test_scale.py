"""generate_scale: districts with their own roadmaps, heads, a mix of statuses with history
and evidence, the same data from the same seed, clear refusals of bad input."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from obligations import recount
from obligations.models import (
    Evidence,
    EvidenceFile,
    Obligation,
    ObligationEvent,
    ObligationStatus,
    ObligationTally,
)
from obligations.sync import sync_obligations
from organizations.models import Organization, OrganizationKind
from roadmap.models import PartyKind, ResponsibleParty, Roadmap, RoadmapStatus


def generate(**options):
    out = io.StringIO()
    call_command(
        "generate_scale", stdout=out, **{"organizations": 12, "districts": 2, "seed": 5, **options}
    )
    return out.getvalue()


def signature():
    """The generated data without primary keys (which depend on the database's sequences)."""
    rows = Obligation.objects.values_list(
        "organization__name",
        "responsibility__activity__stage__position",
        "responsibility__activity__number",
        "responsibility__position",
        "period_year",
        "status",
        "submitted_at",
    )
    return hashlib.sha256(repr(sorted(rows, key=repr)).encode()).hexdigest()


@pytest.mark.django_db
def test_districts_get_their_own_roadmaps_heads_and_a_mix_of_statuses(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    output = generate()
    assert "Готово за" in output
    assert recount.differences() == []  # statuses set in bulk, the rollup rebuilt after them
    assert ObligationTally.objects.filter(count__gt=0).exists()
    offices = Organization.objects.filter(kind=OrganizationKind.DISTRICT_OFFICE)
    assert offices.count() == 2
    assert Organization.objects.filter(parent__in=offices).count() == 12
    assert User.objects.filter(role=Role.SCHOOL_HEAD).count() == 12
    assert User.objects.filter(role=Role.OFFICE).count() == 2
    roadmaps = Roadmap.objects.filter(status=RoadmapStatus.ACTIVE)
    assert sorted(roadmaps.values_list("issuer__name", flat=True)) == sorted(
        offices.values_list("name", flat=True)
    )
    # Each district's office is named in its own roadmap, and matched to it.
    for office in offices:
        assert ResponsibleParty.objects.filter(
            responsibility__activity__stage__roadmap__issuer=office,
            organization=office,
            kind=PartyKind.ORGANIZATION,
        ).exists()
        schools = Obligation.objects.filter(organization__parent=office)
        assert schools.exists()
        assert not schools.exclude(responsibility__activity__stage__roadmap__issuer=office).exists()

    # The obligations are written directly, but they are exactly what the sync wants.
    assert sync_obligations() == {"created": 0, "updated": 0, "archived": 0, "restored": 0}

    statuses = set(Obligation.objects.values_list("status", flat=True))
    assert {
        ObligationStatus.ACCEPTED,
        ObligationStatus.SUBMITTED,
        ObligationStatus.NOT_STARTED,
    } <= statuses
    waiting = Obligation.objects.filter(status=ObligationStatus.SUBMITTED)
    assert not waiting.filter(submitted_at__isnull=True).exists()
    accepted = Obligation.objects.filter(status=ObligationStatus.ACCEPTED)
    assert (
        ObligationEvent.objects.filter(obligation__in=accepted, to_status="accepted").count()
        == accepted.count()
    )
    assert Evidence.objects.filter(obligation__in=accepted).count() == accepted.count()
    stored = EvidenceFile.objects.first()
    assert stored.file.read().startswith(b"%PDF-1.4")
    assert EvidenceFile.objects.count() == min(200, Evidence.objects.filter(kind="file").count())


@pytest.mark.django_db(transaction=True)  # flush between the runs needs committed rows
def test_the_same_seed_gives_the_same_data(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    generate()
    first = signature()
    call_command("flush", interactive=False, verbosity=0)
    generate()
    assert signature() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(seed=6)
    assert signature() != first


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"organizations": 0}, "--organizations должно быть не меньше 1."),
        ({"years": "2024-2021"}, "Годы «2024-2021» — нужно, например, 2021-2024."),
        ({"districts": 13}, "--districts должно быть от 1 до числа учреждений."),
        ({"today": "2024-12-01"}, "Дата «2024-12-01» не в формате ДД.ММ.ГГГГ."),
    ],
)
def test_bad_options_are_refused_in_russian(options, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        generate(**options)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_a_database_with_data_is_left_alone(office):
    with pytest.raises(CommandError, match="База не пуста"):
        generate()
    assert Organization.objects.count() == 2  # the region and the office of the fixture
