"""The roadmap as data: a programme, its roadmaps (orders), their stages, activities and
deadline rows with the responsible bodies. Nothing here knows the Tomsk order: the seed is a
fixture, and the next order comes in through an import."""

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentorship_portal.dates import format_date, format_datetime
from organizations.models import Organization

from . import deadlines
from .russian import YEAR_RANGE, activity_label
from .schedule import DuePeriod, due_periods


class Programme(models.Model):
    title = models.CharField(_("наименование программы"), max_length=500)
    first_year = models.PositiveSmallIntegerField(_("первый год"))
    last_year = models.PositiveSmallIntegerField(_("последний год"))
    regional_document = models.TextField(
        _("региональный документ"),
        blank=True,
        help_text=_("Документ, который реализует программа (например, распоряжение ДОО ТО)."),
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("программа")
        verbose_name_plural = _("программы")
        ordering = ["-first_year", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="programme_years_in_order",
                violation_error_message=_("Последний год не может быть раньше первого."),
            ),
            models.UniqueConstraint(
                fields=["title", "first_year", "last_year"], name="programme_unique_title_years"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.first_year}–{self.last_year})"

    @property
    def years(self):
        return range(self.first_year, self.last_year + 1)


class RoadmapStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    ACTIVE = "active", _("Действует")
    ARCHIVED = "archived", _("В архиве")


class RoadmapQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Roadmaps issued by a body the user belongs under (their office, their region) or
        within the part of the tree they see; administrators see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        if not user.organization_id:
            return self.filter(issuer__isnull=True)
        return self.filter(
            Q(issuer__isnull=True)
            | Q(issuer__in=Organization.objects.lineage_of(user.organization).values("pk"))
            | Q(issuer__in=Organization.objects.visible_to(user).values("pk"))
        )

    def editable_by(self, user):
        """Roadmaps whose deadlines and responsible bodies the user may correct: those issued
        within their own part of the tree; administrators may correct all. Narrower than
        visible_to(): a district reads its region's roadmaps but does not change them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        return self.filter(issuer__in=Organization.objects.visible_to(user).values("pk"))

    def active(self):
        return self.filter(status=RoadmapStatus.ACTIVE)

    def chosen_or_latest(self, pk):
        """(roadmap, roadmaps in force, latest first): the roadmap `pk` of this queryset
        (Roadmap.DoesNotExist if it is not there), else the latest in force (None if none is).
        Pages that show one roadmap at a time ask it of `Roadmap.objects.visible_to(user)`."""
        in_force = self.active().order_by("-activated_at", "-pk")
        if pk is not None:
            return self.get(pk=pk), in_force
        return in_force.first(), in_force

    def with_counts(self):
        """Stage, activity, deadline-row and flagged-row counts, one subquery each."""

        def count(queryset, path):
            return Coalesce(
                Subquery(
                    queryset.filter(**{path: OuterRef("pk")})
                    .order_by()
                    .values(path)
                    .annotate(n=Count("pk", distinct=True))
                    .values("n")
                ),
                0,
            )

        return self.annotate(
            stage_count=count(Stage.objects.all(), "roadmap"),
            activity_count=count(Activity.objects.all(), "stage__roadmap"),
            row_count=count(Responsibility.objects.all(), "activity__stage__roadmap"),
            flagged_count=count(
                Responsibility.objects.needing_attention(), "activity__stage__roadmap"
            ),
        )

    def with_structure(self):
        """Stages, activities, deadline rows and parties in a fixed number of queries."""
        return self.select_related("programme", "issuer").prefetch_related(
            Prefetch("stages", queryset=Stage.objects.order_by("position")),
            Prefetch("stages__activities", queryset=Activity.objects.order_by("position")),
            Prefetch(
                "stages__activities__responsibilities",
                queryset=Responsibility.objects.order_by("position"),
            ),
            Prefetch(
                "stages__activities__responsibilities__parties",
                queryset=ResponsibleParty.objects.select_related("organization").order_by(
                    "position"
                ),
            ),
        )


class Roadmap(models.Model):
    programme = models.ForeignKey(
        Programme, verbose_name=_("программа"), on_delete=models.PROTECT, related_name="roadmaps"
    )
    title = models.CharField(_("наименование"), max_length=1000)
    issuer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("утвердивший орган"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="roadmaps",
    )
    order_number = models.CharField(_("номер приказа"), max_length=50, blank=True)
    order_date = models.DateField(_("дата приказа"), null=True, blank=True)
    appendix = models.CharField(_("приложение"), max_length=100, blank=True)
    status = models.CharField(
        _("статус"), max_length=10, choices=RoadmapStatus.choices, default=RoadmapStatus.DRAFT
    )
    source_name = models.CharField(_("исходный файл"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("загружена"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("загрузил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    activated_at = models.DateTimeField(_("введена в действие"), null=True, blank=True)
    first_reporting_year = models.PositiveSmallIntegerField(
        _("первый отчётный год"),
        null=True,
        blank=True,
        help_text=_(
            "С какого года организации отчитываются по ежегодным мероприятиям. Пусто — с "
            "первого полного календарного года после утверждения дорожной карты."
        ),
    )
    previous_edition = models.ForeignKey(
        "self",
        verbose_name=_("предыдущая редакция"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_editions",
        help_text=_(
            "Дорожная карта той же программы за прошлый период; при вводе в действие "
            "новой редакции она переносится в архив."
        ),
    )

    objects = RoadmapQuerySet.as_manager()

    class Meta:
        verbose_name = _("дорожная карта")
        verbose_name_plural = _("дорожные карты")
        ordering = ["-order_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status="active"),
                name="roadmap_one_active_per_programme",
                violation_error_message=_("У программы уже есть действующая дорожная карта."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("roadmap:detail", args=[self.pk])

    @property
    def full_title(self):
        """The title with the programme's years, as selectors and labels show it when more
        than one roadmap is in force ("… (2020–2024)"; not repeated if the title has them)."""
        programme = self.programme
        if YEAR_RANGE.search(self.title):
            return self.title
        return f"{self.title} ({programme.first_year}–{programme.last_year})"

    @property
    def reporting_from(self):
        """The first year whose yearly items are owed: as staff set it, or else the first
        calendar year that starts on or after the approval, because a yearly report covers
        a whole year's work (an order of 30.12.2020 owes nothing for 2020); without an order
        date, the programme's first year."""
        if self.first_reporting_year:
            return self.first_reporting_year
        if self.order_date is None:
            return self.programme.first_year
        approved = self.order_date
        starts_on_approval = (approved.month, approved.day) == (1, 1)
        return max(
            self.programme.first_year, approved.year if starts_on_approval else approved.year + 1
        )

    def owes(self, period):
        """Whether a due period of one of its deadlines is owed: yearly periods before the
        first reporting year are not; one-off periods always are."""
        return period.year is None or period.year >= self.reporting_from

    @property
    def order_label(self):
        """ "приказ от 30.12.2020 № 654" as the document states it, or ""."""
        parts = []
        if self.order_date:
            parts.append(_("от %(date)s") % {"date": format_date(self.order_date)})
        if self.order_number:
            parts.append(f"№ {self.order_number}")
        return " ".join(str(p) for p in parts)


