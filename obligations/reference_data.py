"""The types of local act seen in real monitoring practice (shared/domain/monitoring.md).

Seeded by a data migration and re-seeded for tests whose flush emptied the table; staff extend
and retire types in the portal afterwards, so this list is only the starting set.
"""

ORGANIZATION_ACT_TYPES = [
    ("target_model_order", "Приказ о внедрении целевой модели (системы) наставничества"),
    ("working_group_order", "Приказ о создании рабочей группы"),
    ("regulation", "Положение о наставничестве"),
    ("roadmap", "Дорожная карта (план мероприятий) внедрения"),
    ("programme", "Программа наставничества"),
    ("personal_programme", "Персонализированная программа наставничества"),
    ("curator_order", "Приказ о назначении куратора"),
    ("pairs_order", "Приказ о закреплении наставнических пар (групп)"),
    ("consent", "Согласие участника"),
    ("database", "База наставников и наставляемых"),
    ("reward_document", "Документ о поощрении наставников"),
    ("website_section", "Раздел «Наставничество» на сайте"),
    ("monitoring_report", "Отчёт (справка) организации по итогам мониторинга"),
    ("approval_order", "Приказ об утверждении"),
    ("order", "Приказ"),
    ("other", "Другой локальный акт"),
]
DISTRICT_ACT_TYPES = [
    ("responsible_order", "Приказ о назначении ответственного лица"),
    ("district_roadmap_order", "Приказ об утверждении дорожной карты и муниципальной программы"),
    ("efficiency_methodology", "Методика (критерии) оценки эффективности"),
    ("support_measures", "Комплекс мер по стимулированию и поддержке наставников"),
    ("monitoring_order", "Приказ о проведении мониторинга"),
    ("monitoring_results_order", "Приказ об итогах мониторинга"),
    ("contest_regulation", "Положение о муниципальном конкурсе наставников"),
]
# The default required package of a school (monitoring.md): the first seven school-level
# types and the website section.
DEFAULT_SCHOOL_PACKAGE = [code for code, _name in ORGANIZATION_ACT_TYPES[:7]] + ["website_section"]


def seed_act_types(apps, schema_editor=None):
    """Create the starting act types that are missing (idempotent; `apps` may be a migration's
    historical registry or the live one)."""
    LocalActType = apps.get_model("obligations", "LocalActType")
    existing = set(LocalActType.objects.values_list("code", flat=True))
    levels = [("organization", ORGANIZATION_ACT_TYPES), ("district", DISTRICT_ACT_TYPES)]
    rows = []
    for level_index, (level, types) in enumerate(levels):
        for index, (code, name) in enumerate(types):
            if code not in existing:
                position = (level_index * 100 + index + 1) * 10
                rows.append(LocalActType(code=code, name=name, level=level, position=position))
    LocalActType.objects.bulk_create(rows)
