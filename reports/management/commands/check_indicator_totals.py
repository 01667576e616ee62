"""Compare the indicators' rollup (their sums per subtree and year) with a full recount; with
--fix, replace it by the recount. Exits with status 1 whenever a difference is found."""

import sys
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports import indicator_rollup

SHOWN = 20


class Command(BaseCommand):
    help = _("Сверяет суммы показателей по организациям (свёртку) с полным пересчётом.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help=_("Заменить свёртку пересчитанными значениями.")
        )

    def handle(self, *args, fix=False, **options):
        found = indicator_rollup.differences()
        if not found:
            self.stdout.write(_("Суммы показателей совпадают с пересчётом."))
            return
        self.stdout.write(_("Расхождений: %(count)d.") % {"count": len(found)})
        for (node, year, indicator), stored, wanted in found[:SHOWN]:
            self.stdout.write(
                _(
                    "организация %(node)s, год %(year)s, показатель %(indicator)s: в свёртке "
                    "%(stored)s (значений %(stored_n)d), по пересчёту %(wanted)s "
                    "(значений %(wanted_n)d)"
                )
                % {
                    "node": node,
                    "year": year,
                    "indicator": indicator,
                    "stored": _sum(stored[0]),
                    "stored_n": stored[1],
                    "wanted": _sum(wanted[0]),
                    "wanted_n": wanted[1],
                }
            )
        if fix:
            indicator_rollup.rebuild()
            self.stdout.write(_("Суммы показателей пересчитаны заново."))
        sys.exit(1)


def _sum(value):
    return Decimal(value).quantize(Decimal("0.01"))