class Stage(models.Model):
    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("дорожная карта"), on_delete=models.CASCADE, related_name="stages"
    )
    position = models.PositiveSmallIntegerField(_("порядок"))
    number = models.CharField(_("номер"), max_length=20, blank=True)
    title = models.CharField(_("наименование"), max_length=1000)

    class Meta:
        verbose_name = _("этап")
        verbose_name_plural = _("этапы")
        ordering = ["roadmap", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "position"], name="stage_unique_position_in_roadmap"
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}".strip()


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(stage__roadmap__in=Roadmap.objects.visible_to(user).values("pk"))

    def with_responsibilities(self):
        return self.select_related("stage__roadmap__programme").prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=Responsibility.objects.order_by("position").prefetch_related(
                    Prefetch(
                        "parties",
                        queryset=ResponsibleParty.objects.select_related("organization"),
                    )
                ),
            )
        )


class Activity(models.Model):
    stage = models.ForeignKey(
        Stage, verbose_name=_("этап"), on_delete=models.CASCADE, related_name="activities"
    )
    position = models.PositiveSmallIntegerField(_("порядок"))
    number = models.CharField(_("номер"), max_length=20, blank=True)
    title = models.TextField(_("мероприятие"))
    result_form = models.TextField(_("форма представления результата"), blank=True)
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("перенесено из предыдущей редакции"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text=_(
            "То же мероприятие в предыдущей редакции: его подтверждения и история "
            "переходят к этому мероприятию."
        ),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("мероприятие")
        verbose_name_plural = _("мероприятия")
        ordering = ["stage", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "position"], name="activity_unique_position_in_stage"
            ),
            models.UniqueConstraint(
                fields=["stage", "number"],
                condition=~Q(number=""),
                name="activity_unique_number_in_stage",
                violation_error_message=_("Мероприятие с таким номером в этапе уже есть."),
            ),
        ]

    def __str__(self):
        return f"{self.label} {self.title}"

    def get_absolute_url(self):
        return reverse("roadmap:activity", args=[self.pk])

    @property
    def label(self):
        """ "1.2", "II.2", "2.3": the one way pages, e-mails, files and the admin cite an
        activity (roadmap.russian.activity_label); templates write {{ activity.label }}."""
        stage = self.stage
        return activity_label(
            stage_number=stage.number,
            stage_position=stage.position,
            stage_title=stage.title,
            number=self.number,
            position=self.position,
        )


