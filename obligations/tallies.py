"""The rollup's table: counts of current obligations, kept in step by obligations/rollup.py.

One row per (node, own, deadline row, period year, due date, status). `own` rows count the
obligations of the node organization itself; the other rows count those of every
organization below it (its whole subtree, at any depth). So a region's figure is one read of
its rows, a district's one read of its rows, a school's one read of its own rows: drill-down
pages never scan the obligations. Archived obligations are not counted.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Organization

from .models import ObligationStatus


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
    count = models.IntegerField(_("количество"), default=0)

    class Meta:
        verbose_name = _("счётчик обязательств")
        verbose_name_plural = _("счётчики обязательств")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "own", "responsibility", "period_year", "due_date", "status"],
                condition=Q(due_date__isnull=False),
                name="tally_unique_dated",
            ),
            models.UniqueConstraint(
                fields=["node", "own", "responsibility", "period_year", "status"],
                condition=Q(due_date__isnull=True),
                name="tally_unique_undated",
            ),
            models.CheckConstraint(condition=Q(count__gte=0), name="tally_count_not_negative"),
        ]

    def __str__(self):
        return f"{self.node_id}/{self.responsibility_id}/{self.period_year}/{self.status}"
