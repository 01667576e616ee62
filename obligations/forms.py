import json
import uuid

from django import forms
from django.conf import settings
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from mentorship_portal.dates import date_field
from mentorship_portal.forms import upload_limit_bytes
from mentorship_portal.upload_handlers import client_name

from .inbox import SubmissionMail
from .models import KIND_FIELDS, EvidenceKind, LocalActType, ObligationStatus
from .uploads import allowed_extensions_text, check_upload

MAX_REVISION = BaseDatabaseOperations.integer_field_ranges["PositiveIntegerField"][1]


class UploadField(forms.FileField):
    """A file checked by its content; the result is kept on the form as `checked_upload`."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("Форматы: %(formats)s; не более %(mb)s МБ.")
            % {"formats": allowed_extensions_text(), "mb": settings.UPLOAD_MAX_MB},
        )
        super().__init__(**kwargs)


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид подтверждения"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("Наименование"), max_length=500)
    act_type = forms.ModelChoiceField(
        label=_("Вид локального акта"),
        queryset=LocalActType.objects.active(),
        to_field_name="code",
        empty_label="—",
        required=False,
    )
    act_number = forms.CharField(label=_("Номер акта"), max_length=50, required=False)
    act_date = date_field(_("Дата акта"))
    url = forms.URLField(label=_("Ссылка"), max_length=1000, required=False, assume_scheme="https")
    # The bounds of the column (PositiveIntegerField) on every database, so that 2147483648 or
    # 10^20 is a form error rather than a database overflow.
    figure_value = forms.IntegerField(
        label=_("Значение (количество)"),
        min_value=0,
        max_value=MAX_REVISION,
        required=False,
    )
    effective_date = date_field(
        _("Дата вступления в силу / дата отчёта"),
        help_text=_("Определяет отчётный год. Для акта по умолчанию — дата акта."),
    )
    file = UploadField(label=_("Файл"), required=False)
    # New at each rendering of the empty form; a double click posts the same one twice.
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked_upload = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked_upload = check_upload(
                upload, client_name(upload), max_bytes=upload_limit_bytes()
            )
        return upload

    def clean_act_type(self):
        act_type = self.cleaned_data.get("act_type")
        return act_type.code if act_type else ""

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        required = EvidenceKind(kind).required if kind else {}
        for field, message in required.items():
            if data.get(field) in (None, "") and field not in self.errors:
                self.add_error(field, message)
        return data

    @property
    def fields_by_kind_json(self):
        """Each kind's fields and required fields (EvidenceKind), for the script that shows
        only the chosen kind's fields and marks the required ones."""
        return json.dumps(
            {
                kind.value: {
                    "shown": [*kind.own_fields, *(["file"] if kind.takes_file else [])],
                    "required": list(kind.required),
                }
                for kind in EvidenceKind
            }
        )

    def values(self):
        """The cleaned data as services.add_evidence takes it (defaults are the service's)."""
        data = self.cleaned_data
        fields = ("kind", "title", "effective_date", "file", "submission_token")
        return {name: data[name] for name in fields} | {name: data[name] for name in KIND_FIELDS}


class ReplaceFileForm(forms.Form):
    file = UploadField(label=_("Новая версия файла"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.checked_upload = check_upload(
            upload, client_name(upload), max_bytes=upload_limit_bytes()
        )
        return upload


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Комментарий для управления образования"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_REVISION)


class ReviewForm(forms.Form):
    ACCEPT, RETURN = "accept", "return"
    decision = forms.ChoiceField(
        label=_("Решение"), choices=[(ACCEPT, _("Принять")), (RETURN, _("Вернуть на доработку"))]
    )
    comment = forms.CharField(
        label=_("Комментарий"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Обязателен при возврате: что нужно исправить."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_REVISION)

    @property
    def accepts(self):
        return self.cleaned_data["decision"] == self.ACCEPT

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Укажите, что нужно исправить: комментарий обязателен."))
        return data


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (ObligationStatus.NOT_STARTED, ObligationStatus.NOT_STARTED.label),
            (ObligationStatus.IN_PROGRESS, ObligationStatus.IN_PROGRESS.label),
        ]
    )
    revision = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=MAX_REVISION, required=False
    )


class MailSettingForm(forms.Form):
    submissions = forms.ChoiceField(
        label=_("Письма о том, что организация отправила подтверждения на проверку"),
        choices=SubmissionMail.choices,
        widget=forms.RadioSelect,
    )
