"""Load a roadmap fixture (the portal's JSON format); loading it again changes nothing."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organizations.models import Organization
from organizations.services import ensure_organization
from roadmap.fixture import read_fixture
from roadmap.models import Roadmap, RoadmapStatus
from roadmap.services import activate_roadmap, save_imported_roadmap


class Command(BaseCommand):
    help = (
        "Загружает дорожную карту из файла-фикстуры портала (повторная загрузка ничего не меняет)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    @transaction.atomic
    def handle(self, *args, path, **options):
        try:
            imported, data = read_fixture(path)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"Не удалось прочитать {path}: {error}")
        details = data["roadmap"]
        existing = Roadmap.objects.filter(
            programme__title=imported.programme_title,
            order_number=imported.order_number,
            order_date=imported.order_date,
            appendix=imported.appendix,
        ).first()
        if existing:
            self.stdout.write(f"Дорожная карта уже загружена: {existing} (id {existing.pk})")
            return
        by_name = {}
        for body in data.get("organizations", []):
            # An organization that already exists (by full name) is used as it is.
            found = Organization.objects.filter(name=body["name"]).first()
            if found is None:
                found, _created = ensure_organization(
                    name=body["name"],
                    kind=body["kind"],
                    parent=by_name.get(body.get("parent")),
                    short_name=body.get("short_name", ""),
                    municipality=body.get("municipality", ""),
                )
            by_name[body["name"]] = found
        roadmap = save_imported_roadmap(
            imported=imported,
            by=None,
            title=imported.title,
            issuer=by_name.get(details.get("issuer")),
            regional_document=data["programme"].get("regional_document", ""),
            source_name=path.rsplit("/", 1)[-1],
        )
        if details.get("status") == RoadmapStatus.ACTIVE:
            activate_roadmap(roadmap=roadmap, by=None)
        self.stdout.write(
            self.style.SUCCESS(f"Загружена дорожная карта: {roadmap} (id {roadmap.pk})")
        )
