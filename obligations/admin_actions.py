"""Admin actions on the obligation list: set progress, accept, return with a comment.

They call the same services as the portal's pages, so the same rules hold (a staff member
never reviews their own organization's submission; only an organization marks its own
progress; a closed year, an archived obligation or a changed state refuses) and the same
history is written, the same e-mail sent. Each action first shows a page listing what was
chosen, with the revision each row had then: a row that somebody changes in between is
skipped, not acted on unseen. The message afterwards says how many changed, how many were
skipped and why.
"""

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _, gettext_lazy

from accounts.policy import may_fill_in

from . import services
from .models import ObligationStatus

APPLY = "apply"


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Ход выполнения"),
        choices=[
            (ObligationStatus.IN_PROGRESS, ObligationStatus.IN_PROGRESS.label),
            (ObligationStatus.NOT_STARTED, ObligationStatus.NOT_STARTED.label),
        ],
    )


class AcceptForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Комментарий (необязательно)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Что нужно исправить"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Укажите, что нужно исправить.")},
    )


def _set_progress(request, obligation, revision, data):
    if not may_fill_in(request.user, obligation):
        raise services.ObligationError(
            _("ход выполнения отмечает сама организация, пока обязательство открыто")
        )
    services.set_progress(
        obligation=obligation, by=request.user, status=data["status"], revision=revision
    )


def _require_awaiting_review(obligation, revision):
    """Name the real reason for a row that was never on review (the service's own message
    assumes somebody else moved it on)."""
    unchanged = revision is None or revision == obligation.revision
    if unchanged and not obligation.awaits_review:
        raise services.ObligationError(
            _("не на проверке (сейчас: «%(status)s»)") % {"status": obligation.get_status_display()}
        )


def _accept(request, obligation, revision, data):
    _require_awaiting_review(obligation, revision)
    services.accept(
        obligation=obligation, by=request.user, comment=data["comment"], revision=revision
    )


def _return(request, obligation, revision, data):
    _require_awaiting_review(obligation, revision)
    services.return_for_rework(
        obligation=obligation, by=request.user, comment=data["comment"], revision=revision
    )


def _run(modeladmin, request, queryset, *, form_class, attempt, title, button):
    """Show the confirmation page; once it is submitted, act on each row and report."""
    form = form_class(request.POST if APPLY in request.POST else None)
    rows = list(queryset.with_details().order_by("organization__name", "pk"))
    if APPLY in request.POST and form.is_valid():
        _apply(request, rows, attempt, form.cleaned_data)
        return None  # back to the list, with the message
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "button": button,
        "rows": rows,
        "form": form,
        "opts": modeladmin.model._meta,
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
        "apply": APPLY,
    }
    return TemplateResponse(request, "admin/obligations/obligation/action_confirm.html", context)


def _seen_revisions(request):
    revisions = {}
    for key, value in request.POST.items():
        pk = key.removeprefix("revision-")
        if pk != key and pk.isdigit() and value.isdigit():
            revisions[int(pk)] = int(value)
    return revisions


def _apply(request, rows, attempt, data):
    revisions = _seen_revisions(request)
    changed, skipped = 0, Counter()
    for obligation in rows:
        try:
            attempt(request, obligation, revisions.get(obligation.pk), data)
        except services.ObligationError as error:
            skipped[str(error).rstrip(".")] += 1
        else:
            changed += 1
    text = _("Изменено: %(changed)d. Пропущено: %(skipped)d.") % {
        "changed": changed,
        "skipped": sum(skipped.values()),
    }
    if skipped:
        reasons = "; ".join(f"{reason} — {count}" for reason, count in skipped.most_common())
        text += " " + _("Причины: %(reasons)s.") % {"reasons": reasons}
    messages.add_message(request, messages.WARNING if skipped else messages.SUCCESS, text)


@admin.action(description=gettext_lazy("Отметить ход выполнения"), permissions=["review"])
def set_progress(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        form_class=ProgressForm,
        attempt=_set_progress,
        title=_("Отметить ход выполнения"),
        button=_("Отметить"),
    )


@admin.action(description=gettext_lazy("Принять"), permissions=["review"])
def accept(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        form_class=AcceptForm,
        attempt=_accept,
        title=_("Принять подтверждения"),
        button=_("Принять"),
    )


@admin.action(description=gettext_lazy("Вернуть на доработку"), permissions=["review"])
def return_for_rework(modeladmin, request, queryset):
    return _run(
        modeladmin,
        request,
        queryset,
        form_class=ReturnForm,
        attempt=_return,
        title=_("Вернуть на доработку"),
        button=_("Вернуть на доработку"),
    )
