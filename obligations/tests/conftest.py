"""A small active roadmap with the shapes that matter: a one-off deadline for all heads, a
yearly deadline for the office and all heads, and an after-event deadline."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from model_bakery import baker

from obligations.models import Obligation
from organizations.models import OrganizationKind
from reports.tests.counting import tallied
from roadmap.importers import ImportedActivity, ImportedDeadlineRow, ImportedRoadmap, ImportedStage
from roadmap.services import activate_roadmap, save_imported_roadmap

OFFICE_NAME = "Управление образования Администрации Томского района"
HEADS = "Руководители образовательных организаций"


def imported_roadmap(*, years=(2022, 2024)):
    def row(deadline, responsible):
        return ImportedDeadlineRow(deadline=deadline, responsible=responsible, source_row=0)

    return ImportedRoadmap(
        title="Дорожная карта для тестов",
        programme_title="Тестовая программа наставничества",
        first_year=years[0],
        last_year=years[1],
        stages=[
            ImportedStage(
                title="Подготовительный этап",
                number="",
                activities=[
                    ImportedActivity(
                        number="1",
                        title="Разработка пакета локальных актов",
                        result_form="Наличие локальных актов",
                        deadline_rows=[row("До 30.09.2022", HEADS)],
                        source_row=0,
                    ),
                    ImportedActivity(
                        number="2",
                        title="Организация участия в курсах повышения квалификации",
                        result_form="Наличие участников",
                        deadline_rows=[row("ежегодно", f"{OFFICE_NAME}, {HEADS}")],
                        source_row=0,
                    ),
                    ImportedActivity(
                        number="3",
                        title="Разработка муниципальных критериев",
                        result_form="Наличие методики оценки",
                        deadline_rows=[row("После утверждения региональных критериев", HEADS)],
                        source_row=0,
                    ),
                ],
            )
        ],
    )


@pytest.fixture
def roadmap(office, school_a, school_b, administrator):
    draft = save_imported_roadmap(imported=imported_roadmap(), by=administrator, issuer=office)
    return activate_roadmap(roadmap=draft, by=administrator)


@pytest.fixture
def one_off_a(roadmap, school_a):
    """School A's obligation for activity 1 (due 30.09.2022)."""
    return Obligation.objects.get(
        organization=school_a,
        responsibility__activity__number="1",
        responsibility__activity__stage__roadmap=roadmap,
    )


@pytest.fixture
def one_off_b(roadmap, school_b):
    return Obligation.objects.get(
        organization=school_b,
        responsibility__activity__number="1",
        responsibility__activity__stage__roadmap=roadmap,
    )


def pdf_upload(name="prikaz.pdf", content=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_schools(office, count, prefix="Школа"):
    schools = baker.make(
        "organizations.Organization",
        kind=OrganizationKind.SCHOOL,
        parent=office,
        _quantity=count,
        name=iter([f"{prefix} №{i}" for i in range(count)]),
    )
    return [tallied(school) for school in schools]


LOCAL_ACT = {
    "kind": "local_act",
    "title": "Положение о наставничестве в МБОУ «Школа А»",
    "act_type": "regulation",
    "act_number": "45-о",
    "act_date": "15.03.2022",
}

__all__ = ["LOCAL_ACT", "dt", "io", "make_schools", "pdf_upload"]


def roadmap_naming_institute(*, office, region, administrator):
    """(roadmap in force issued by `office`, ТОИПКРО): the institute belongs to the region,
    outside the district's tree, and is named as responsible for one of the roadmap's rows."""
    from organizations.models import Organization

    institute = Organization.objects.create(
        name="ТОИПКРО (полное)",
        short_name="ТОИПКРО",
        kind=OrganizationKind.INSTITUTE,
        parent=region,
    )
    imported = imported_roadmap()
    imported.stages[0].activities[1].deadline_rows[0].responsible = "ТОИПКРО"
    draft = save_imported_roadmap(imported=imported, by=administrator, issuer=office)
    return activate_roadmap(roadmap=draft, by=administrator), institute
