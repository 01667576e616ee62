"""Four years of monitoring for the seed programme, so that the dashboard, the annual report
and both exports show a believable story on first run: 2021–2023 mostly accepted (some late,
a few returned), 2024 under way; indicator values growing year by year; local acts filling
the package; 2021–2023 closed with their monitoring orders; the 2023 справка written.

Reproducible (random.Random(SEED), rows taken in a fixed order) and idempotent: it does
nothing when the demo returns for 2021 already exist. Obligations move through the services
(history included) and are then dated back to when the story says they happened."""

import datetime as dt
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from obligations import recount, services
from obligations.models import Evidence, EvidenceKind, Obligation, ObligationEvent
from obligations.reference_data import DEFAULT_SCHOOL_PACKAGE
from organizations.models import EDUCATIONAL_KINDS, Organization, OrganizationKind
from reports import indicator_rollup, notes, reporting_rollup, scores
from reports.demo_values import values_for
from reports.freezing import freeze_year
from reports.models import (
    IndicatorReturn,
    IndicatorValue,
    ReportingYear,
    ReturnAction,
    ReturnEvent,
    ReturnStatus,
    YearAction,
    YearEvent,
)
from reports.returns import indicators_for

SEED = 2024
YEARS = (2021, 2022, 2023, 2024)
CLOSED_YEARS = (2021, 2022, 2023)
RETURN_COMMENT = "Приложите приказ с подписью руководителя и печатью."


