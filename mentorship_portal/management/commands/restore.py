"""`python manage.py restore --from DIR [--database-url URL] [--media-root DIR]`.

By default it restores over the configured database and storage, and asks for --yes to do
so. A restore drill names another database (created when missing) and a media folder, then
reads the report: row counts and file hashes compared with the backup's manifest.
"""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from mentorship_portal.backup import BackupError, restore, settings_from_url, storage_at


class Command(BaseCommand):
    help = "Восстановление из резервной копии с проверкой числа строк и SHA-256 файлов."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", required=True, help="Папка резервной копии.")
        parser.add_argument(
            "--database-url", help="Куда восстановить базу (по умолчанию — рабочая)."
        )
        parser.add_argument(
            "--media-root", help="Куда восстановить файлы (по умолчанию — рабочее хранилище)."
        )
        parser.add_argument("--yes", action="store_true", help="Да, заменить рабочую базу и файлы.")

    def handle(self, *args, source, database_url=None, media_root=None, yes=False, **options):
        if not database_url and not yes:
            raise CommandError(
                "Восстановление заменит рабочую базу. Добавьте --yes или укажите --database-url "
                "другой базы (проверка восстановления)."
            )
        settings_dict = (
            settings_from_url(database_url) if database_url else connection.settings_dict
        )
        storage = storage_at(media_root) if media_root else default_storage
        try:
            report = restore(source=source, settings_dict=settings_dict, storage=storage)
        except (BackupError, FileNotFoundError) as error:
            raise CommandError(str(error))
        self.stdout.write(
            f"Восстановлено в {settings_dict['NAME']}: таблиц {report['tables']}, "
            f"строк {report['rows']}, файлов {report['files']}."
        )
        if report["problems"]:
            raise CommandError("Расхождения с копией:\n" + "\n".join(report["problems"]))
        self.stdout.write("Число строк и SHA-256 файлов совпадают с копией.")
