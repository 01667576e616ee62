from django.core.management.base import BaseCommand

from obligations.sync import sync_obligations


class Command(BaseCommand):
    help = "Приводит обязательства организаций в соответствие с действующими дорожными картами."

    def handle(self, *args, **options):
        counts = sync_obligations()
        self.stdout.write(
            "Обязательства: создано {created}, изменён срок {updated}, "
            "в архив {archived}, восстановлено {restored}".format(**counts)
        )