class DeadlineKind(models.TextChoices):
    """Mirrors roadmap.deadlines.DeadlineKind, the pure parser's vocabulary."""

    FIXED = deadlines.DeadlineKind.FIXED, _("Дата")
    MONTH = deadlines.DeadlineKind.MONTH, _("Месяц")
    PERIOD = deadlines.DeadlineKind.PERIOD, _("Период")
    FIXED_THEN_ONGOING = deadlines.DeadlineKind.FIXED_THEN_ONGOING, _("Дата, далее постоянно")
    YEARLY = deadlines.DeadlineKind.YEARLY, _("Ежегодно")
    RECURRING = deadlines.DeadlineKind.RECURRING, _("Периодически в течение года")
    ONGOING = deadlines.DeadlineKind.ONGOING, _("Постоянно")
    AFTER_EVENT = deadlines.DeadlineKind.AFTER_EVENT, _("После события")
    UNKNOWN = deadlines.DeadlineKind.UNKNOWN, _("Не распознан")


class Recurrence(models.TextChoices):
    NONE = "", _("—")
    MONTHLY = "monthly", _("Ежемесячно")
    QUARTERLY = "quarterly", _("Ежеквартально")
    HALF_YEARLY = "half_yearly", _("Раз в полугодие")
    YEARLY = "yearly", _("Ежегодно (после даты)")


class ResponsibilityQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            activity__stage__roadmap__in=Roadmap.objects.visible_to(user).values("pk")
        )

    def editable_by(self, user):
        return self.filter(
            activity__stage__roadmap__in=Roadmap.objects.editable_by(user).values("pk")
        )

    def needing_attention(self):
        """Deadline rows whose deadline or responsible body staff must set by hand."""
        return self.filter(_deadline_to_set() | Q(parties__kind=PartyKind.UNMATCHED)).distinct()


# "Needs attention", defined once: the deadline was not recognised, or it runs from an event
# whose date nobody has entered, or a responsible body is not matched. The SQL form serves
# querysets, Responsibility.needs_attention the rows in memory; a test holds them together.
def _deadline_to_set():
    return Q(deadline_kind=DeadlineKind.UNKNOWN) | Q(
        deadline_kind=DeadlineKind.AFTER_EVENT, event_date__isnull=True
    )


