from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Неверное имя пользователя или пароль."),
        "inactive": _("Учётная запись отключена."),
    }


def _organizations():
    """The Organization model, reached through User (accounts imports no other app)."""
    from .models import User

    return User._meta.get_field("organization").related_model.objects


def _role_choices(user):
    from .policy import grantable_roles

    return [(role.value, role.label) for role in grantable_roles(user)]


class InviteForm(forms.Form):
    last_name = forms.CharField(label=_("Фамилия"), max_length=150)
    first_name = forms.CharField(label=_("Имя"), max_length=150)
    middle_name = forms.CharField(label=_("Отчество"), max_length=150, required=False)
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Электронная почта"),
        help_text=_("На неё придёт ссылка для входа; она же будет именем пользователя."),
    )
    role = forms.ChoiceField(label=_("Роль"))
    organization = forms.ModelChoiceField(
        label=_("Организация"),
        queryset=None,
        required=False,
        help_text=_("Для руководителя — его организация; для сотрудника — его управление."),
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(by)
        self.fields["organization"].queryset = _organizations().visible_to(by).active()


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Роль"))
    organization = forms.ModelChoiceField(label=_("Организация"), queryset=None, required=False)

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(by)
        self.fields["organization"].queryset = _organizations().visible_to(by).active()
