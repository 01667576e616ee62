"""Forms of the annual report page: the analytical note's texts and the year's monitoring
details. Only input and its Russian messages; saving is reports/notes.py's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_FIELDS, ReportNote

DATE_WIDGET = forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "ДД.ММ.ГГГГ"})
NOTE_MAX_LENGTH = 20000


class NoteForm(forms.ModelForm):
    class Meta:
        model = ReportNote
        fields = NOTE_FIELDS
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in NOTE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.max_length = NOTE_MAX_LENGTH
            field.validators.append(forms.fields.validators.MaxLengthValidator(NOTE_MAX_LENGTH))


class YearDetailsForm(forms.Form):
    monitoring_order_number = forms.CharField(
        label=_("Номер приказа о проведении мониторинга"), max_length=50, required=False
    )
    monitoring_order_date = forms.DateField(
        label=_("Дата приказа"), required=False, widget=DATE_WIDGET
    )
    collection_start = forms.DateField(
        label=_("Сбор сведений: с"), required=False, widget=DATE_WIDGET
    )
    collection_end = forms.DateField(label=_("по"), required=False, widget=DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("collection_start"), cleaned.get("collection_end")
        if start and end and end < start:
            self.add_error("collection_end", _("Окончание сбора не может быть раньше начала."))
        return cleaned
