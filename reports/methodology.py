"""Writes for efficiency methodologies: a draft is edited, approved, later retired; an approved
methodology never changes (scores were computed with it), so a change is a new version.

Every function is keyword-only and atomic, takes the acting user (`by`), locks the
methodology it changes, checks its state inside the transaction and records history
(MethodologyEvent) in the same transaction. Reads: `approved_for_year`.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import may_approve_methodology, may_edit_methodology, may_retire_methodology

from . import scoring
from .methodology_events import MethodologyAction, MethodologyEvent
from .models import Block, Criterion, CriterionRule, Methodology, MethodologyStatus

# What each rule needs: an indicator, an act type, bands (and whether bands are per cent).
INDICATOR_RULES = (
    CriterionRule.SHARE_BANDS,
    CriterionRule.PERCENT_CUTOFF,
    CriterionRule.COUNT_BANDS,
)
PERCENT_RULES = (
    CriterionRule.SHARE_BANDS,
    CriterionRule.PERCENT_CUTOFF,
    CriterionRule.ROADMAP_ON_TIME,
)
BANDED_RULES = INDICATOR_RULES  # roadmap on time: bands optional (in proportion without)


class MethodologyError(Exception):
    """The change is not possible; the message is Russian and shown to the user."""


def approved_for_year(year):
    """The approved methodology covering `year`, or None (the approve service keeps it one)."""
    return (
        Methodology.objects.filter(status=MethodologyStatus.APPROVED, first_year__lte=year)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=year))
        .first()
    )


def criterion_problems(*, rule, indicator, act_type, bands, max_points):
    """{field: Russian message} of what makes this criterion unscorable (empty when fine).
    The form shows these beside the fields; the services refuse with the first one."""
    problems = {}
    if rule == CriterionRule.DOCUMENT and act_type is None:
        problems["act_type"] = _("Для критерия «наличие документа» выберите вид локального акта.")
    if rule in INDICATOR_RULES and indicator is None:
        problems["indicator"] = _("Для этого правила выберите показатель.")
    if rule in BANDED_RULES or (rule == CriterionRule.ROADMAP_ON_TIME and bands):
        try:
            parsed = scoring.parse_bands(bands, percent=rule in PERCENT_RULES)
        except scoring.BandsError as error:
            problems["bands"] = str(error)
        else:
            if parsed[0].points <= 0:
                problems["bands"] = _("Верхний диапазон должен давать больше нуля баллов.")
    elif max_points is None or Decimal(max_points) <= 0:
        problems["max_points"] = _("Максимум баллов должен быть больше нуля.")
    return problems


def criterion_max_points(*, rule, bands, max_points):
    """Banded criteria score at most their top band; the others what the form says."""
    if bands and rule != CriterionRule.DOCUMENT:
        return scoring.max_band_points(bands)
    return Decimal(max_points)


def _record(methodology, by, action, comment=""):
    MethodologyEvent.objects.create(
        methodology=methodology, actor=by, action=action, comment=comment
    )


def _lock_draft(methodology, by):
    locked = Methodology.objects.select_for_update().get(pk=methodology.pk)
    if not may_edit_methodology(by, locked):
        raise MethodologyError(_("Утверждённую методику изменить нельзя: создайте новую версию."))
    return locked


def _check_years(first_year, last_year):
    if last_year is not None and last_year < first_year:
        raise MethodologyError(_("Год окончания не может быть раньше года начала."))


def _check_thresholds(high_from, sufficient_from, medium_from):
    try:
        scoring.check_thresholds(
            scoring.Thresholds(Decimal(high_from), Decimal(sufficient_from), Decimal(medium_from))
        )
    except scoring.BandsError as error:
        raise MethodologyError(str(error)) from None


# --- The methodology itself --------------------------------------------------------------


@transaction.atomic
def create_methodology(
    *,
    by,
    title,
    first_year,
    last_year=None,
    basis="",
    high_from=80,
    sufficient_from=60,
    medium_from=40,
):
    if not may_edit_methodology(by, None):
        raise MethodologyError(_("Создавать методики могут только сотрудники управления."))
    _check_years(first_year, last_year)
    _check_thresholds(high_from, sufficient_from, medium_from)
    version = (Methodology.objects.filter(title=title).aggregate(v=Max("version"))["v"] or 0) + 1
    methodology = Methodology.objects.create(
        title=title,
        version=version,
        basis=basis,
        first_year=first_year,
        last_year=last_year,
        high_from=high_from,
        sufficient_from=sufficient_from,
        medium_from=medium_from,
    )
    _record(methodology, by, MethodologyAction.CREATED)
    return methodology


@transaction.atomic
def update_methodology(
    *, by, methodology, title, first_year, last_year, basis, high_from, sufficient_from, medium_from
):
    methodology = _lock_draft(methodology, by)
    _check_years(first_year, last_year)
    _check_thresholds(high_from, sufficient_from, medium_from)
    if (
        Methodology.objects.filter(title=title, version=methodology.version)
        .exclude(pk=methodology.pk)
        .exists()
    ):
        raise MethodologyError(_("Методика с таким названием и версией уже есть."))
    for field, value in dict(
        title=title,
        first_year=first_year,
        last_year=last_year,
        basis=basis,
        high_from=high_from,
        sufficient_from=sufficient_from,
        medium_from=medium_from,
    ).items():
        setattr(methodology, field, value)
    methodology.save()
    _record(methodology, by, MethodologyAction.EDITED, _("Основные сведения"))
    return methodology


# --- Blocks and criteria (drafts only) ------------------------------------------------------


@transaction.atomic
def save_blocks(*, by, methodology, blocks, removed=()):
    """Replace the draft's blocks in one go: `blocks` is a list of dicts (pk or None, title,
    weight, position); `removed` the blocks to delete with their criteria. The weights must
    then add up to 100 % (checked here, not only at approval, so a draft always reads right)."""
    methodology = _lock_draft(methodology, by)
    try:
        scoring.check_weights([b["weight"] for b in blocks])
    except scoring.BandsError as error:
        raise MethodologyError(str(error)) from None
    Block.objects.filter(methodology=methodology, pk__in=[b.pk for b in removed]).delete()
    for item in blocks:
        fields = {"title": item["title"], "weight": item["weight"], "position": item["position"]}
        if item.get("pk"):
            Block.objects.filter(methodology=methodology, pk=item["pk"]).update(**fields)
        else:
            Block.objects.create(methodology=methodology, **fields)
    _record(methodology, by, MethodologyAction.EDITED, _("Блоки и веса"))
    return methodology


def _criterion_fields(rule, indicator, act_type, bands, max_points):
    problems = criterion_problems(
        rule=rule, indicator=indicator, act_type=act_type, bands=bands, max_points=max_points
    )
    if problems:
        raise MethodologyError(next(iter(problems.values())))
    keep_bands = rule != CriterionRule.DOCUMENT
    return {
        "rule": rule,
        "indicator": indicator if rule in INDICATOR_RULES else None,
        "act_type": act_type if rule == CriterionRule.DOCUMENT else None,
        "bands": list(bands) if keep_bands and bands else [],
        "max_points": criterion_max_points(
            rule=rule, bands=bands if keep_bands else None, max_points=max_points
        ),
    }


@transaction.atomic
def save_criterion(
    *,
    by,
    block,
    criterion=None,
    title,
    rule,
    position,
    indicator=None,
    act_type=None,
    bands=(),
    max_points=None,
):
    """Add a criterion to a draft's block, or change one (`criterion`)."""
    _lock_draft(block.methodology, by)
    fields = _criterion_fields(rule, indicator, act_type, bands, max_points)
    if criterion is None:
        criterion = Criterion.objects.create(block=block, title=title, position=position, **fields)
        comment = _("Добавлен критерий «%(title)s»") % {"title": title}
    else:
        for field, value in dict(fields, title=title, position=position).items():
            setattr(criterion, field, value)
        criterion.save()
        comment = _("Изменён критерий «%(title)s»") % {"title": title}
    _record(block.methodology, by, MethodologyAction.EDITED, comment)
    return criterion


