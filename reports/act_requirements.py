"""Writes for the required local-act package: which act types each kind of organization must
have, from a given year on. Earlier years keep the package they had, so their figures stay
true."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.policy import Capability, can
from obligations.models import LocalActType

from .models import ReferenceChange, ReferenceSubject, RequiredActType


class RequirementError(Exception):
    """The change is not possible; the message is Russian and shown to the user."""


@transaction.atomic
def set_required_act_types(*, organization_kind, codes, from_year, by):
    """From `from_year` on, organizations of `organization_kind` must have exactly the act
    types `codes`. Rows that started in an earlier year end the year before; rows that
    started in `from_year` or later are removed. Returns (added, removed) codes."""
    if not can(by, Capability.MANAGE_MONITORING):
        raise RequirementError(
            _("Обязательный пакет локальных актов выбирают сотрудники управления образования.")
        )
    wanted = set(codes)
    unknown = wanted - set(
        LocalActType.objects.filter(code__in=wanted).values_list("code", flat=True)
    )
    if unknown:
        raise RequirementError(
            _("Неизвестные виды локальных актов: %(codes)s.")
            % {"codes": ", ".join(sorted(unknown))}
        )
    rows = list(
        RequiredActType.objects.select_for_update()
        .filter(organization_kind=organization_kind)
        .for_year(from_year)
        .select_related("act_type")
    )
    present = {row.act_type.code for row in rows}
    for row in rows:
        if row.act_type.code in wanted:
            continue
        if row.first_year >= from_year:
            row.delete()
        else:
            row.last_year = from_year - 1
            row.save(update_fields=["last_year"])
    added = wanted - present
    for code in added:
        RequiredActType.objects.update_or_create(
            act_type=LocalActType.objects.get(code=code),
            organization_kind=organization_kind,
            first_year=from_year,
            defaults={"last_year": None},
        )
    added, removed = sorted(added), sorted(present - wanted)
    if added or removed:
        names = dict(LocalActType.objects.values_list("code", "name"))
        parts = [f"с {from_year} года"]
        if added:
            parts.append("добавлены: " + ", ".join(f"«{names[c]}»" for c in added))
        if removed:
            parts.append("исключены: " + ", ".join(f"«{names[c]}»" for c in removed))
        ReferenceChange.objects.create(
            subject=ReferenceSubject.PACKAGE,
            organization_kind=organization_kind,
            actor=by,
            action=_("Изменён обязательный пакет локальных актов"),
            details="; ".join(parts),
        )
    return added, removed
