"""`python manage.py generate_scale_returns --years 2021-2024 --seed S [--today ДД.ММ.ГГГГ]`:
the indicator returns of the data generate_scale made (which calls it at its end)."""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError

from reports.scale import generate_returns


class Command(BaseCommand):
    help = (
        "Добавляет к данным масштаба отчёты о показателях: по отчёту на организацию и год "
        "(с долей черновиков, отчётов на проверке и не сданных) со значениями показателей."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", default="2021-2024", help="Годы, например 2021-2024.")
        parser.add_argument("--seed", type=int, default=1, help="Зерно случайных значений.")
        parser.add_argument(
            "--today",
            help="Считать сегодняшней дату ДД.ММ.ГГГГ (по умолчанию 01.12 последнего года).",
        )

    def handle(self, *args, years, seed, today=None, **options):
        match = re.fullmatch(r"(\d{4})-(\d{4})", years)
        if not match or int(match[1]) > int(match[2]):
            raise CommandError(f"Годы «{years}» — нужно, например, 2021-2024.")
        first, last = int(match[1]), int(match[2])
        try:
            on = dt.datetime.strptime(today, "%d.%m.%Y").date() if today else dt.date(last, 12, 1)
        except ValueError:
            raise CommandError(f"Дата «{today}» не в формате ДД.ММ.ГГГГ.")
        counts = generate_returns(
            first_year=first, last_year=last, seed=seed, today=on, say=self.stdout.write
        )
        self.stdout.write(", ".join(f"{name} {value}" for name, value in counts.items()))