@transaction.atomic
def remove_criterion(*, by, criterion):
    methodology = _lock_draft(criterion.block.methodology, by)
    criterion.delete()
    _record(
        methodology,
        by,
        MethodologyAction.EDITED,
        _("Удалён критерий «%(title)s»") % {"title": criterion.title},
    )


# --- Approval, retirement, new versions --------------------------------------------------


def approval_problems(methodology):
    """Why this draft cannot be approved yet (Russian messages; empty when it can)."""
    blocks = list(methodology.blocks.prefetch_related("criteria__indicator", "criteria__act_type"))
    problems = []
    try:
        scoring.check_weights([b.weight for b in blocks])
    except scoring.BandsError as error:
        problems.append(str(error))
    for block in blocks:
        criteria = list(block.criteria.all())
        if not criteria:
            problems.append(
                _("В блоке «%(block)s» нет ни одного критерия.") % {"block": block.title}
            )
        for c in criteria:
            found = criterion_problems(
                rule=c.rule,
                indicator=c.indicator,
                act_type=c.act_type,
                bands=c.bands,
                max_points=c.max_points,
            )
            problems += [f"«{c.title}»: {message}" for message in found.values()]
    return problems


def _overlapping_approved(methodology):
    end = methodology.last_year if methodology.last_year is not None else 10_000
    return (
        Methodology.objects.select_for_update()
        .filter(status=MethodologyStatus.APPROVED, first_year__lte=end)
        .filter(Q(last_year__isnull=True) | Q(last_year__gte=methodology.first_year))
        .exclude(pk=methodology.pk)
    )


