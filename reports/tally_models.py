"""The reports' rollups (reports/indicator_rollup.py, reports/reporting_rollup.py): counts
and sums per node of the organization tree over its whole subtree, the node included, kept
in the same transaction as each change, so that a region's or a country's figures are a read
of a few rows. Imported by reports/models.py (one models module, split for length)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import OrganizationKind

from .models import ReturnStatus


class IndicatorTally(models.Model):
    """The values of one indicator in one year that count — from returns accepted as the year
    stands (IndicatorReturn.objects.counted()) — summed over a node's subtree, the node
    included: the annual report's totals for a region or a country without reading millions
    of values. Kept by reports/indicator_rollup.py in the same transaction as each change."""

    node = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="indicator_tallies",
    )
    year = models.PositiveSmallIntegerField(_("год"))
    indicator = models.ForeignKey(
        "reports.Indicator",
        verbose_name=_("показатель"),
        on_delete=models.CASCADE,
        related_name="tallies",
    )
    total = models.DecimalField(_("сумма"), max_digits=20, decimal_places=2, default=0)
    count = models.IntegerField(_("значений"), default=0)

    class Meta:
        app_label = "reports"
        verbose_name = _("сумма показателя")
        verbose_name_plural = _("суммы показателей")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "year", "indicator"], name="indicator_tally_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=0), name="indicator_tally_count_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.node_id}/{self.year}/{self.indicator_id}: {self.total} ({self.count})"


class OrganizationTally(models.Model):
    """Organizations of a node's subtree by kind and whether in operation: `own` rows count
    the node itself (one row, count 1), the others every organization below it. The figures
    "organizations counted" and "owe a return" of a region or a country are a read of a
    handful of rows. Kept by reports/reporting_rollup.py."""

    node = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="organization_tallies",
    )
    own = models.BooleanField(_("сама организация"))
    kind = models.CharField(_("тип"), max_length=20, choices=OrganizationKind.choices)
    is_active = models.BooleanField(_("действует"))
    count = models.IntegerField(_("количество"), default=0)

    class Meta:
        app_label = "reports"
        verbose_name = _("счётчик организаций")
        verbose_name_plural = _("счётчики организаций")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "own", "kind", "is_active"], name="organization_tally_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=0), name="organization_tally_count_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.node_id}/{self.kind}/{self.is_active}: {self.count}"


class ReturnTally(models.Model):
    """Indicator returns of a node's subtree per year, by their organization's kind and
    whether in operation, by current status (the dashboard chases) and by status as the year
    stands (`year_status`: frozen at the close, else current; what the annual report
    counts). `own` rows are the node's own returns. Kept by reports/reporting_rollup.py."""

    node = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        on_delete=models.CASCADE,
        related_name="return_tallies",
    )
    own = models.BooleanField(_("сама организация"))
    year = models.PositiveSmallIntegerField(_("год"))
    kind = models.CharField(_("тип"), max_length=20, choices=OrganizationKind.choices)
    is_active = models.BooleanField(_("действует"))
    status = models.CharField(_("статус"), max_length=20, choices=ReturnStatus.choices)
    year_status = models.CharField(
        _("статус на конец года"), max_length=20, choices=ReturnStatus.choices
    )
    count = models.IntegerField(_("количество"), default=0)

    class Meta:
        app_label = "reports"
        verbose_name = _("счётчик отчётов о показателях")
        verbose_name_plural = _("счётчики отчётов о показателях")
        constraints = [
            models.UniqueConstraint(
                fields=["node", "own", "year", "kind", "is_active", "status", "year_status"],
                name="return_tally_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(count__gte=0), name="return_tally_count_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.node_id}/{self.year}/{self.kind}/{self.status}: {self.count}"
