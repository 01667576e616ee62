"""python manage.py export_report --year 2024 [--organization ID] --output FILE.xlsx|FILE.docx
[--order]: the annual report as the office's staff download it, for cron or a large region."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from organizations.models import Organization
from reports import annual
from reports.exporters import docx as docx_exporter, xlsx as xlsx_exporter


class Command(BaseCommand):
    help = (
        "Выгружает годовой отчёт мониторинга: .xlsx (таблицы) или .docx "
        "(аналитическая справка, с --order — проект приказа)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="Отчётный год.")
        parser.add_argument(
            "--organization",
            type=int,
            help=(
                "Корень поддерева (орган управления образованием); по умолчанию — все организации."
            ),
        )
        parser.add_argument("--output", required=True, help="Файл .xlsx или .docx.")
        parser.add_argument(
            "--order",
            action="store_true",
            help="Для .docx: проект приказа «Об итогах мониторинга» вместо справки.",
        )

    def handle(self, *args, year, organization, output, order, **options):
        root = None
        if organization is not None:
            root = Organization.objects.filter(pk=organization).first()
            if root is None:
                raise CommandError(f"Организация с id {organization} не найдена.")
        path = Path(output)
        suffix = path.suffix.lower()
        if suffix not in (".xlsx", ".docx"):
            raise CommandError("Укажите файл с расширением .xlsx или .docx.")
        if order and suffix != ".docx":
            raise CommandError("Проект приказа выгружается только в .docx.")
        # The command runs for the whole portal (no user): the subtree alone narrows it.
        scope = annual.Scope(user=None, year=year, root=root, on=timezone.localdate())
        if suffix == ".xlsx":
            xlsx_exporter.write_annual_report(path, scope)
        elif order:
            docx_exporter.write_order(path, scope)
        else:
            docx_exporter.write_note(path, scope)
        self.stdout.write(f"Записано: {path}")
