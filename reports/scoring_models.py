"""Efficiency scoring models (methodology → blocks → criteria; scores per organization and
year). Kept apart from reports/models.py only for length; import them from reports.models."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization


class MethodologyStatus(models.TextChoices):
    DRAFT = "draft", _("Черновик")
    APPROVED = "approved", _("Утверждена")
    RETIRED = "retired", _("В архиве")


class Methodology(models.Model):
    title = models.CharField(_("наименование"), max_length=300)
    version = models.PositiveSmallIntegerField(_("версия"), default=1)
    basis = models.TextField(_("основание (региональный акт)"), blank=True)
    first_year = models.PositiveSmallIntegerField(_("с какого года"))
    last_year = models.PositiveSmallIntegerField(_("по какой год"), null=True, blank=True)
    status = models.CharField(
        _("статус"),
        max_length=20,
        choices=MethodologyStatus.choices,
        default=MethodologyStatus.DRAFT,
    )
    approved_at = models.DateTimeField(_("утверждена"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("утвердил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    high_from = models.DecimalField(
        _("высокий уровень от, %"), max_digits=5, decimal_places=2, default=80
    )
    sufficient_from = models.DecimalField(
        _("достаточный уровень от, %"), max_digits=5, decimal_places=2, default=60
    )
    medium_from = models.DecimalField(
        _("средний уровень от, %"), max_digits=5, decimal_places=2, default=40
    )
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)

    class Meta:
        verbose_name = _("методика оценки эффективности")
        verbose_name_plural = _("методики оценки эффективности")
        ordering = ["-first_year", "title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["title", "version"], name="methodology_unique_version"),
            models.UniqueConstraint(
                fields=["first_year"],
                condition=Q(status="approved"),
                name="methodology_one_approved_per_first_year",
            ),
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="methodology_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(high_from__gte=F("sufficient_from"))
                & Q(sufficient_from__gte=F("medium_from")),
                name="methodology_levels_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="methodology_approved_has_time",
            ),
        ]

    def __str__(self):
        return _("%(title)s, версия %(version)s") % {"title": self.title, "version": self.version}

    @property
    def is_draft(self):
        return self.status == MethodologyStatus.DRAFT

    @property
    def is_approved(self):
        return self.status == MethodologyStatus.APPROVED


class Block(models.Model):
    methodology = models.ForeignKey(
        Methodology, verbose_name=_("методика"), on_delete=models.CASCADE, related_name="blocks"
    )
    title = models.CharField(_("наименование"), max_length=300)
    weight = models.DecimalField(_("вес, %"), max_digits=5, decimal_places=2)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        verbose_name = _("блок критериев")
        verbose_name_plural = _("блоки критериев")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0) & Q(weight__lte=100), name="block_weight_is_percent"
            ),
        ]

    def __str__(self):
        return self.title


class CriterionRule(models.TextChoices):
    DOCUMENT = "document", _("Наличие документа (0/1)")
    SHARE_BANDS = "share_bands", _("Доля относительно цели, по диапазонам")
    PERCENT_CUTOFF = "percent_cutoff", _("Процент с порогом")
    COUNT_BANDS = "count_bands", _("Количество по диапазонам")
    ROADMAP_ON_TIME = "roadmap_on_time", _("Доля обязательств, принятых в срок")


class Criterion(models.Model):
    block = models.ForeignKey(
        Block, verbose_name=_("блок"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    title = models.CharField(_("наименование"), max_length=500)
    rule = models.CharField(_("правило"), max_length=20, choices=CriterionRule.choices)
    indicator = models.ForeignKey(
        "reports.Indicator",
        verbose_name=_("показатель"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria",
    )
    act_type = models.ForeignKey(
        "obligations.LocalActType",
        verbose_name=_("вид локального акта"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # [{"from": number, "points": number}, ...], highest "from" first.
    bands = models.JSONField(_("диапазоны"), default=list, blank=True)
    max_points = models.DecimalField(_("максимум баллов"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("критерий")
        verbose_name_plural = _("критерии")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="criterion_max_points_positive"
            ),
        ]

    def __str__(self):
        return self.title


class ScoreLevel(models.TextChoices):
    HIGH = "high", _("высокий")
    SUFFICIENT = "sufficient", _("достаточный")
    MEDIUM = "medium", _("средний")
    LOW = "low", _("низкий")


class Score(models.Model):
    methodology = models.ForeignKey(
        Methodology, verbose_name=_("методика"), on_delete=models.PROTECT, related_name="scores"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("организация"), on_delete=models.CASCADE, related_name="scores"
    )
    year = models.PositiveSmallIntegerField(_("год"))
    percent = models.DecimalField(
        _("результат, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    level = models.CharField(_("уровень"), max_length=20, choices=ScoreLevel.choices, blank=True)
    rank = models.PositiveIntegerField(_("место"), null=True, blank=True)
    computed_at = models.DateTimeField(_("рассчитано"), default=timezone.now)

    class Meta:
        verbose_name = _("оценка эффективности")
        verbose_name_plural = _("оценки эффективности")
        ordering = ["year", "rank", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "organization", "year"],
                name="score_unique_per_methodology_year",
            ),
        ]
        # The best of a year's ranking (reports/scores.best_scores) is read without sorting it
        # all through the index score_year_percent: (year, percent DESC NULLS LAST), made on
        # PostgreSQL only by migration reports.0008 (SQLite cannot index NULLS LAST).

    def __str__(self):
        return f"{self.organization} — {self.year}: {self.percent}"


class CriterionScore(models.Model):
    score = models.ForeignKey(
        Score, verbose_name=_("оценка"), on_delete=models.CASCADE, related_name="items"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("критерий"), on_delete=models.PROTECT, related_name="scores"
    )
    # None: the criterion does not apply to this organization and leaves the denominator.
    points = models.DecimalField(_("баллы"), max_digits=6, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(_("максимум баллов"), max_digits=6, decimal_places=2)
    inputs = models.JSONField(_("исходные данные"), default=dict, blank=True)

    class Meta:
        verbose_name = _("балл по критерию")
        verbose_name_plural = _("баллы по критериям")
        ordering = ["criterion__block__position", "criterion__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="criterion_score_unique"),
            models.CheckConstraint(
                condition=Q(points__isnull=True)
                | (Q(points__gte=0) & Q(points__lte=F("max_points"))),
                name="criterion_score_points_within_max",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"