class Responsibility(models.Model):
    """One deadline row of an activity: by when, and who (one or more parties)."""

    activity = models.ForeignKey(
        Activity,
        verbose_name=_("мероприятие"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    position = models.PositiveSmallIntegerField(_("порядок"))
    deadline_text = models.CharField(_("срок (как в документе)"), max_length=500, blank=True)
    deadline_kind = models.CharField(
        _("тип срока"), max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.UNKNOWN
    )
    start = models.DateField(_("начало"), null=True, blank=True)
    end = models.DateField(_("окончание"), null=True, blank=True)
    recurrence = models.CharField(
        _("периодичность"), max_length=20, choices=Recurrence.choices, blank=True, default=""
    )
    event_text = models.CharField(_("событие"), max_length=500, blank=True)
    event_date = models.DateField(_("дата события"), null=True, blank=True)
    days_after_event = models.PositiveSmallIntegerField(_("дней после события"), default=0)
    yearly_day = models.PositiveSmallIntegerField(_("ежегодно: день"), default=31)
    yearly_month = models.PositiveSmallIntegerField(_("ежегодно: месяц"), default=12)
    deadline_set_by_hand = models.BooleanField(_("срок задан вручную"), default=False)
    responsible_text = models.TextField(_("ответственные (как в документе)"), blank=True)

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("срок и ответственные")
        verbose_name_plural = _("сроки и ответственные")
        ordering = ["activity", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "position"], name="responsibility_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="responsibility_range_in_order",
                violation_error_message=_("Окончание срока не может быть раньше начала."),
            ),
            models.CheckConstraint(
                condition=Q(yearly_day__gte=1, yearly_day__lte=31, yearly_month__gte=1)
                & Q(yearly_month__lte=12),
                name="responsibility_yearly_day_valid",
                violation_error_message=_("Укажите день от 1 до 31 и месяц от 1 до 12."),
            ),
        ]

    def __str__(self):
        return f"{self.activity} — {self.deadline_text}"

    def get_absolute_url(self):
        return self.activity.get_absolute_url()

    @property
    def parsed(self):
        """The structured deadline as the pure schedule module understands it."""
        return deadlines.ParsedDeadline(
            kind=self.deadline_kind,
            start=self.start,
            end=self.end,
            recurrence=self.recurrence,
            event=self.event_text,
            days_after=self.days_after_event,
            yearly_day=self.yearly_day,
            yearly_month=self.yearly_month,
        )

    @property
    def needs_attention(self):
        """Python twin of ResponsibilityQuerySet.needing_attention()."""
        deadline_to_set = self.deadline_kind == DeadlineKind.UNKNOWN or (
            self.deadline_kind == DeadlineKind.AFTER_EVENT and self.event_date is None
        )
        return deadline_to_set or any(p.kind == PartyKind.UNMATCHED for p in self.parties.all())

    def due_periods(self, programme) -> list[DuePeriod]:
        """The periods this row creates obligations for, with their due dates."""
        return due_periods(
            self.parsed,
            first_year=programme.first_year,
            last_year=programme.last_year,
            event_date=self.event_date,
        )

    def apply_parsed(self, parsed: deadlines.ParsedDeadline):
        """Copy a parser result onto the row (used by imports and by re-parsing)."""
        self.deadline_kind = parsed.kind
        self.start = parsed.start
        self.end = parsed.end
        self.recurrence = parsed.recurrence
        self.event_text = parsed.event
        self.days_after_event = parsed.days_after or 0
        self.yearly_day = parsed.yearly_day or 31
        self.yearly_month = parsed.yearly_month or 12


class PartyKind(models.TextChoices):
    ORGANIZATION = "organization", _("Организация")
    ALL_HEADS = "all_heads", _("Руководители всех образовательных организаций")
    UNMATCHED = "unmatched", _("Не сопоставлен с организацией")


class ResponsiblePartyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            responsibility__activity__stage__roadmap__in=Roadmap.objects.visible_to(user).values(
                "pk"
            )
        )

    def editable_by(self, user):
        return self.filter(
            responsibility__activity__stage__roadmap__in=Roadmap.objects.editable_by(user).values(
                "pk"
            )
        )


class ResponsibleParty(models.Model):
    responsibility = models.ForeignKey(
        Responsibility,
        verbose_name=_("срок"),
        on_delete=models.CASCADE,
        related_name="parties",
    )
    position = models.PositiveSmallIntegerField(_("порядок"))
    kind = models.CharField(_("вид"), max_length=20, choices=PartyKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_for",
    )
    text = models.CharField(_("как в документе"), max_length=500)

    objects = ResponsiblePartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("ответственный")
        verbose_name_plural = _("ответственные")
        ordering = ["responsibility", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["responsibility", "position"], name="party_unique_position"
            ),
            models.CheckConstraint(
                condition=(Q(kind="organization") & Q(organization__isnull=False))
                | (~Q(kind="organization") & Q(organization__isnull=True)),
                name="party_organization_iff_kind_organization",
                violation_error_message=_(
                    "Организация указывается только для ответственного вида «Организация»."
                ),
            ),
        ]

    def __str__(self):
        if self.kind == PartyKind.ORGANIZATION:
            return str(self.organization)
        if self.kind == PartyKind.ALL_HEADS:
            return str(_("Руководители образовательных организаций"))
        return self.text


class RoadmapChange(models.Model):
    """Who did what to a roadmap and when: imports, activation, corrections by staff."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("дорожная карта"), on_delete=models.CASCADE, related_name="changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("действие"), max_length=200)
    details = models.TextField(_("подробности"), blank=True)
    at = models.DateTimeField(_("когда"), auto_now_add=True)

    class Meta:
        verbose_name = _("изменение дорожной карты")
        verbose_name_plural = _("изменения дорожных карт")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{format_datetime(self.at)} {self.action}"
