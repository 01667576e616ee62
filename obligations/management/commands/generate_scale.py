"""`python manage.py generate_scale --organizations N [--districts D] --years 2021-2024 "
"--seed S`."""

import datetime as dt
import re
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from obligations.scale import Plan, generate
from organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Создаёт данные масштаба региона или страны для замеров: районы со своими дорожными "
        "картами, учреждения с руководителями, обязательства, историю, подтверждения и отчёты "
        "о показателях."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, required=True, help="Число учреждений.")
        parser.add_argument(
            "--districts", type=int, help="Число районов (по умолчанию N/500, не меньше 1)."
        )
        parser.add_argument(
            "--years", default="2021-2024", help="Годы программы, например 2021-2024."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Одинаковое зерно — одинаковые данные."
        )
        parser.add_argument(
            "--today",
            help="Считать сегодняшней дату ДД.ММ.ГГГГ (по умолчанию 01.12 последнего года).",
        )

    def handle(self, *args, organizations, districts=None, years, seed, today=None, **options):
        if organizations < 1:
            raise CommandError("--organizations должно быть не меньше 1.")
        match = re.fullmatch(r"(\d{4})-(\d{4})", years)
        if not match or int(match[1]) > int(match[2]):
            raise CommandError(f"Годы «{years}» — нужно, например, 2021-2024.")
        districts = districts or max(1, organizations // 500)
        if not 1 <= districts <= organizations:
            raise CommandError("--districts должно быть от 1 до числа учреждений.")
        if Organization.objects.exists():
            raise CommandError(
                "База не пуста: данные масштаба создаются в пустой базе (после migrate)."
            )
        first, last = int(match[1]), int(match[2])
        try:
            on = dt.datetime.strptime(today, "%d.%m.%Y").date() if today else dt.date(last, 12, 1)
        except ValueError:
            raise CommandError(f"Дата «{today}» не в формате ДД.ММ.ГГГГ.")
        plan = Plan(
            organizations=organizations,
            districts=districts,
            first_year=first,
            last_year=last,
            seed=seed,
            today=on,
        )
        started = time.perf_counter()
        counts = generate(plan, say=self.stdout.write)
        # The indicator returns are the reports app's (called by name: obligations does not
        # import reports).
        call_command(
            "generate_scale_returns",
            years=years,
            seed=seed,
            today=on.strftime("%d.%m.%Y"),
            stdout=self.stdout,
        )
        self.stdout.write(
            f"Готово за {time.perf_counter() - started:.0f} с: "
            + ", ".join(f"{name} {value}" for name, value in counts.items())
        )
