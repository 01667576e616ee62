"""Building blocks for scoring tests: accepted returns with values, accepted local acts,
roadmap obligations on time or late — each made the way the portal stores them."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from model_bakery import baker

from obligations.models import EvidenceKind, ObligationStatus
from reports.models import Indicator, IndicatorReturn, IndicatorValue, ReturnStatus

NA = "n/a"

# A school whose every criterion of the default methodology applies.
FULL_VALUES = {
    "ST01": 100,
    "ST02": 50,
    "ST03": 25,  # K01 = 75 % → 2 of 2
    "TE01": 40,
    "TE02": 8,
    "TE04": 4,
    "TE05": 1,  # K02 = 20 % → 1 of 2; K03 = 25 % → 0 of 2
    "PD01": 8,  # K05 = 100 % → 1 of 1
    "PD02": 3,  # → 2 of 3
    "QL01": Decimal("8.5"),
    "QL02": Decimal("6"),  # → 2 of 2, 1 of 2
}


def accepted_return(organization, year, values, status=ReturnStatus.ACCEPTED):
    """A return of `organization` for `year` with `values` ({code: number or NA or None})."""
    indicator_return = IndicatorReturn.objects.create(
        organization=organization,
        year=year,
        status=status,
        submitted_at=timezone.now() if status != ReturnStatus.DRAFT else None,
    )
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=values)}
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator_return=indicator_return,
            indicator=indicators[code],
            value=None if value in (None, NA) else Decimal(value),
            not_applicable=value == NA,
        )
        for code, value in values.items()
    )
    return indicator_return


def responsibility():
    """A fresh deadline row under one test roadmap (an obligation is unique per row)."""
    from roadmap.models import Activity, Programme, Responsibility, Roadmap, Stage

    programme, _new = Programme.objects.get_or_create(
        title="Программа для оценок", first_year=2020, last_year=2025
    )
    roadmap, _new = Roadmap.objects.get_or_create(programme=programme, title="Карта для оценок")
    stage, _new = Stage.objects.get_or_create(
        roadmap=roadmap, position=1, defaults={"title": "Этап"}
    )
    position = Activity.objects.filter(stage=stage).count() + 1
    activity = Activity.objects.create(
        stage=stage, position=position, number=str(position), title="Мероприятие"
    )
    return Responsibility.objects.create(activity=activity, position=1, deadline_text="ежегодно")


def obligation(
    organization, year, *, status=ObligationStatus.NOT_STARTED, reviewed_on=None, due=None
):
    due = due or dt.date(year, 6, 1)
    reviewed_at = None
    if reviewed_on is not None:
        reviewed_at = timezone.make_aware(dt.datetime.combine(reviewed_on, dt.time(12)))
    return baker.make(
        "obligations.Obligation",
        organization=organization,
        period_year=year,
        due_date=due,
        status=status,
        reviewed_at=reviewed_at,
        submitted_at=reviewed_at or timezone.now(),
        responsibility=responsibility(),
    )


def accepted_act(
    organization, act_type, effective, *, status=ObligationStatus.ACCEPTED, removed=False
):
    """A local act shown on an obligation of `organization` in `status`."""
    owner = obligation(organization, effective.year, status=status, reviewed_on=effective)
    return baker.make(
        "obligations.Evidence",
        obligation=owner,
        kind=EvidenceKind.LOCAL_ACT,
        title=f"Акт {act_type}",
        act_type_id=act_type,
        act_number="12-о",
        act_date=effective,
        effective_date=effective,
        removed_at=timezone.now() if removed else None,
    )
