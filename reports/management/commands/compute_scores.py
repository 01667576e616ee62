from django.core.management.base import BaseCommand, CommandError

from organizations.models import Organization, OrganizationKind
from reports import scores


class Command(BaseCommand):
    help = (
        "Рассчитать оценки эффективности за год по утверждённой на этот год методике: для одного "
        "управления (--office) или для всех. Закрытый год не пересчитывается."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--office", type=int, help="id органа управления образованием")

    def handle(self, *args, year, office=None, **options):
        offices = Organization.objects.active().filter(kind=OrganizationKind.DISTRICT_OFFICE)
        if office is not None:
            offices = offices.filter(pk=office)
            if not offices.exists():
                raise CommandError(f"Нет органа управления образованием с id {office}.")
        failed = False
        for each in offices.order_by("name"):
            try:
                result = scores.compute_scores(by=None, office=each, year=year)
            except scores.ScoresError as error:
                self.stderr.write(f"{each}: {error}")
                failed = True
                continue
            self.stdout.write(
                f"{each}: {year} — {result.scored} организаций оценено, без оценки "
                f"{result.without_score} "
                f"(методика «{result.methodology}»)."
            )
        if failed and office is not None:
            raise CommandError("Оценки не рассчитаны.")
