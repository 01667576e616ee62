"""Staff pages for the indicator set: the list for a year, add, change, retire."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Capability, requires
from mentorship_portal.params import parse_year

from .. import history, indicators
from ..forms.indicators import IndicatorForm
from ..models import Indicator
from .returns import _check_year, current_year


@requires(Capability.MANAGE_MONITORING)
def indicator_list(request):
    year = request.GET.get("year", "")
    rows = Indicator.objects.select_related("denominator").prefetch_related(
        "not_above", "sum_of", "numerator"
    )
    chosen = parse_year(year)
    if chosen:
        _check_year(chosen)
        rows = rows.for_year(chosen)
    context = {
        "indicators": rows.order_by("position", "code"),
        "chosen": chosen,
        "years": range(current_year(), current_year() - 6, -1),
        "retire_year": current_year() - 1,
    }
    return render(request, "reports/indicators/indicator_list.html", context)


def _form_page(request, form, indicator=None, status=200):
    return render(
        request,
        "reports/indicators/indicator_form.html",
        {
            "form": form,
            "indicator": indicator,
            "changes": history.indicator_changes(indicator) if indicator else [],
        },
        status=status,
    )


@requires(Capability.MANAGE_MONITORING)
def indicator_add(request):
    form = IndicatorForm(request.POST or None, initial={"first_year": current_year()})
    if request.method != "POST":
        return _form_page(request, form)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        indicator = indicators.create_indicator(by=request.user, **form.values())
    except indicators.IndicatorError as error:
        messages.error(request, str(error))
        return _form_page(request, form, status=409)
    messages.success(request, _("Показатель %(code)s добавлен.") % {"code": indicator.code})
    return redirect("reports:indicators")


@requires(Capability.MANAGE_MONITORING)
def indicator_edit(request, pk):
    indicator = get_object_or_404(Indicator, pk=pk)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method != "POST":
        return _form_page(request, form, indicator)
    if not form.is_valid():
        return _form_page(request, form, indicator, status=400)
    try:
        indicators.update_indicator(indicator=indicator, by=request.user, **form.values())
    except indicators.IndicatorError as error:
        messages.error(request, str(error))
        return _form_page(request, form, indicator, status=409)
    messages.success(request, _("Показатель %(code)s изменён.") % {"code": indicator.code})
    return redirect("reports:indicators")


@require_POST
@requires(Capability.MANAGE_MONITORING)
def indicator_retire(request, pk):
    indicator = get_object_or_404(Indicator, pk=pk)
    last_year = parse_year(request.POST.get("last_year"))
    if last_year is None:
        messages.error(request, _("Укажите последний год, за который собирается показатель."))
        return redirect("reports:indicators")
    try:
        indicators.retire_indicator(indicator=indicator, by=request.user, last_year=last_year)
        messages.success(
            request,
            _("Показатель %(code)s собирается по %(year)s год.")
            % {"code": indicator.code, "year": last_year},
        )
    except indicators.IndicatorError as error:
        messages.error(request, str(error))
    return redirect("reports:indicators")
