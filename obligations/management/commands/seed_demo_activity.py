"""Demo progress on the seed roadmap: a few schools have submitted, been accepted or returned,
so that every page shows something. Runs once: it does nothing when any evidence exists."""

import datetime as dt
import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role
from obligations import services
from obligations.models import Evidence, EvidenceKind, Obligation
from obligations.uploads import check_upload

DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class Command(BaseCommand):
    help = "Добавляет демонстрационные подтверждения и проверки (один раз)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Демо-данные не создаются при DEBUG=False; используйте --force.")
        if Evidence.objects.exists():
            self.stdout.write("Демо-подтверждения уже есть: ничего не изменено.")
            return
        users = get_user_model().objects
        reviewer = users.filter(role=Role.OFFICE).order_by("pk").first()
        heads = list(
            users.filter(role=Role.SCHOOL_HEAD).select_related("organization").order_by("username")
        )
        if reviewer is None or not heads:
            raise CommandError("Сначала выполните seed_demo и load_roadmap.")
        done = 0
        for index, head in enumerate(heads[:12]):
            obligations = (
                Obligation.objects.current()
                .filter(organization=head.organization)
                .order_by("due_date", "pk")[:3]
            )
            for number, obligation in enumerate(obligations):
                upload = SimpleUploadedFile("polozhenie.pdf", DEMO_PDF)
                checked = check_upload(io.BytesIO(DEMO_PDF), "polozhenie.pdf", max_bytes=10**6)
                act_date = dt.date(2021, 11, 20 + number)
                services.add_evidence(
                    obligation=obligation,
                    by=head,
                    kind=EvidenceKind.LOCAL_ACT,
                    title=f"Приказ № {10 + number}-о «О наставничестве» ({head.organization})",
                    act_type="curator_order",
                    act_number=f"{10 + number}-о",
                    act_date=act_date,
                    effective_date=act_date,
                    upload=checked,
                    file=upload,
                )
                if (index + number) % 4 == 3:
                    continue  # left in progress
                services.submit(obligation=obligation, by=head)
                if (index + number) % 4 == 1:
                    services.accept(obligation=obligation, by=reviewer, notify=False)
                elif (index + number) % 4 == 2:
                    services.return_for_rework(
                        obligation=obligation,
                        by=reviewer,
                        comment="Приложите скан приказа с подписью руководителя.",
                        notify=False,  # demo reviews send no e-mail
                    )
                done += 1
        self.stdout.write(f"Демо-подтверждения добавлены: {done} отправлено на проверку.")
