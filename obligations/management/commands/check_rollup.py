"""Compare the obligations' rollup with a full recount; with --fix, replace it by the recount.

Exits with status 1 whenever a difference is found (fixed or not), so that cron or a
monitoring check notices a rollup that went out of step.
"""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from obligations import recount

SHOWN = 20


class Command(BaseCommand):
    help = _("Сверяет счётчики обязательств и выполнивших всё (свёртку) с полным пересчётом.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help=_("Заменить свёртку пересчитанными значениями.")
        )

    def handle(self, *args, fix=False, **options):
        found = recount.differences()
        if not found:
            self.stdout.write(_("Свёртка совпадает с пересчётом."))
            return
        self.stdout.write(_("Расхождений: %(count)d.") % {"count": len(found)})
        for key, stored, wanted in found[:SHOWN]:
            self.stdout.write(_describe(key, stored, wanted))
        if fix:
            recount.rebuild()
            self.stdout.write(_("Свёртка пересчитана заново."))
        sys.exit(1)


def _describe(key, stored, wanted):
    if key[0] == "completion":
        _table, node, year = key
        return _(
            "организация %(node)s, год %(year)s, выполнивших всё: в свёртке %(stored)s, "
            "по пересчёту %(wanted)s (организаций с обязательствами / выполнивших всё)"
        ) % {
            "node": node,
            "year": year,
            "stored": f"{stored[0]} / {stored[1]}",
            "wanted": f"{wanted[0]} / {wanted[1]}",
        }
    node, own, responsibility, year, due_date, status, year_status, on_time = key
    return _(
        "организация %(node)s (%(scope)s), срок %(responsibility)s, год %(year)s, "
        "дата %(due)s, %(status)s, на конец года %(year_status)s%(on_time)s: "
        "в свёртке %(stored)d, по пересчёту %(wanted)d"
    ) % {
        "node": node,
        "scope": _("свои") if own else _("подчинённые"),
        "responsibility": responsibility,
        "year": year or "—",
        "due": due_date or "—",
        "status": status,
        "year_status": year_status,
        "on_time": _(", в срок") if on_time else "",
        "stored": stored,
        "wanted": wanted,
    }
