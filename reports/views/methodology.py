"""Staff's pages for efficiency methodologies: the list, one methodology with its blocks and
criteria and history, the forms that edit a draft, and the buttons that approve, retire and
start a new version. The services in reports/methodology.py decide; these read the request."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import (
    Capability,
    may_approve_methodology,
    may_edit_methodology,
    may_retire_methodology,
    requires,
)
from mentorship_portal.confirm import ask_first

from .. import methodology as services
from ..forms.methodology import BlockFormSet, CriterionForm, MethodologyForm, bands_text
from ..models import Block, Criterion, Methodology

HEADER_FIELDS = (
    "title",
    "basis",
    "first_year",
    "last_year",
    "high_from",
    "sufficient_from",
    "medium_from",
)


def _methodology(pk):
    return get_object_or_404(Methodology, pk=pk)


def _refused(request, error, target):
    messages.error(request, str(error))
    return redirect(target)


@requires(Capability.EDIT_METHODOLOGY)
def methodology_list(request):
    methodologies = Methodology.objects.select_related("approved_by").order_by(
        "-first_year", "title", "-version"
    )
    return render(
        request,
        "reports/methodology/list.html",
        {
            "methodologies": methodologies,
            "may_create": may_edit_methodology(request.user, None),
        },
    )


@requires(Capability.EDIT_METHODOLOGY)
def methodology_detail(request, pk):
    methodology = _methodology(pk)
    blocks = methodology.blocks.prefetch_related("criteria__indicator", "criteria__act_type")
    return render(
        request,
        "reports/methodology/detail.html",
        {
            "methodology": methodology,
            "blocks": blocks,
            "events": methodology.events.select_related("actor")[:30],
            "may_edit": may_edit_methodology(request.user, methodology),
            "may_approve": may_approve_methodology(request.user, methodology),
            "may_retire": may_retire_methodology(request.user, methodology),
            "problems": services.approval_problems(methodology) if methodology.is_draft else [],
        },
    )


@requires(Capability.EDIT_METHODOLOGY)
def methodology_create(request):
    form = MethodologyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            methodology = services.create_methodology(by=request.user, **form.cleaned_data)
        except services.MethodologyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Черновик методики создан: добавьте блоки и критерии."))
            return redirect("reports:methodology_blocks", methodology.pk)
    return render(
        request, "reports/methodology/form.html", {"form": form}, status=400 if form.errors else 200
    )


@requires(Capability.EDIT_METHODOLOGY)
def methodology_edit(request, pk):
    methodology = _methodology(pk)
    if not may_edit_methodology(request.user, methodology):
        return _refused(
            request,
            _("Утверждённую методику изменить нельзя: создайте новую версию."),
            reverse("reports:methodology_detail", args=[methodology.pk]),
        )
    initial = {name: getattr(methodology, name) for name in HEADER_FIELDS}
    form = MethodologyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_methodology(
                by=request.user, methodology=methodology, **form.cleaned_data
            )
        except services.MethodologyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Сведения о методике сохранены."))
            return redirect("reports:methodology_detail", pk)
    return render(
        request,
        "reports/methodology/form.html",
        {"form": form, "methodology": methodology},
        status=400 if form.errors else 200,
    )


@requires(Capability.EDIT_METHODOLOGY)
def methodology_blocks(request, pk):
    methodology = _methodology(pk)
    if not may_edit_methodology(request.user, methodology):
        return _refused(
            request,
            _("Утверждённую методику изменить нельзя: создайте новую версию."),
            reverse("reports:methodology_detail", args=[methodology.pk]),
        )
    existing = list(methodology.blocks.all())
    initial = [
        {"pk": b.pk, "title": b.title, "weight": b.weight, "position": b.position} for b in existing
    ]
    formset = BlockFormSet(request.POST or None, initial=initial, prefix="blocks")
    if request.method == "POST" and formset.is_valid():
        keep, removed = formset.blocks()
        try:
            services.save_blocks(
                by=request.user,
                methodology=methodology,
                blocks=keep,
                removed=[b for b in existing if b.pk in removed],
            )
        except services.MethodologyError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Блоки и веса сохранены."))
            return redirect("reports:methodology_detail", pk)
    return render(
        request,
        "reports/methodology/blocks.html",
        {"methodology": methodology, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


def _criterion_page(request, methodology, block, criterion, form):
    return render(
        request,
        "reports/methodology/criterion_form.html",
        {
            "methodology": methodology,
            "criteria_block": block,
            "criterion": criterion,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _save_criterion(request, block, criterion):
    methodology = block.methodology
    if not may_edit_methodology(request.user, methodology):
        return _refused(
            request,
            _("Утверждённую методику изменить нельзя: создайте новую версию."),
            reverse("reports:methodology_detail", args=[methodology.pk]),
        )
    initial = {}
    if criterion is not None:
        initial = {
            "title": criterion.title,
            "rule": criterion.rule,
            "indicator": criterion.indicator,
            "act_type": criterion.act_type,
            "bands": bands_text(criterion.bands),
            "max_points": criterion.max_points,
            "position": criterion.position,
        }
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_criterion(
                by=request.user, block=block, criterion=criterion, **form.cleaned_data
            )
        except services.MethodologyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Критерий сохранён."))
            return redirect("reports:methodology_detail", methodology.pk)
    return _criterion_page(request, methodology, block, criterion, form)


@requires(Capability.EDIT_METHODOLOGY)
def criterion_create(request, block_pk):
    block = get_object_or_404(Block.objects.select_related("methodology"), pk=block_pk)
    return _save_criterion(request, block, None)


@requires(Capability.EDIT_METHODOLOGY)
def criterion_edit(request, pk):
    criterion = get_object_or_404(Criterion.objects.select_related("block__methodology"), pk=pk)
    return _save_criterion(request, criterion.block, criterion)


@require_POST
@requires(Capability.EDIT_METHODOLOGY)
def criterion_delete(request, pk):
    criterion = get_object_or_404(Criterion.objects.select_related("block__methodology"), pk=pk)
    back = reverse("reports:methodology_detail", args=[criterion.block.methodology_id])
    if page := ask_first(request, _("Удалить критерий?"), cancel_url=back):
        return page
    try:
        services.remove_criterion(by=request.user, criterion=criterion)
    except services.MethodologyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Критерий удалён."))
    return redirect("reports:methodology_detail", criterion.block.methodology_id)


def _state_change(request, pk, service, done, question):
    methodology = _methodology(pk)
    back = reverse("reports:methodology_detail", args=[pk])
    if page := ask_first(request, question, cancel_url=back):
        return page
    try:
        service(by=request.user, methodology=methodology)
    except services.MethodologyError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("reports:methodology_detail", pk)


@require_POST
@requires(Capability.APPROVE_METHODOLOGY)
def methodology_approve(request, pk):
    question = _("Утвердить методику? После утверждения её нельзя изменить.")
    return _state_change(
        request, pk, services.approve_methodology, _("Методика утверждена."), question
    )


@require_POST
@requires(Capability.APPROVE_METHODOLOGY)
def methodology_retire(request, pk):
    return _state_change(
        request,
        pk,
        services.retire_methodology,
        _("Методика перенесена в архив."),
        _("Перенести методику в архив? Сохранённые оценки останутся."),
    )


@require_POST
@requires(Capability.EDIT_METHODOLOGY)
def methodology_new_version(request, pk):
    source = _methodology(pk)
    try:
        copy = services.new_version(by=request.user, methodology=source)
    except services.MethodologyError as error:
        return _refused(request, error, reverse("reports:methodology_detail", args=[source.pk]))
    messages.success(
        request, _("Создан черновик версии %(v)s: измените его и утвердите.") % {"v": copy.version}
    )
    return redirect("reports:methodology_detail", copy.pk)
