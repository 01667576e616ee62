"""Import a roadmap from an .xlsx or .docx file as a DRAFT (or only report what it holds)."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organizations.models import Organization
from roadmap.editions import MATCH, NEW_PROGRAMME
from roadmap.forms import parse_years
from roadmap.importers import RoadmapImportError, read_roadmap
from roadmap.models import Roadmap
from roadmap.preview import build_preview
from roadmap.services import RoadmapStateError, issuer_of, save_imported_roadmap

NO_ISSUER_WARNING = (
    "Внимание: утвердивший орган не определён — «руководители всех ОО» будут означать "
    "все образовательные организации портала. Укажите --issuer."
)


def _years(text):
    years = parse_years(text)
    if years is None or years[1] < years[0]:
        raise CommandError(f"Годы указываются так: 2020-2024 (получено «{text}»).")
    return years


def _date(text):
    try:
        return dt.datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        raise CommandError(f"Дата приказа указывается так: 30.12.2020 (получено «{text}»).")


def _issuer(text):
    """The organization named exactly (full or short name); anything else is an error."""
    found = list(Organization.objects.matching_name(text)[:2])
    if not found:
        raise CommandError(
            f"Организация «{text}» не найдена: укажите полное или краткое наименование."
        )
    if len(found) > 1:
        raise CommandError(
            f"Наименованию «{text}» соответствует несколько организаций: укажите полное."
        )
    return found[0]


def _edition(edition_of, new_programme):
    if new_programme:
        return NEW_PROGRAMME
    if edition_of is None:
        return MATCH
    try:
        return Roadmap.objects.get(pk=edition_of)
    except Roadmap.DoesNotExist:
        raise CommandError(f"Дорожная карта с id {edition_of} не найдена.")


class Command(BaseCommand):
    help = "Импортирует дорожную карту из файла .xlsx, .docx или .pdf как черновик."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Файл дорожной карты (.xlsx, .docx или .pdf).")
        parser.add_argument("--title", help="Наименование (если в документе его нет).")
        parser.add_argument("--years", type=_years, help="Годы реализации, например 2020-2024.")
        parser.add_argument("--order-number", help="Номер приказа.")
        parser.add_argument("--order-date", type=_date, help="Дата приказа, ДД.ММ.ГГГГ.")
        parser.add_argument(
            "--issuer",
            help="Утвердивший орган: полное или краткое наименование организации портала "
            "(по нему «руководители всех ОО» означают организации этого органа).",
        )
        edition = parser.add_mutually_exclusive_group()
        edition.add_argument(
            "--new-programme",
            action="store_true",
            help="Это новая программа, а не новая редакция уже загруженной.",
        )
        edition.add_argument(
            "--edition-of",
            type=int,
            metavar="ID",
            help="Это новая редакция дорожной карты с этим id (иначе ищется по наименованию "
            "без годов и по утвердившему органу).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Только показать, что будет загружено."
        )

    def handle(
        self, *args, file, title, years, order_number, order_date, issuer, dry_run,
        new_programme, edition_of, **options
    ):  # fmt: skip
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Файл не найден: {file}")
        issuer = _issuer(issuer) if issuer else None
        edition = _edition(edition_of, new_programme)
        try:
            with path.open("rb") as handle:
                imported = read_roadmap(handle, path.name)
        except RoadmapImportError as error:
            raise CommandError(str(error))
        preview = build_preview(imported, issuer=issuer_of(imported, by=None, issuer=issuer))
        first_year, last_year = years or (None, None)
        self.stdout.write(f"Этапов: {preview.stage_count}")
        self.stdout.write(f"Мероприятий: {preview.activity_count}")
        self.stdout.write(f"Строк сроков: {preview.row_count}")
        self.stdout.write(f"Сроков задать вручную: {preview.flagged_deadline_count}")
        unmatched = preview.unmatched_bodies
        self.stdout.write(f"Несопоставленных ответственных: {len(unmatched)}")
        for text in unmatched:
            self.stdout.write(f"  — {text}")
        try:
            with transaction.atomic():
                roadmap = save_imported_roadmap(
                    imported=imported,
                    by=None,
                    title=title,
                    first_year=first_year,
                    last_year=last_year,
                    order_number=order_number,
                    order_date=order_date,
                    issuer=issuer,
                    source_name=path.name,
                    edition_of=edition,
                )
                if dry_run:
                    transaction.set_rollback(True)
        except RoadmapStateError as error:
            raise CommandError(str(error))
        if roadmap.previous_edition is not None:
            previous = roadmap.previous_edition
            self.stdout.write(f"Новая редакция программы: «{previous.title}» (id {previous.pk})")
        else:
            self.stdout.write("Новая программа (предыдущая редакция не найдена).")
        if roadmap.issuer_id is None:
            self.stdout.write(self.style.WARNING(NO_ISSUER_WARNING))
        if dry_run:
            self.stdout.write("Пробный запуск: ничего не сохранено.")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Сохранена как черновик: {roadmap} (id {roadmap.pk})")
        )
