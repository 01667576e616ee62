"""Compare the counts of organizations and of their indicator returns per subtree (the
rollup of reports/reporting_rollup.py) with a full recount; with --fix, replace them by the
recount. Exits with status 1 whenever a difference is found."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports import reporting_rollup

SHOWN = 20


class Command(BaseCommand):
    help = _(
        "Сверяет счётчики организаций и их отчётов о показателях по подразделениям с полным "
        "пересчётом."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help=_("Заменить счётчики пересчитанными значениями.")
        )

    def handle(self, *args, fix=False, **options):
        found = reporting_rollup.differences()
        if not found:
            self.stdout.write(_("Счётчики организаций и отчётов совпадают с пересчётом."))
            return
        self.stdout.write(_("Расхождений: %(count)d.") % {"count": len(found)})
        for table, key, stored, wanted in found[:SHOWN]:
            self.stdout.write(
                _("%(table)s %(key)s: в свёртке %(stored)d, по пересчёту %(wanted)d")
                % {"table": table, "key": key, "stored": stored, "wanted": wanted}
            )
        if fix:
            reporting_rollup.rebuild()
            self.stdout.write(_("Счётчики организаций и отчётов пересчитаны заново."))
        sys.exit(1)
