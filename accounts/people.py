"""Pages where staff manage people: the list, inviting, one person's page with its actions
and history. HTTP only: the writes are accounts.services, the rules accounts.policy."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mentorship_portal.confirm import ask_first
from mentorship_portal.lists import remember_filters

from . import services
from .filters import UserFilter
from .forms import InviteForm, RoleForm, _organizations
from .models import Role, User
from .policy import Capability, fetch_for_edit, fetch_for_user, may_manage_user, requires

PAGE_SIZE = 50


@requires(Capability.MANAGE_USERS)
@remember_filters
def user_list(request):
    visible = User.objects.visible_to(request.user).select_related("organization")
    filterset = UserFilter(request.GET, queryset=visible)
    page = Paginator(filterset.qs.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    organization_id = filterset.form.cleaned_data.get("organization") if filterset.is_valid() else 0
    organization = (
        _organizations().visible_to(request.user).filter(pk=organization_id).first()
        if organization_id
        else None
    )
    return render(
        request,
        "accounts/people/list.html",
        {"filter": filterset, "page": page, "organization": organization},
    )


@requires(Capability.MANAGE_USERS)
def user_invite(request):
    initial = {"organization": request.GET.get("organization") or None, "role": Role.SCHOOL_HEAD}
    form = InviteForm(_posted(request), by=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invite_user(by=request.user, **form.cleaned_data)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Приглашение отправлено на %(email)s: ссылка действует %(days)s дн.")
                % {"email": user.email, "days": settings.SET_PASSWORD_LINK_DAYS},
            )
            return redirect("people:detail", pk=user.pk)
    status = 400 if form.errors else 200
    return render(request, "accounts/people/invite.html", {"form": form}, status=status)


@requires(Capability.MANAGE_USERS)
def user_detail(request, pk, role_form=None):
    person = fetch_for_user(User.objects.select_related("organization"), request.user, pk=pk)
    manageable = may_manage_user(request.user, person)
    if manageable and role_form is None:
        role_form = RoleForm(
            by=request.user,
            initial={"role": person.role, "organization": person.organization_id},
        )
    events = person.events.select_related("actor")[:100]
    return render(
        request,
        "accounts/people/detail.html",
        {
            "person": person,
            "may_manage": manageable,
            "role_form": role_form if manageable else None,
            "events": events,
        },
        status=400 if role_form is not None and role_form.errors else 200,
    )


@require_POST
@requires(Capability.MANAGE_USERS)
def user_change_role(request, pk):
    person = fetch_for_edit(User.objects, request.user, pk=pk)
    form = RoleForm(request.POST, by=request.user)
    if form.is_valid():
        try:
            services.change_role(user=person, by=request.user, **form.cleaned_data)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Роль и организация сохранены."))
            return redirect("people:detail", pk=person.pk)
    return user_detail(request, pk, role_form=form)


def _action(service, success, question=None):
    @require_POST
    @requires(Capability.MANAGE_USERS)
    def view(request, pk):
        person = fetch_for_edit(User.objects, request.user, pk=pk)
        back = reverse("people:detail", args=[person.pk])
        if question and (page := ask_first(request, question(), cancel_url=back)):
            return page
        try:
            service(user=person, by=request.user)
        except services.AccountError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success())
        return redirect("people:detail", pk=person.pk)

    return view


user_resend_invitation = _action(
    services.resend_invitation,
    lambda: _("Приглашение отправлено ещё раз; прежние ссылки больше не действуют."),
)
user_send_reset = _action(
    services.send_password_reset, lambda: _("Ссылка для смены пароля отправлена.")
)
user_deactivate = _action(
    lambda **kw: services.set_active(active=False, **kw),
    lambda: _("Учётная запись отключена: войти с ней больше нельзя."),
    question=lambda: _(
        "Отключить учётную запись? Пользователь не сможет войти; всё, что он внёс, сохранится."
    ),
)
user_reactivate = _action(
    lambda **kw: services.set_active(active=True, **kw), lambda: _("Учётная запись включена.")
)


def _posted(request):
    """The submitted data, also when empty (an empty form is shown again with its errors)."""
    return request.POST if request.method == "POST" else None
