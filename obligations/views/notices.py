"""The bell's pages: a person's notices (open one: it becomes read and leads to its
obligation; mark one or all read) and their choice of e-mail about submissions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.policy import Capability, can, fetch_for_user, requires

from .. import inbox
from ..forms import MailSettingForm
from ..inbox import Notice

PAGE_SIZE = 30


def _notices(request):
    return Notice.objects.visible_to(request.user)


def notice_list(request):
    notices = _notices(request).with_details().newest_first()
    if request.GET.get("unread") == "1":
        notices = notices.unread()
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "obligations/notices.html",
        {
            "page": page,
            "only_unread": request.GET.get("unread") == "1",
            "may_choose_mail": _may_choose_mail(request.user),
        },
    )


def notice_open(request, pk):
    """Follow a notice: it is read now, and the obligation it is about opens."""
    notice = fetch_for_user(Notice.objects.select_related("obligation"), request.user, pk=pk)
    inbox.mark_read(notice=notice, by=request.user)
    return redirect(notice.obligation)


@require_POST
def notice_read(request, pk):
    notice = fetch_for_user(Notice.objects.all(), request.user, pk=pk)
    inbox.mark_read(notice=notice, by=request.user)
    return redirect("obligations:notices")


@require_POST
def notices_read_all(request):
    count = inbox.mark_all_read(by=request.user)
    if count:
        messages.success(request, _("Отмечено прочитанными: %(count)d.") % {"count": count})
    return redirect("obligations:notices")


def _may_choose_mail(user):
    return can(user, Capability.REVIEW_EVIDENCE)


@requires(Capability.REVIEW_EVIDENCE)
def notice_settings(request):
    """Staff choose how they hear of submissions: at once, in the daily digest, or never."""
    form = MailSettingForm(
        request.POST or None, initial={"submissions": inbox.submission_mail_of(request.user)}
    )
    if request.method == "POST":
        if form.is_valid():
            inbox.set_submission_mail(by=request.user, choice=form.cleaned_data["submissions"])
            messages.success(request, _("Настройки уведомлений сохранены."))
            return redirect("obligations:notice_settings")
        return render(request, "obligations/notice_settings.html", {"form": form}, status=400)
    return render(request, "obligations/notice_settings.html", {"form": form})
