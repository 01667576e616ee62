"""`python manage.py backup --to DIR`: the database and every stored file, with SHA-256s."""

from django.core.management.base import BaseCommand, CommandError

from mentorship_portal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Резервная копия: база PostgreSQL (pg_dump) и все файлы со списком SHA-256."

    def add_arguments(self, parser):
        parser.add_argument("--to", required=True, help="Новая (или пустая) папка для копии.")

    def handle(self, *args, to, **options):
        try:
            manifest = backup(to=to)
        except BackupError as error:
            raise CommandError(str(error))
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Копия в {to}: таблиц {len(manifest['tables'])}, строк {rows}, "
            f"файлов {manifest['files']} ({manifest['file_bytes'] / 2**20:.1f} МБ)."
        )
