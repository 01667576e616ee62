"""Write a roadmap to an .xlsx file (by default the active one)."""

from django.core.management.base import BaseCommand, CommandError

from roadmap.exporters import export_roadmap_xlsx
from roadmap.models import Roadmap


class Command(BaseCommand):
    help = "Выгружает дорожную карту в Excel (по умолчанию — действующую)."

    def add_arguments(self, parser):
        parser.add_argument("--roadmap", type=int, help="id дорожной карты.")
        parser.add_argument("--output", required=True, help="Файл .xlsx для записи.")

    def handle(self, *args, roadmap, output, **options):
        if not output.lower().endswith(".xlsx"):
            raise CommandError("Укажите файл с расширением .xlsx.")
        if roadmap is None:
            active = list(Roadmap.objects.active()[:2])
            if not active:
                raise CommandError("Нет действующей дорожной карты: укажите --roadmap ID.")
            if len(active) > 1:
                raise CommandError("Действующих дорожных карт несколько: укажите --roadmap ID.")
            chosen = active[0]
        else:
            chosen = Roadmap.objects.filter(pk=roadmap).first()
            if chosen is None:
                raise CommandError(f"Дорожная карта с id {roadmap} не найдена.")
        try:
            export_roadmap_xlsx(chosen, output)
        except OSError as error:
            raise CommandError(f"Не удалось записать {output}: {error}")
        self.stdout.write(self.style.SUCCESS(f"Выгружена дорожная карта «{chosen}» в {output}"))
