"""The rollup's tables, kept in step by obligations/rollup.py.

ObligationTally: one row per (node, own, deadline row, period year, due date, status, year
status, on time). `own` rows count the obligations of the node organization itself; the other
rows count those of every organization below it (its whole subtree, at any depth). So a
region's figure is one read of its rows, a district's one read of its rows, a school's one
read of its own rows: drill-down pages never scan the obligations. Archived obligations are
not counted.

`status` is the current status (the drill-down pages); `year_status` and `on_time` are the
obligation as its reporting year stands (reports/progress.py: the status frozen when the year
was closed, else the current one; accepted by the due date or not), which the annual report
reads. For an obligation of an open year `year_status` equals `status`.

CompletionTally: per node and reporting year, how many organizations of the node's subtree
(the node included) owe something in the year and how many have all of it accepted, as the
year stands: the report's "organizations that did everything", which no sum of the rows above
can give.
"""

from django.db import models
from django.db.models import Case, F, IntegerField, Q, When
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from .models import ObligationStatus


def report_year():
    """The reporting year an ObligationTally row counts in, as an expression: its period, or
    for a one-off row (period 0) the year it is due — Obligation.objects.for_year's rule."""
    return Case(
        When(period_year=0, then=ExtractYear("due_date")),
        default=F("period_year"),
        output_field=IntegerField(),
    )


# The key of a row but its due date (NULL: a partial unique constraint each way).
KEY_FIELDS = ["node", "own", "responsibility", "period_year", "status", "year_status", "on_time"]
# The whole key of a row, in the order the writers (obligations/tally_rows.py) use.
TALLY_FIELDS = [*KEY_FIELDS[:4], "due_date", *KEY_FIELDS[4:]]


class ObligationTally(models.Model):
    node = models.ForeignKey(
        Organization,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="tallies",
    )
    own = models.BooleanField(
        _("свои"), help_text=_("Обязательства самой организации, а не подчинённых.")
    )
    responsibility = models.ForeignKey(
        "roadmap.Responsibility",
        verbose_name=_("срок и ответственные"),
        on_delete=models.CASCADE,
        related_name="tallies",
    )
    # 0 for one-off obligations (Obligation.period_year is NULL): NULL would make the unique
    # constraint useless.
    period_year = models.PositiveSmallIntegerField(_("отчётный год"))
    due_date = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=ObligationStatus.choices)
    year_status = models.CharField(
        _("статус на конец года"), max_length=20, choices=ObligationStatus.choices
    )
    on_time = models.BooleanField(_("принято в срок"), default=False)
    count = models.IntegerField(_("количество"), default=0)

    class Meta:
        verbose_name = _("счётчик обязательств")
        verbose_name_plural = _("счётчики обязательств")
        constraints = [
            models.UniqueConstraint(
                fields=TALLY_FIELDS,
                condition=Q(due_date__isnull=False),
                name="tally_unique_dated",
            ),
            models.UniqueConstraint(
                fields=KEY_FIELDS,
                condition=Q(due_date__isnull=True),
                name="tally_unique_undated",
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="tally_count_not_negative"),
        ]

    def __str__(self):
        return f"{self.node_id}/{self.responsibility_id}/{self.period_year}/{self.status}"


class CompletionTally(models.Model):
    node = models.ForeignKey(
        Organization,
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="completion_tallies",
    )
    year = models.PositiveSmallIntegerField(_("отчётный год"))
    owing = models.IntegerField(_("организаций с обязательствами"), default=0)
    complete = models.IntegerField(_("организаций, выполнивших всё"), default=0)

    class Meta:
        verbose_name = _("счётчик выполнивших всё")
        verbose_name_plural = _("счётчики выполнивших всё")
        constraints = [
            models.UniqueConstraint(fields=["node", "year"], name="completion_unique"),
            models.CheckConstraint(
                condition=Q(complete__gte=0, owing__gte=0), name="completion_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.node_id}/{self.year}: {self.complete}/{self.owing}"
