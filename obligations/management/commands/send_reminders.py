"""For cron: each responsible person gets at most one digest a day, and only if something is
due within N days or overdue."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mentorship_portal.dates import parse_date
from obligations.models import SentMessage
from obligations.notifications import send_digests


class Command(BaseCommand):
    help = "Рассылает ежедневные напоминания о сроках (не чаще раза в день каждому)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="Горизонт «скоро срок», дней.")
        parser.add_argument("--date", help="Считать сегодняшней дату ДД.ММ.ГГГГ (для проверки).")

    def handle(self, *args, days, date=None, **options):
        if days < 0:
            raise CommandError("--days не может быть отрицательным.")
        on = None
        if date:
            try:
                on = parse_date(date)
            except ValueError:
                raise CommandError(f"Дата «{date}» не в формате ДД.ММ.ГГГГ.")
        sent = send_digests(on=on, within_days=days)
        self.stdout.write(f"Отправлено напоминаний: {sent}")
        failed = SentMessage.objects.failed_digests(on=on or timezone.localdate()).count()
        if failed:
            self.stderr.write(
                f"Не доставлено: {failed} (ошибки в журнале; будут отправлены при следующем "
                "запуске)"
            )
