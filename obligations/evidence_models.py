"""Evidence: what an organization shows for an obligation (a local act of a given type, a
document, a link or a figure), and the types of local act, which are data. Split from
models.py to keep each file readable; `obligations.models` re-exports every name here."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EvidenceKind(models.TextChoices):
    LOCAL_ACT = "local_act", _("Локальный акт")
    FILE = "file", _("Документ")
    LINK = "link", _("Ссылка")
    FIGURE = "figure", _("Показатель")

    @property
    def own_fields(self):
        """The fields of Evidence that belong to this kind; the others stay empty."""
        return _KIND_FIELDS[self.value]

    @property
    def takes_file(self):
        """Whether a file may be attached: a link is its own evidence, the others may carry one."""
        return self.value != "link"

    @property
    def required(self):
        """What this kind cannot go without: field name → the message when it is missing.
        ("file" is the uploaded file.) The form, the service and the database constraints
        of Evidence say the same; obligations/tests/test_constraints.py holds them together."""
        return _KIND_REQUIRED[self.value]


_KIND_FIELDS = {
    "local_act": ("act_type", "act_number", "act_date"),
    "file": (),
    "link": ("url",),
    "figure": ("figure_value",),
}
_KIND_REQUIRED = {
    "local_act": {"act_type": _("Укажите вид акта."), "act_date": _("Укажите дату акта.")},
    "file": {"file": _("Приложите файл.")},
    "link": {"url": _("Укажите ссылку.")},
    "figure": {"figure_value": _("Укажите значение.")},
}
KIND_FIELDS = ("act_type", "act_number", "act_date", "url", "figure_value")


class ActLevel(models.TextChoices):
    ORGANIZATION = "organization", _("Образовательная организация")
    DISTRICT = "district", _("Муниципальный уровень")


class LocalActTypeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class LocalActType(models.Model):
    """A type of local act (положение, приказ о назначении куратора, …): data, so that staff
    extend the list and choose which types each kind of organization must have."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    name = models.CharField(_("наименование"), max_length=300)
    level = models.CharField(
        _("уровень"), max_length=20, choices=ActLevel.choices, default=ActLevel.ORGANIZATION
    )
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("используется"), default=True)

    objects = LocalActTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("вид локального акта")
        verbose_name_plural = _("виды локальных актов")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user):
        # The obligation model is looked up through the relation: models.py imports this module.
        obligation_model = self.model._meta.get_field("obligation").related_model
        return self.filter(obligation__in=obligation_model.objects.visible_to(user))

    def present(self):
        """Not removed: removed evidence stays in the database (and in the history)."""
        return self.filter(removed_at__isnull=True)

    def for_reporting_year(self, year):
        """Evidence that counts for `year`: decided by when it takes effect, not by upload."""
        return self.filter(effective_date__year=year)


class Evidence(models.Model):
    obligation = models.ForeignKey(
        "obligations.Obligation",
        verbose_name=_("обязательство"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    kind = models.CharField(_("вид"), max_length=20, choices=EvidenceKind.choices)
    title = models.CharField(_("наименование"), max_length=500)
    act_type = models.ForeignKey(
        LocalActType,
        verbose_name=_("вид акта"),
        to_field="code",
        db_column="act_type",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    act_number = models.CharField(_("номер"), max_length=50, blank=True)
    act_date = models.DateField(_("дата акта"), null=True, blank=True)
    url = models.URLField(_("ссылка"), max_length=1000, blank=True)
    figure_value = models.PositiveIntegerField(_("значение"), null=True, blank=True)
    effective_date = models.DateField(
        _("дата вступления в силу"),
        help_text=_("Дата акта или отчёта: определяет отчётный год, в который засчитывается."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("добавил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("добавлено"), auto_now_add=True)
    removed_at = models.DateTimeField(_("удалено"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("удалил"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # The form's one-time token: a repeated post of the same form (a double click, a resent
    # request) finds the evidence it already made instead of adding it twice.
    submission_token = models.UUIDField(_("токен формы"), null=True, blank=True, editable=False)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("подтверждение")
        verbose_name_plural = _("подтверждения")
        ordering = ["obligation", "effective_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_token"], name="evidence_one_per_form_token"
            ),
            models.CheckConstraint(
                condition=~Q(kind="local_act") | Q(act_type__isnull=False, act_date__isnull=False),
                name="evidence_local_act_has_type_and_date",
                violation_error_message=_("У локального акта укажите вид и дату."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(url=""),
                name="evidence_link_has_url",
                violation_error_message=_("Укажите ссылку."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="figure") | Q(figure_value__isnull=False),
                name="evidence_figure_has_value",
                violation_error_message=_("Укажите значение показателя."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def current_file(self):
        files = [f for f in self.files.all() if f.is_current]
        return files[0] if files else None
