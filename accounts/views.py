"""The account pages Django's own views do not cover as we need."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from .links import LinkState, tokens
from .services import (
    password_reset_allowed_at,
    record_password_reset_request,
    record_password_set,
)
from .throttling import client_ip, minutes_until


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, refusing (429) a flood of requests from one address or for one
    e-mail, so it can be used neither to bomb a mailbox nor to probe accounts at speed."""

    def form_valid(self, form):
        address = client_ip(self.request)
        email = form.cleaned_data["email"]
        allowed_at = password_reset_allowed_at(address=address, email=email)
        if allowed_at is not None:
            return render(
                self.request,
                "registration/password_reset_throttled.html",
                {"minutes_left": minutes_until(allowed_at)},
                status=429,
            )
        record_password_reset_request(address=address, email=email)
        return super().form_valid(form)


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The page an invitation or a staff-sent reset links to: the person chooses a password,
    then signs in with it. A used, superseded or expired link says which, in Russian."""

    token_generator = tokens
    template_name = "accounts/set_password.html"
    reset_url_token = "set-password"
    success_url = reverse_lazy("login")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["validlink"]:
            token = self.kwargs.get("token", "")
            if token == self.reset_url_token:
                token = self.request.session.get(auth_views.INTERNAL_RESET_SESSION_TOKEN, "")
            context["link_state"] = (
                tokens.state(self.user, token) if self.user is not None else LinkState.INVALID
            )
        context["days"] = settings.SET_PASSWORD_LINK_DAYS
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        record_password_set(user=form.user)
        messages.success(
            self.request, _("Пароль задан. Войдите с адресом электронной почты и этим паролем.")
        )
        return response
