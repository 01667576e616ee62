"""Annual monitoring: indicators as data, the year's return from each organization, the
required local-act package, reporting years, the analytical note and efficiency scoring.

The names here are a contract shared by the data-entry, output and scoring parts of the app
(notes/reports-models.md); add fields through new migrations, never rename.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import EDUCATIONAL_KINDS, Organization, OrganizationKind

FIRST_MONITORING_YEAR = 2021


WHO = _("кто")


def _actor(verbose_name=WHO):
    """A user who did something; kept as None if the account is ever deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


# --- Indicators ------------------------------------------------------------------------------


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Количество")
    NUMBER = "number", _("Число (балл)")
    SHARE = "share", _("Доля, %, вычисляется")
    YES_NO = "yes_no", _("Да/нет с документом или ссылкой")
    TEXT = "text", _("Текст")


class Reporter(models.TextChoices):
    ORGANIZATION = "organization", _("Каждая образовательная организация")
    OFFICE = "office", _("Орган управления образованием")
    COMPUTED = "computed", _("Вычисляется")


class ShareSource(models.TextChoices):
    INDICATORS = "indicators", _("Из показателей")
    ACT_PACKAGE = "act_package", _("Из пакета локальных актов")
    ROADMAP_ON_TIME = "roadmap_on_time", _("Из исполнения дорожной карты")


class IndicatorQuerySet(models.QuerySet):
    def for_year(self, year):
        """In use in `year`: started by then and not retired before it."""
        return self.filter(Q(last_year__isnull=True) | Q(last_year__gte=year), first_year__lte=year)

    def reporting_kinds(self):
        """The kinds of organization that owe an organization's return under these indicators
        (their "who reports"): the kinds named, every educational kind for an indicator that
        names none. Never the office or a body like ТОИПКРО (one query)."""
        kinds = set()
        for named in self.filter(reporter=Reporter.ORGANIZATION).values_list(
            "organization_kinds", flat=True
        ):
            kinds.update(named or EDUCATIONAL_KINDS)
        return sorted(kind for kind in kinds if kind in EDUCATIONAL_KINDS)

    def entered(self):
        """Filled in by people (computed shares are not)."""
        return self.exclude(reporter=Reporter.COMPUTED)

    def reported_by(self, organization):
        """What `organization` enters: the office its office-level indicators, an educational
        organization those meant for its kind (an empty list of kinds means every kind)."""
        if organization.kind == OrganizationKind.DISTRICT_OFFICE:
            return self.filter(reporter=Reporter.OFFICE)
        if organization.kind not in EDUCATIONAL_KINDS:
            return self.none()
        ids = [
            pk
            for pk, kinds in self.filter(reporter=Reporter.ORGANIZATION).values_list(
                "pk", "organization_kinds"
            )
            if not kinds or organization.kind in kinds
        ]
        return self.filter(pk__in=ids)