def noon(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


class Command(BaseCommand):
    help = "Заполняет демонстрационный мониторинг за 2021–2024 годы (один раз)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Выполнить и при DEBUG=False.")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Демо-данные не создаются при DEBUG=False; используйте --force.")
        if IndicatorReturn.objects.filter(year=YEARS[0]).exists():
            self.stdout.write("Демо-мониторинг уже есть: ничего не изменено.")
            return
        users = get_user_model().objects
        reviewer = users.filter(role=Role.OFFICE).order_by("pk").first()
        # The office's own obligations are reviewed by someone else: an administrator.
        self.second_reviewer = users.filter(role=Role.ADMIN).order_by("pk").first() or reviewer
        office = (
            Organization.objects.filter(kind=OrganizationKind.DISTRICT_OFFICE)
            .order_by("pk")
            .first()
        )
        if reviewer is None or office is None or not Obligation.objects.exists():
            raise CommandError("Сначала выполните seed_demo, load_roadmap и sync_obligations.")
        rng = random.Random(SEED)
        heads = {u.organization_id: u for u in users.filter(role=Role.SCHOOL_HEAD).order_by("pk")}
        moved = sum(self._obligations(year, rng, heads, reviewer) for year in YEARS)
        recount.rebuild()  # review dates were moved into the past above, past the services
        acts = self._package(rng, heads, reviewer)
        returns = self._returns(rng, reviewer)
        indicator_rollup.rebuild()  # the returns above were written past the services
        reporting_rollup.rebuild()
        scored = self._scores(office, reviewer)
        self._years(office, reviewer)
        self.stdout.write(
            f"Демо-мониторинг: обязательств {moved}, локальных актов {acts}, отчётов о "
            f"показателях {returns}, "
            f"оценок эффективности {scored}."
        )

    # --- Obligations -------------------------------------------------------------------------

    def _obligations(self, year, rng, heads, reviewer):
        """Most of a closed year's obligations accepted (a quarter late), a few returned; the
        current year under way. Untouched obligations only (seed_demo_activity's stay)."""
        chosen = (
            Obligation.objects.current()
            .for_year(year)
            .filter(status="not_started", evidence__isnull=True)
            .select_related("organization")
            .order_by("due_date", "organization__name", "pk")
        )
        moved = 0
        for obligation in chosen:
            actor = heads.get(obligation.organization_id) or reviewer
            fate = rng.random()
            if year < YEARS[-1]:
                outcome = "accepted" if fate < 0.84 else "returned" if fate < 0.9 else "left"
            else:
                outcome = (
                    "accepted"
                    if fate < 0.45
                    else "submitted"
                    if fate < 0.65
                    else "returned"
                    if fate < 0.7
                    else "left"
                )
            if outcome == "left":
                continue
            due = obligation.due_date or dt.date(year, 12, 31)
            late = outcome == "accepted" and rng.random() < 0.25
            reviewed = (
                due + dt.timedelta(days=rng.randint(5, 60))
                if late
                else due - dt.timedelta(days=rng.randint(1, 45))
            )
            reviewed = min(reviewed, timezone.localdate())
            submitted = reviewed - dt.timedelta(days=rng.randint(1, 10))
            self._move(obligation, actor, reviewer, outcome, submitted, reviewed)
            moved += 1
        return moved

    def _move(self, obligation, actor, reviewer, outcome, submitted, reviewed):
        services.add_evidence(
            obligation=obligation,
            by=actor,
            kind=EvidenceKind.LINK,
            title=f"Отчёт о выполнении: {obligation.activity.title[:120]}",
            url=f"https://example.org/nastavnichestvo/{obligation.pk}",
            effective_date=submitted,
        )
        services.submit(obligation=obligation, by=actor)
        if actor == reviewer:
            reviewer = self.second_reviewer
        if outcome == "accepted":
            services.accept(obligation=obligation, by=reviewer, notify=False)
        elif outcome == "returned":
            services.return_for_rework(
                obligation=obligation, by=reviewer, comment=RETURN_COMMENT, notify=False
            )
        Obligation.objects.filter(pk=obligation.pk).update(
            submitted_at=noon(submitted),
            reviewed_at=noon(reviewed) if outcome != "submitted" else None,
        )
        ObligationEvent.objects.filter(obligation=obligation, action="submitted").update(
            at=noon(submitted)
        )
        ObligationEvent.objects.filter(obligation=obligation).exclude(action="submitted").update(
            at=noon(reviewed)
        )

    def _package(self, rng, heads, reviewer):
        """Local acts on each school's first accepted obligation: from five to all eight of the
        required types, dated in 2021–2022 (so the package grows between those years)."""
        added = 0
        for organization in Organization.objects.filter(kind__in=EDUCATIONAL_KINDS).order_by(
            "name", "pk"
        ):
            obligation = (
                Obligation.objects.filter(organization=organization, status="accepted")
                .order_by("due_date", "pk")
                .first()
            )
            if obligation is None:
                continue
            count = rng.randint(5, len(DEFAULT_SCHOOL_PACKAGE))
            for number, code in enumerate(DEFAULT_SCHOOL_PACKAGE[:count], start=1):
                day = dt.date(2021 + (number > 4), rng.randint(2, 11), rng.randint(1, 28))
                evidence = Evidence.objects.create(
                    obligation=obligation,
                    kind=EvidenceKind.LOCAL_ACT,
                    title=f"Локальный акт № {number}",
                    act_type_id=code,
                    act_number=f"{number}{rng.randint(10, 99)}-о",
                    act_date=day,
                    effective_date=day,
                    created_by=heads.get(organization.pk),
                )
                evidence.title = f"{evidence.act_type.name} ({organization})"
                evidence.save(update_fields=["title"])
                added += 1
        return added

    # --- Indicator returns -------------------------------------------------------------------

    def _returns(self, rng, reviewer):
        made = 0
        for organization in Organization.objects.filter(kind__in=EDUCATIONAL_KINDS).order_by(
            "name", "pk"
        ):
            base = rng.randint(150, 900)
            for year in YEARS:
                status = (
                    ReturnStatus.ACCEPTED
                    if year < YEARS[-1] or rng.random() < 0.3
                    else ReturnStatus.SUBMITTED
                )
                if year == YEARS[-1] and rng.random() < 0.15:
                    continue  # not reported yet
                submitted = dt.date(year, 11, rng.randint(7, 16))
                indicator_return = IndicatorReturn.objects.create(
                    organization=organization,
                    year=year,
                    status=status,
                    submitted_at=noon(submitted),
                    reviewed_at=noon(submitted + dt.timedelta(days=3))
                    if status == ReturnStatus.ACCEPTED
                    else None,
                    reviewed_by=reviewer if status == ReturnStatus.ACCEPTED else None,
                )
                values = values_for(organization, year, base, rng)
                IndicatorValue.objects.bulk_create(
                    IndicatorValue(
                        indicator_return=indicator_return,
                        indicator=indicator,
                        **values[indicator.code],
                    )
                    for indicator in indicators_for(organization, year)
                    if indicator.code in values
                )
                ReturnEvent.objects.create(
                    indicator_return=indicator_return,
                    action=ReturnAction.SUBMITTED,
                    from_status=ReturnStatus.DRAFT,
                    to_status=ReturnStatus.SUBMITTED,
                    at=noon(submitted),
                )
                if status == ReturnStatus.ACCEPTED:
                    ReturnEvent.objects.create(
                        indicator_return=indicator_return,
                        actor=reviewer,
                        action=ReturnAction.ACCEPTED,
                        from_status=ReturnStatus.SUBMITTED,
                        to_status=status,
                        at=noon(submitted + dt.timedelta(days=3)),
                    )
                made += 1
        return made

    def _scores(self, office, reviewer):
        """Efficiency scores of every year with the methodology approved for it (h10c's
        default one), before the years are closed."""
        scored = 0
        for year in YEARS:
            try:
                scored += scores.compute_scores(by=reviewer, office=office, year=year).scored
            except scores.ScoresError as error:
                self.stdout.write(f"{year}: {error}")
        return scored

    # --- Years -------------------------------------------------------------------------------

    def _years(self, office, reviewer):
        for year in YEARS:
            reporting_year = notes.save_year_details(
                office=office,
                year=year,
                by=reviewer,
                details={
                    "monitoring_order_number": f"{300 + year % 100}",
                    "monitoring_order_date": dt.date(year, 11, 1),
                    "collection_start": dt.date(year, 11, 7),
                    "collection_end": dt.date(year, 11, 16),
                },
            )
            if year in CLOSED_YEARS:
                ReportingYear.objects.filter(pk=reporting_year.pk).update(
                    is_closed=True, closed_at=noon(dt.date(year + 1, 1, 20)), closed_by=reviewer
                )
                YearEvent.objects.create(
                    reporting_year=reporting_year,
                    actor=reviewer,
                    action=YearAction.CLOSED,
                    at=noon(dt.date(year + 1, 1, 20)),
                )
                freeze_year(office, year)
        notes.save_note(office=office, year=2023, by=reviewer, texts=DEMO_NOTE)


DEMO_NOTE = {
    "introduction": (
        "Мониторинг проведён в соответствии с муниципальной дорожной картой (мероприятие 2.7)."
    ),
    "best_practices": (
        "Школьные программы наставничества «ученик – ученик» в Богашёвской и Зональненской СОШ."
    ),
    "problems": (
        "В малокомплектных школах мало молодых педагогов и внешних наставников; сроки "
        "нарушаются в конце года."
    ),
    "conclusions": (
        "Охват обучающихся наставничеством вырос третий год подряд; дорожная карта "
        "выполняется в основном в срок."
    ),
    "recommendations": (
        "Руководителям: закрепить наставников за всеми молодыми педагогами; методическим "
        "объединениям: провести семинар по персонализированным программам."
    ),
}
