import calendar
import json
import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mentorship_portal.dates import FIRST_YEAR, LAST_YEAR, date_field, year_allowed
from mentorship_portal.forms import upload_limit_bytes

from .deadlines import DEADLINE_FIELDS, FIELDS_BY_KIND
from .importers import SUPPORTED_EXTENSIONS
from .models import Activity, DeadlineKind, PartyKind, Recurrence

_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4}))?\s*$")


def parse_years(text):
    """(first, last) from "2020-2024" or "2021"; None when the text is not a year range."""
    found = _YEARS.match(text or "")
    if not found:
        return None
    first = int(found.group(1))
    last = int(found.group(2) or first)
    return first, last


class ImportOptionsForm(forms.Form):
    """What the file's heading may lack or get wrong; empty fields keep the heading's value."""

    title = forms.CharField(label=_("Наименование"), required=False, max_length=1000)
    years = forms.CharField(
        label=_("Годы реализации"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "2020-2024"}),
    )
    order_number = forms.CharField(label=_("Номер приказа"), required=False, max_length=50)
    order_date = date_field(_("Дата приказа"))

    def clean_years(self):
        text = self.cleaned_data["years"].strip()
        if not text:
            return None
        years = parse_years(text)
        if years is None:
            raise forms.ValidationError(_("Укажите годы так: 2020-2024."))
        first, last = years
        if last < first:
            raise forms.ValidationError(_("Последний год не может быть раньше первого."))
        if not (year_allowed(first) and year_allowed(last)):
            raise forms.ValidationError(
                _("Укажите годы от %(first)d до %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return years

    def save_options(self):
        """Keyword arguments for save_imported_roadmap (None: use what the file says)."""
        data = self.cleaned_data
        first, last = data["years"] or (None, None)
        return {
            "title": data["title"] or None,
            "first_year": first,
            "last_year": last,
            "order_number": data["order_number"] or None,
            "order_date": data["order_date"],
        }


class RoadmapUploadForm(ImportOptionsForm):
    file = forms.FileField(
        label=_("Файл дорожной карты (.xlsx, .docx или .pdf)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUPPORTED_EXTENSIONS)}),
    )

    field_order = ["file", "title", "years", "order_number", "order_date"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = PurePath(upload.name).suffix.lower()
        if extension not in SUPPORTED_EXTENSIONS:
            raise forms.ValidationError(
                _("Загрузите файл .xlsx, .docx или .pdf (получен «%(name)s»).")
                % {"name": upload.name}
            )
        if upload.size > upload_limit_bytes():
            raise forms.ValidationError(
                _("Файл больше %(mb)s МБ.") % {"mb": settings.UPLOAD_MAX_MB}
            )
        return upload


EDITABLE_KINDS = [choice for choice in DeadlineKind.choices if choice[0] != DeadlineKind.UNKNOWN]
# What a field holds when its kind does not use it (the model's defaults).
_CLEARED = {
    "start": None,
    "end": None,
    "recurrence": "",
    "yearly_day": 31,
    "yearly_month": 12,
    "event_date": None,
    "days_after_event": 0,
}
_MISSING = {
    "start": _("Для этого типа срока укажите начало."),
    "end": _("Для этого типа срока укажите окончание."),
    "recurrence": _("Укажите периодичность."),
    "yearly_day": _("Укажите день."),
    "yearly_month": _("Укажите месяц."),
    "event_date": _("Укажите дату события: без неё срок исполнения не определить."),
}


class DeadlineForm(forms.Form):
    """A deadline set by hand: what the parser could not read, or the date of an event."""

    deadline_kind = forms.ChoiceField(label=_("Тип срока"), choices=EDITABLE_KINDS)
    start = date_field(_("Начало"))
    end = date_field(_("Окончание"))
    recurrence = forms.ChoiceField(
        label=_("Периодичность"), choices=Recurrence.choices, required=False
    )
    yearly_day = forms.IntegerField(
        label=_("Ежегодно: день"), min_value=1, max_value=31, required=False
    )
    yearly_month = forms.IntegerField(
        label=_("Ежегодно: месяц"), min_value=1, max_value=12, required=False
    )
    event_date = date_field(_("Дата события"))
    days_after_event = forms.IntegerField(
        label=_("Дней после события"), min_value=0, max_value=3650, required=False
    )

    def __init__(self, *args, responsibility, **kwargs):
        self.responsibility = responsibility
        kwargs.setdefault("prefix", f"deadline-{responsibility.pk}")
        if not args and "data" not in kwargs:
            kwargs.setdefault(
                "initial",
                {
                    "deadline_kind": responsibility.deadline_kind,
                    "start": responsibility.start,
                    "end": responsibility.end,
                    "recurrence": responsibility.recurrence,
                    "yearly_day": responsibility.yearly_day,
                    "yearly_month": responsibility.yearly_month,
                    "event_date": responsibility.event_date,
                    "days_after_event": responsibility.days_after_event,
                },
            )
        super().__init__(*args, **kwargs)

    def fields_by_kind_json(self):
        """roadmap.deadlines.FIELDS_BY_KIND for the script that hides unused fields."""
        return json.dumps(
            {
                kind: {"shown": list(fields.shown), "required": list(fields.required)}
                for kind, fields in FIELDS_BY_KIND.items()
            }
        )

    def clean(self):
        data = super().clean()
        kind = data.get("deadline_kind")
        if kind is None:
            return data
        for name in FIELDS_BY_KIND[kind].required:
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, _MISSING[name])
        start, end = data.get("start"), data.get("end")
        if start and end and end < start and "start" in FIELDS_BY_KIND[kind].shown:
            self.add_error("end", _("Окончание срока не может быть раньше начала."))
        day, month = data.get("yearly_day"), data.get("yearly_month")
        if "yearly_day" in FIELDS_BY_KIND[kind].shown and day and month:
            if day > calendar.monthrange(2024, month)[1]:
                self.add_error("yearly_day", _("В этом месяце нет такого дня."))
        return data

    def deadline_values(self):
        """Keyword arguments for services.update_deadline: the fields the kind does not use
        are cleared, whatever was posted for them."""
        kind = self.cleaned_data["deadline_kind"]
        shown = FIELDS_BY_KIND[kind].shown
        values = {"deadline_kind": kind}
        for name in DEADLINE_FIELDS:
            posted = self.cleaned_data.get(name)
            values[name] = posted if name in shown and posted not in (None, "") else _CLEARED[name]
        return values


ALL_HEADS_CHOICE = "all_heads"


class PartyMatchForm(forms.Form):
    """Match a responsible body as written to an organization, or to "all heads"."""

    target = forms.ChoiceField(label=_("Сопоставить с"))

    def __init__(self, *args, party, organizations, **kwargs):
        self.party = party
        self.organizations = {str(organization.pk): organization for organization in organizations}
        kwargs.setdefault("prefix", f"party-{party.pk}")
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            ("", _("— выберите —")),
            (ALL_HEADS_CHOICE, PartyKind.ALL_HEADS.label),
            (
                _("Организации"),
                [(pk, organization.name) for pk, organization in self.organizations.items()],
            ),
        ]

    def party_values(self):
        """Keyword arguments for services.set_party."""
        target = self.cleaned_data["target"]
        if target == ALL_HEADS_CHOICE:
            return {"kind": PartyKind.ALL_HEADS, "organization": None}
        return {"kind": PartyKind.ORGANIZATION, "organization": self.organizations[target]}


class CarryOverForm(forms.Form):
    """One pair: a new edition's activity and the previous edition's it carries over from."""

    activity = forms.ModelChoiceField(label=_("Мероприятие новой редакции"), queryset=None)
    source = forms.ModelChoiceField(
        label=_("Переносит работу мероприятия прежней редакции"),
        queryset=None,
        required=False,
        empty_label=_("— без переноса —"),
    )

    def __init__(self, *args, roadmap, **kwargs):
        super().__init__(*args, **kwargs)
        activities = Activity.objects.select_related("stage").order_by(
            "stage__position", "position"
        )
        self.fields["activity"].queryset = activities.filter(stage__roadmap=roadmap)
        self.fields["source"].queryset = activities.filter(stage__roadmap=roadmap.previous_edition)
        for name in ("activity", "source"):
            self.fields[name].label_from_instance = lambda a: f"{a.label} {a.title[:90]}"