class Indicator(models.Model):
    code = models.CharField(_("код"), max_length=20, unique=True)
    name = models.CharField(_("наименование"), max_length=500)
    section = models.CharField(_("раздел"), max_length=200)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    unit = models.CharField(_("единица измерения"), max_length=20, blank=True)
    kind = models.CharField(_("вид"), max_length=20, choices=IndicatorKind.choices)
    reporter = models.CharField(_("кто заполняет"), max_length=20, choices=Reporter.choices)
    organization_kinds = models.JSONField(
        _("типы организаций"), default=list, blank=True, help_text=_("Пусто — все образовательные.")
    )
    first_year = models.PositiveSmallIntegerField(_("с какого года"), default=FIRST_MONITORING_YEAR)
    last_year = models.PositiveSmallIntegerField(
        _("по какой год"), null=True, blank=True, help_text=_("Пусто — используется.")
    )
    activity = models.ForeignKey(
        "roadmap.Activity",
        verbose_name=_("мероприятие дорожной карты"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    min_value = models.DecimalField(
        _("не меньше"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("не больше"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    allows_not_applicable = models.BooleanField(_("допускается «не применимо»"), default=False)
    not_above = models.ManyToManyField(
        "self",
        verbose_name=_("не больше показателей"),
        symmetrical=False,
        blank=True,
        related_name="parts",
    )
    sum_of = models.ManyToManyField(
        "self",
        verbose_name=_("сумма показателей"),
        symmetrical=False,
        blank=True,
        related_name="totals",
    )
    numerator = models.ManyToManyField(
        "self",
        verbose_name=_("числитель"),
        symmetrical=False,
        blank=True,
        related_name="shares_over",
    )
    denominator = models.ForeignKey(
        "self",
        verbose_name=_("знаменатель"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shares_under",
    )
    share_source = models.CharField(
        _("источник доли"),
        max_length=20,
        choices=ShareSource.choices,
        default=ShareSource.INDICATORS,
    )
    target_percent = models.DecimalField(
        _("целевое значение, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    cap_at_100 = models.BooleanField(_("не более 100 %"), default=False)
    description = models.TextField(_("пояснение"), blank=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("показатель")
        verbose_name_plural = _("показатели")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="indicator_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=F("min_value")),
                name="indicator_min_not_above_max",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_computed(self):
        return self.reporter == Reporter.COMPUTED


# --- The year's return -----------------------------------------------------------------------


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    SUBMITTED = "submitted", _("На проверке")
    RETURNED = "returned", _("Возвращено на доработку")
    ACCEPTED = "accepted", _("Принято")


# The statuses in which an organization has reported for its year (as the year stands).
REPORTED_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)


class IndicatorReturnQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organization__in=Organization.objects.visible_to(user))

    def for_year(self, year):
        return self.filter(year=year)

    def awaiting_review(self):
        return self.filter(status=ReturnStatus.SUBMITTED)

    def counted(self):
        """Accepted as the year stands: the status frozen at the year's close, or the current
        one while the year is open (reports/year_models.py)."""
        return self.alias(year_status=Coalesce(F("frozen__status"), F("status"))).filter(
            year_status=ReturnStatus.ACCEPTED
        )

    def reported(self):
        """Submitted or accepted as the year stands: the organization has reported."""
        return self.alias(year_status=Coalesce(F("frozen__status"), F("status"))).filter(
            year_status__in=REPORTED_STATUSES
        )


class IndicatorReturn(models.Model):
    """One organization's indicator values for one year, reviewed like evidence."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="indicator_returns",
    )
    year = models.PositiveSmallIntegerField(_("год"))
    status = models.CharField(
        _("статус"), max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("отправлено на проверку"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("проверено"), null=True, blank=True)
    reviewed_by = _actor(_("проверил"))
    # Incremented by every change, so someone acting on a stale page is told.
    revision = models.PositiveIntegerField(_("версия"), default=0)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    objects = IndicatorReturnQuerySet.as_manager()

    class Meta:
        verbose_name = _("отчёт о показателях")
        verbose_name_plural = _("отчёты о показателях")
        ordering = ["-year", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"], name="indicator_return_unique_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
                name="indicator_return_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.organization} — {self.year}"

    @property
    def is_editable(self):
        return self.status in (ReturnStatus.DRAFT, ReturnStatus.RETURNED)

    @property
    def awaits_review(self):
        return self.status == ReturnStatus.SUBMITTED


class IndicatorValue(models.Model):
    indicator_return = models.ForeignKey(
        IndicatorReturn, verbose_name=_("отчёт"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("показатель"), on_delete=models.PROTECT, related_name="values"
    )
    value = models.DecimalField(
        _("значение"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    not_applicable = models.BooleanField(_("не применимо"), default=False)
    text = models.TextField(_("текст"), blank=True)
    url = models.URLField(_("ссылка"), max_length=1000, blank=True)
    evidence = models.ForeignKey(
        "obligations.Evidence",
        verbose_name=_("подтверждающий документ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    explanation = models.TextField(_("пояснение к изменению"), blank=True)

    class Meta:
        verbose_name = _("значение показателя")
        verbose_name_plural = _("значения показателей")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator_return", "indicator"], name="indicator_value_unique_per_return"
            ),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(value__isnull=True),
                name="indicator_value_not_applicable_has_no_value",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"


class ReturnAction(models.TextChoices):
    SAVED = "saved", _("Сохранён черновик")
    SUBMITTED = "submitted", _("Отправлено на проверку")
    ACCEPTED = "accepted", _("Принято")
    RETURNED = "returned", _("Возвращено на доработку")
    REOPENED = "reopened", _("Открыто для исправления")


class ReturnEvent(models.Model):
    indicator_return = models.ForeignKey(
        IndicatorReturn, verbose_name=_("отчёт"), on_delete=models.CASCADE, related_name="events"
    )
    actor = _actor()
    action = models.CharField(_("действие"), max_length=20, choices=ReturnAction.choices)
    from_status = models.CharField(
        _("было"), max_length=20, choices=ReturnStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("стало"), max_length=20, choices=ReturnStatus.choices, blank=True
    )
    comment = models.TextField(_("комментарий"), blank=True)
    at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("событие отчёта")
        verbose_name_plural = _("история отчёта")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%d.%m.%Y %H:%M} {self.get_action_display()}"


# --- The required local-act package ----------------------------------------------------------


class RequiredActTypeQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(Q(last_year__isnull=True) | Q(last_year__gte=year), first_year__lte=year)


class RequiredActType(models.Model):
    act_type = models.ForeignKey(
        "obligations.LocalActType",
        verbose_name=_("вид локального акта"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization_kind = models.CharField(
        _("тип организации"), max_length=20, choices=OrganizationKind.choices
    )
    first_year = models.PositiveSmallIntegerField(_("с какого года"), default=FIRST_MONITORING_YEAR)
    last_year = models.PositiveSmallIntegerField(_("по какой год"), null=True, blank=True)

    objects = RequiredActTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("обязательный локальный акт")
        verbose_name_plural = _("обязательный пакет локальных актов")
        ordering = ["organization_kind", "act_type__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["act_type", "organization_kind", "first_year"],
                name="required_act_type_unique",
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="required_act_type_years_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.get_organization_kind_display()}: {self.act_type}"


# --- Reporting years and the analytical note -------------------------------------------------


class ReportingYear(models.Model):
    office = models.ForeignKey(
        Organization,
        verbose_name=_("орган управления образованием"),
        on_delete=models.CASCADE,
        related_name="reporting_years",
    )
    year = models.PositiveSmallIntegerField(_("год"))
    is_closed = models.BooleanField(_("закрыт"), default=False)
    closed_at = models.DateTimeField(_("закрыт когда"), null=True, blank=True)
    closed_by = _actor(_("закрыл"))
    monitoring_order_number = models.CharField(
        _("номер приказа о мониторинге"), max_length=50, blank=True
    )
    monitoring_order_date = models.DateField(_("дата приказа о мониторинге"), null=True, blank=True)
    collection_start = models.DateField(_("начало сбора"), null=True, blank=True)
    collection_end = models.DateField(_("окончание сбора"), null=True, blank=True)

    class Meta:
        verbose_name = _("отчётный год")
        verbose_name_plural = _("отчётные годы")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year"], name="reporting_year_unique_per_office"
            ),
            models.CheckConstraint(
                condition=Q(is_closed=False) | Q(closed_at__isnull=False),
                name="reporting_year_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(collection_start__isnull=True)
                | Q(collection_end__isnull=True)
                | Q(collection_end__gte=F("collection_start")),
                name="reporting_year_collection_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.office} — {self.year}"


class YearAction(models.TextChoices):
    CLOSED = "closed", _("Год закрыт")
    REOPENED = "reopened", _("Год открыт снова")
    EDITED = "edited", _("Изменены сведения")


class YearEvent(models.Model):
    reporting_year = models.ForeignKey(
        ReportingYear,
        verbose_name=_("отчётный год"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = _actor()
    action = models.CharField(_("действие"), max_length=20, choices=YearAction.choices)
    comment = models.TextField(_("комментарий"), blank=True)
    at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        verbose_name = _("событие отчётного года")
        verbose_name_plural = _("история отчётного года")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%d.%m.%Y %H:%M} {self.get_action_display()}"


NOTE_FIELDS = ("introduction", "best_practices", "problems", "conclusions", "recommendations")


class ReportNote(models.Model):
    """What staff write into the analytical note for a year (kept with history)."""

    reporting_year = models.OneToOneField(
        ReportingYear, verbose_name=_("отчётный год"), on_delete=models.CASCADE, related_name="note"
    )
    introduction = models.TextField(_("введение"), blank=True)
    best_practices = models.TextField(_("лучшие практики"), blank=True)
    problems = models.TextField(_("проблемы и дефициты"), blank=True)
    conclusions = models.TextField(_("выводы"), blank=True)
    recommendations = models.TextField(_("рекомендации"), blank=True)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)
    updated_by = _actor(_("изменил"))

    class Meta:
        verbose_name = _("текст аналитической справки")
        verbose_name_plural = _("тексты аналитических справок")

    def __str__(self):
        return str(self.reporting_year)


class ReportNoteRevision(models.Model):
    note = models.ForeignKey(
        ReportNote, verbose_name=_("текст"), on_delete=models.CASCADE, related_name="revisions"
    )
    introduction = models.TextField(_("введение"), blank=True)
    best_practices = models.TextField(_("лучшие практики"), blank=True)
    problems = models.TextField(_("проблемы и дефициты"), blank=True)
    conclusions = models.TextField(_("выводы"), blank=True)
    recommendations = models.TextField(_("рекомендации"), blank=True)
    saved_by = _actor(_("сохранил"))
    saved_at = models.DateTimeField(_("сохранено"), default=timezone.now)

    class Meta:
        verbose_name = _("редакция текста справки")
        verbose_name_plural = _("редакции текста справки")
        ordering = ["-saved_at", "-pk"]

    def __str__(self):
        return f"{self.note} {timezone.localtime(self.saved_at):%d.%m.%Y %H:%M}"


from .methodology_events import MethodologyAction, MethodologyEvent  # noqa: E402,F401
from .scoring_models import (  # noqa: E402,F401  (one models module, split for length)
    Block,
    Criterion,
    CriterionRule,
    CriterionScore,
    Methodology,
    MethodologyStatus,
    Score,
    ScoreLevel,
)
from .tally_models import IndicatorTally, OrganizationTally, ReturnTally  # noqa: E402,F401
from .year_models import (  # noqa: E402,F401  (one models module, split for length)
    FrozenObligation,
    FrozenReturn,
    ReferenceChange,
    ReferenceSubject,
)
