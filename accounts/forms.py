from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Неверное имя пользователя или пароль."),
        "inactive": _("Учётная запись отключена."),
    }
