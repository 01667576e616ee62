"""Compare the obligations' rollup with a full recount; with --fix, replace it by the recount.

Exits with status 1 whenever a difference is found (fixed or not), so that cron or a
monitoring check notices a rollup that went out of step.
"""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from obligations import rollup

SHOWN = 20


class Command(BaseCommand):
    help = _("Сверяет счётчики обязательств (свёртку) с полным пересчётом.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help=_("Заменить свёртку пересчитанными значениями.")
        )

    def handle(self, *args, fix=False, **options):
        found = rollup.differences()
        if not found:
            self.stdout.write(_("Свёртка совпадает с пересчётом."))
            return
        self.stdout.write(_("Расхождений: %(count)d.") % {"count": len(found)})
        for key, stored, wanted in found[:SHOWN]:
            node, own, responsibility, year, due_date, status = key
            self.stdout.write(
                _(
                    "организация %(node)s (%(scope)s), срок %(responsibility)s, год %(year)s, "
                    "дата %(due)s, %(status)s: в свёртке %(stored)d, по пересчёту %(wanted)d"
                )
                % {
                    "node": node,
                    "scope": _("свои") if own else _("подчинённые"),
                    "responsibility": responsibility,
                    "year": year or "—",
                    "due": due_date or "—",
                    "status": status,
                    "stored": stored,
                    "wanted": wanted,
                }
            )
        if fix:
            rollup.rebuild()
            self.stdout.write(_("Свёртка пересчитана заново."))
        sys.exit(1)
