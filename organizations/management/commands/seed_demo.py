"""Demo data: the Tomsk district education office, ТОИПКРО, the district's organizations and
one account per role. Idempotent: a second run creates and changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Role
from accounts.services import ensure_user
from organizations.models import OrganizationKind
from organizations.services import ensure_organization

DEMO_PASSWORD = "demo-nastavnik-2024"
MUNICIPALITY = "Томский район"
REGION_NAME = "Департамент общего образования Томской области"
OFFICE_NAME = "Управление образования Администрации Томского района"
INSTITUTE_NAME = (
    "Томский областной институт повышения квалификации и переподготовки работников образования"
)

# (username, full name, short name, kind, head's name) — named after the district's villages.
DEMO_ORGANIZATIONS = [
    ("bogashevo", "МАОУ «Богашёвская СОШ им. А.И. Федорова» Томского района", "Богашёвская СОШ", OrganizationKind.SCHOOL, "Иванова Марина Петровна"),
    ("vershinino", "МБОУ «Вершининская СОШ» Томского района", "Вершининская СОШ", OrganizationKind.SCHOOL, "Петров Андрей Викторович"),
    ("voronino", "МБОУ «Воронинская СОШ» Томского района", "Воронинская СОШ", OrganizationKind.SCHOOL, "Сидорова Елена Ивановна"),
    ("zonalnaya", "МАОУ «Зональненская СОШ» Томского района", "Зональненская СОШ", OrganizationKind.SCHOOL, "Кузнецова Ольга Николаевна"),
    ("zorkaltsevo", "МБОУ «Зоркальцевская СОШ» Томского района", "Зоркальцевская СОШ", OrganizationKind.SCHOOL, "Смирнов Игорь Александрович"),
    ("itatka", "МБОУ «Итатская СОШ» Томского района", "Итатская СОШ", OrganizationKind.SCHOOL, "Васильева Наталья Сергеевна"),
    ("kaltai", "МБОУ «Калтайская СОШ» Томского района", "Калтайская СОШ", OrganizationKind.SCHOOL, "Попова Татьяна Викторовна"),
    ("kaftanchikovo", "МАОУ «Кафтанчиковская СОШ» Томского района", "Кафтанчиковская СОШ", OrganizationKind.SCHOOL, "Новиков Сергей Петрович"),
    ("kopylovo", "МАОУ «Копыловская СОШ» Томского района", "Копыловская СОШ", OrganizationKind.SCHOOL, "Морозова Ирина Алексеевна"),
    ("kornilovo", "МАОУ «Корниловская СОШ» Томского района", "Корниловская СОШ", OrganizationKind.SCHOOL, "Волков Дмитрий Юрьевич"),
    ("malinovka", "МБОУ «Малиновская СОШ» Томского района", "Малиновская СОШ", OrganizationKind.SCHOOL, "Соловьёва Анна Михайловна"),
    ("mezheninovka", "МАОУ «Межениновская СОШ» Томского района", "Межениновская СОШ", OrganizationKind.SCHOOL, "Лебедев Павел Андреевич"),
    ("mirny", "МАОУ «Мирненская СОШ» Томского района", "Мирненская СОШ", OrganizationKind.SCHOOL, "Козлова Светлана Олеговна"),
    ("moryakovka", "МБОУ «Моряковская СОШ» Томского района", "Моряковская СОШ", OrganizationKind.SCHOOL, "Егоров Алексей Владимирович"),
    ("nelyubino", "МБОУ «Нелюбинская СОШ» Томского района", "Нелюбинская СОШ", OrganizationKind.SCHOOL, "Павлова Юлия Дмитриевна"),
    ("novorozhdestvenskoe", "МБОУ «Новорождественская СОШ» Томского района", "Новорождественская СОШ", OrganizationKind.SCHOOL, "Семёнов Виктор Иванович"),
    ("oktyabrskoe", "МБОУ «Октябрьская СОШ» Томского района", "Октябрьская СОШ", OrganizationKind.SCHOOL, "Голубева Людмила Петровна"),
    ("rassvet", "МАОУ «Рассветовская СОШ» Томского района", "Рассветовская СОШ", OrganizationKind.SCHOOL, "Виноградов Олег Сергеевич"),
    ("rybalovo", "МБОУ «Рыбаловская СОШ» Томского района", "Рыбаловская СОШ", OrganizationKind.SCHOOL, "Богданова Вера Николаевна"),
    ("turuntaevo", "МАОУ «Турунтаевская СОШ» Томского района", "Турунтаевская СОШ", OrganizationKind.SCHOOL, "Фёдоров Николай Михайлович"),
    ("spasskoe", "МБОУ «Спасская СОШ» Томского района", "Спасская СОШ", OrganizationKind.SCHOOL, "Михайлова Галина Андреевна"),
    ("kislovka-ds", "МБДОУ «Детский сад д. Кисловка» Томского района", "Детский сад д. Кисловка", OrganizationKind.PRESCHOOL, "Беляева Ксения Игоревна"),
    ("kurlek-ds", "МБДОУ «Детский сад с. Курлек» Томского района", "Детский сад с. Курлек", OrganizationKind.PRESCHOOL, "Тарасова Дарья Викторовна"),
    ("semiluzhki-ds", "МБДОУ «Детский сад с. Семилужки» Томского района", "Детский сад с. Семилужки", OrganizationKind.PRESCHOOL, "Белова Мария Сергеевна"),
    ("naumovka-ds", "МБДОУ «Детский сад п. Наумовка» Томского района", "Детский сад п. Наумовка", OrganizationKind.PRESCHOOL, "Комарова Алёна Юрьевна"),
    ("petukhovo-ds", "МБДОУ «Детский сад д. Петухово» Томского района", "Детский сад д. Петухово", OrganizationKind.PRESCHOOL, "Орлова Валентина Павловна"),
    ("ddt", "МБОУ ДО «Дом детского творчества» Томского района", "ДДТ Томского района", OrganizationKind.ADDITIONAL, "Киселёв Роман Евгеньевич"),
    ("dush", "МБОУ ДО «Детско-юношеская спортивная школа» Томского района", "ДЮСШ Томского района", OrganizationKind.ADDITIONAL, "Макаров Артём Олегович"),
]

OFFICE_STAFF = [
    ("office1", "Соколова", "Надежда", "Сергеевна", "Главный специалист"),
    ("office2", "Алексеев", "Максим", "Игоревич", "Ведущий специалист"),
]


class Command(BaseCommand):
    help = "Создаёт демонстрационные организации и учётные записи (повторный запуск ничего не меняет)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--logins",
            action="store_true",
            help="Только напечатать демо-логины, ничего не создавая.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Создать демо-пароли даже при DEBUG=False (только для стендов).",
        )

    @transaction.atomic
    def handle(self, *args, force=False, logins=False, **options):
        if logins:
            self.print_logins()
            return
        if not settings.DEBUG and not force:
            raise CommandError(
                "Демо-данные с известными паролями не создаются при DEBUG=False. "
                "Для демонстрационного стенда запустите с --force."
            )
        region, _ = ensure_organization(
            name=REGION_NAME,
            kind=OrganizationKind.REGIONAL_MINISTRY,
            short_name="ДОО ТО",
            municipality="Томская область",
        )
        office, _ = ensure_organization(
            name=OFFICE_NAME,
            kind=OrganizationKind.DISTRICT_OFFICE,
            parent=region,
            short_name="Управление образования",
            municipality=MUNICIPALITY,
            email="uo@example.org",
        )
        institute, _ = ensure_organization(
            name=INSTITUTE_NAME,
            kind=OrganizationKind.INSTITUTE,
            parent=region,
            short_name="ТОИПКРО",
            municipality="г. Томск",
        )
        for username, name, short_name, kind, head_name in DEMO_ORGANIZATIONS:
            organization, _ = ensure_organization(
                name=name,
                kind=kind,
                parent=office,
                short_name=short_name,
                municipality=MUNICIPALITY,
                head_name=head_name,
                email=f"{username}@example.org",
            )
            last, first, middle = head_name.split()
            ensure_user(
                username=username,
                role=Role.SCHOOL_HEAD,
                organization=organization,
                password=DEMO_PASSWORD,
                last_name=last,
                first_name=first,
                middle_name=middle,
                email=f"{username}@example.org",
                position="Директор",
            )
        ensure_user(
            username="toipkro",
            role=Role.SCHOOL_HEAD,
            organization=institute,
            password=DEMO_PASSWORD,
            last_name="Орлов",
            first_name="Вадим",
            middle_name="Петрович",
            position="Проректор",
            email="toipkro@example.org",
        )
        for username, last, first, middle, position in OFFICE_STAFF:
            ensure_user(
                username=username,
                role=Role.OFFICE,
                organization=office,
                password=DEMO_PASSWORD,
                last_name=last,
                first_name=first,
                middle_name=middle,
                position=position,
                email=f"{username}@example.org",
            )
        ensure_user(
            username="admin",
            role=Role.ADMIN,
            organization=office,
            password=DEMO_PASSWORD,
            last_name="Белова",
            first_name="Наталья",
            middle_name="Сергеевна",
            position="Администратор портала",
            email="admin@example.org",
        )
        self.print_logins()

    def print_logins(self):
        self.stdout.write(
            self.style.SUCCESS(f"Демо-логины (пароль для всех: {DEMO_PASSWORD}):")
        )
        self.stdout.write("  admin          — администратор портала")
        self.stdout.write("  toipkro        — ТОИПКРО (ответственный по мероприятиям 3.1, 4.2, 4.4)")
        for username, *_rest in OFFICE_STAFF:
            self.stdout.write(f"  {username:<14} — сотрудник управления образования")
        for username, _name, short_name, *_rest in DEMO_ORGANIZATIONS[:3]:
            self.stdout.write(f"  {username:<14} — руководитель: {short_name}")
        self.stdout.write(
            f"  … и ещё {len(DEMO_ORGANIZATIONS) - 3} руководителей (список логинов — в README)"
        )
