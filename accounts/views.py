"""The account pages Django's own views do not cover as we need."""

from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .services import password_reset_allowed_at, record_password_reset_request
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