@transaction.atomic
def approve_methodology(*, by, methodology):
    """Approve a draft. Only one approved methodology covers a year: an approved one that
    started earlier and is still open ends the year before this one starts (recorded on it);
    one that would be wholly or partly inside this one's years is refused — retire it first."""
    methodology = Methodology.objects.select_for_update().get(pk=methodology.pk)
    if not may_approve_methodology(by, methodology):
        raise MethodologyError(_("Утвердить можно только черновик, и только администратору."))
    problems = approval_problems(methodology)
    if problems:
        raise MethodologyError(" ".join(problems))
    for other in _overlapping_approved(methodology):
        if other.first_year >= methodology.first_year or other.last_year is not None:
            raise MethodologyError(
                _(
                    "Годы %(years)s уже покрывает утверждённая методика «%(other)s»: "
                    "перенесите её в "
                    "архив или измените годы."
                )
                % {"years": _years(methodology), "other": other}
            )
        other.last_year = methodology.first_year - 1
        other.save(update_fields=["last_year"])
        _record(
            other,
            by,
            MethodologyAction.SHORTENED,
            _("Действует по %(year)s год: с %(next)s года — «%(new)s»")
            % {"year": other.last_year, "next": methodology.first_year, "new": methodology},
        )
    methodology.status = MethodologyStatus.APPROVED
    methodology.approved_at = timezone.now()
    methodology.approved_by = by
    methodology.save(update_fields=["status", "approved_at", "approved_by"])
    _record(methodology, by, MethodologyAction.APPROVED)
    return methodology


def _years(methodology):
    if methodology.last_year is None:
        return _("с %(first)s") % {"first": methodology.first_year}
    return f"{methodology.first_year}–{methodology.last_year}"


@transaction.atomic
def retire_methodology(*, by, methodology, comment=""):
    """An approved methodology goes to the archive; its stored scores stay as they were."""
    methodology = Methodology.objects.select_for_update().get(pk=methodology.pk)
    if not may_retire_methodology(by, methodology):
        raise MethodologyError(_("В архив можно перенести только утверждённую методику."))
    methodology.status = MethodologyStatus.RETIRED
    methodology.save(update_fields=["status"])
    _record(methodology, by, MethodologyAction.RETIRED, comment)
    return methodology


@transaction.atomic
def new_version(*, by, methodology, first_year=None):
    """A draft copy of `methodology` (blocks and criteria) with the next version number,
    starting the year after the original's start unless told otherwise."""
    if not may_edit_methodology(by, None):
        raise MethodologyError(_("Создавать методики могут только сотрудники управления."))
    source = Methodology.objects.prefetch_related("blocks__criteria").get(pk=methodology.pk)
    version = Methodology.objects.filter(title=source.title).aggregate(v=Max("version"))["v"] + 1
    copy = Methodology.objects.create(
        title=source.title,
        version=version,
        basis=source.basis,
        first_year=first_year or max(source.first_year + 1, timezone.localdate().year),
        high_from=source.high_from,
        sufficient_from=source.sufficient_from,
        medium_from=source.medium_from,
    )
    for block in source.blocks.all():
        new_block = Block.objects.create(
            methodology=copy, title=block.title, weight=block.weight, position=block.position
        )
        Criterion.objects.bulk_create(
            Criterion(
                block=new_block,
                position=c.position,
                title=c.title,
                rule=c.rule,
                indicator_id=c.indicator_id,
                act_type_id=c.act_type_id,
                bands=c.bands,
                max_points=c.max_points,
            )
            for c in block.criteria.all()
        )
    _record(
        copy,
        by,
        MethodologyAction.CREATED,
        _("Новая версия методики «%(source)s»") % {"source": source},
    )
    _record(source, by, MethodologyAction.VERSIONED, _("Версия %(v)s") % {"v": version})
    return copy
