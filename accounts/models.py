from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Администратор")
    OFFICE = "office", _("Сотрудник управления образования")
    SCHOOL_HEAD = "school_head", _("Руководитель организации")


class User(AbstractUser):
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices, default=Role.SCHOOL_HEAD)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("организация"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_(
            "Для руководителя — его организация; для сотрудника — управление, "
            "организации которого он видит."
        ),
    )
    middle_name = models.CharField(_("отчество"), max_length=150, blank=True)
    position = models.CharField(_("должность"), max_length=200, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("пользователь")
        verbose_name_plural = _("пользователи")
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="school_head") | Q(organization__isnull=False),
                name="user_school_head_has_organization",
                violation_error_message=_("У руководителя должна быть указана организация."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        full = " ".join(p for p in (self.last_name, self.first_name, self.middle_name) if p)
        return full or self.username

    @property
    def is_admin(self):
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def is_office(self):
        return self.role == Role.OFFICE

    @property
    def is_school_head(self):
        return self.role == Role.SCHOOL_HEAD and not self.is_superuser
