from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Администратор")
    OFFICE = "office", _("Сотрудник управления образования")
    SCHOOL_HEAD = "school_head", _("Руководитель организации")


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The people `user` may see: administrators everybody; office staff the people of
        their subtree's organizations; anybody else only themselves."""
        if not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        if user.is_office and user.organization_id:
            organizations = self.model._meta.get_field("organization").related_model.objects
            subtree = organizations.subtree_of(user.organization).values("pk")
            return self.filter(organization__in=subtree)
        return self.filter(pk=user.pk)

    def editable_by(self, user):
        """The people `user` may manage: never themselves; staff never an administrator."""
        if not user.is_authenticated or not (user.is_admin or user.is_office):
            return self.none()
        editable = self.visible_to(user).exclude(pk=user.pk)
        if not user.is_admin:
            editable = editable.exclude(role=Role.ADMIN).exclude(is_superuser=True)
        return editable

    def with_email(self, email):
        return self.filter(email__iexact=email.strip())


class PortalUserManager(UserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True


class User(AbstractUser):
    role = models.CharField(
        _("роль"), max_length=20, choices=Role.choices, default=Role.SCHOOL_HEAD
    )
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

    objects = PortalUserManager()

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


class UserAction(models.TextChoices):
    INVITED = "invited", _("Приглашён")
    INVITATION_RESENT = "invitation_resent", _("Приглашение отправлено повторно")
    PASSWORD_RESET_SENT = "password_reset_sent", _("Отправлена ссылка для смены пароля")
    PASSWORD_SET = "password_set", _("Пароль задан по ссылке")
    DEACTIVATED = "deactivated", _("Учётная запись отключена")
    REACTIVATED = "reactivated", _("Учётная запись включена")
    ROLE_CHANGED = "role_changed", _("Изменена роль")
    DETAILS_CHANGED = "details_changed", _("Изменены сведения")


class UserEvent(models.Model):
    """One change of a person's account: who did it, when, what it was before and after."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("пользователь"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("когда"), default=timezone.now)
    action = models.CharField(_("действие"), max_length=30, choices=UserAction.choices)
    before = models.CharField(_("было"), max_length=300, blank=True)
    after = models.CharField(_("стало"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("изменение учётной записи")
        verbose_name_plural = _("история учётных записей")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"], name="user_event_at")]

    def __str__(self):
        return f"{self.user_id} {self.get_action_display()} {self.at:%d.%m.%Y %H:%M}"


class PasswordResetRequestQuerySet(models.QuerySet):
    def since(self, moment):
        return self.filter(requested_at__gte=moment)

    def from_address(self, address):
        return self.filter(address=address)

    def for_email(self, email):
        return self.filter(email=email.strip().lower())


class PasswordResetRequest(models.Model):
    """One request of a password-reset e-mail, kept briefly to throttle them by address and
    by account (counted on the e-mail as typed, so a refusal reveals no account)."""

    address = models.GenericIPAddressField(_("адрес"), null=True, blank=True)
    email = models.CharField(_("эл. почта"), max_length=254)
    requested_at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)

    objects = PasswordResetRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("запрос восстановления пароля")
        verbose_name_plural = _("запросы восстановления пароля")
        indexes = [
            models.Index(fields=["address", "requested_at"], name="reset_by_address"),
            models.Index(fields=["email", "requested_at"], name="reset_by_email"),
        ]

    def __str__(self):
        return f"{self.email} {self.address} {self.requested_at:%d.%m.%Y %H:%M}"
