"""The mapping form of the import preview: which column holds what, which row is the header,
which rows are stages or not activities at all. The user's word wins over the importer's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .editions import MATCH, NEW_PROGRAMME
from .forms import ImportOptionsForm
from .importers import MARK_SKIP, MARK_STAGE, Layout, layout_with_columns

IGNORE = "ignore"
COLUMN_CHOICES = [
    (IGNORE, _("— не использовать")),
    ("activity", _("Мероприятие")),
    ("number", _("Номер")),
    ("stage", _("Этап")),
    ("result", _("Результат")),
    ("deadline", _("Срок")),
    ("responsible", _("Ответственные")),
]
MARK_CHOICES = [("", "—"), (MARK_STAGE, _("Этап")), (MARK_SKIP, _("Не мероприятие"))]
HEADER_CANDIDATES = 40  # the header is among the first rows
MARKABLE_ROWS = 300  # rows shown with a mark: enough for a real order, light for a browser


def _row_label(index, row):
    text = " | ".join(cell for cell in row if cell)
    return _("Строка %(n)s: %(text)s") % {"n": index + 1, "text": text[:60] or "—"}


class ColumnMappingForm(forms.Form):
    def __init__(self, *args, raw, layout: Layout, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.raw = raw
        self.width = max((len(row) for row in raw.rows), default=0)
        by_column = {column: meaning for meaning, column in layout.columns.items()}
        header_choices = [("", _("Нет строки заголовков"))] + [
            (str(index), _row_label(index, row))
            for index, row in enumerate(raw.rows[:HEADER_CANDIDATES])
        ]
        self.fields["header_row"] = forms.ChoiceField(
            label=_("Строка заголовков"),
            choices=header_choices,
            required=False,
            initial="" if layout.header_row is None else str(layout.header_row),
        )
        for column in range(self.width):
            self.fields[f"column_{column}"] = forms.ChoiceField(
                label=_("Столбец %(n)s") % {"n": column + 1},
                choices=COLUMN_CHOICES,
                initial=by_column.get(column, IGNORE),
            )
        for index in range(min(len(raw.rows), MARKABLE_ROWS)):
            self.fields[f"mark_{index}"] = forms.ChoiceField(
                label=_("Строка %(n)s") % {"n": index + 1},
                choices=MARK_CHOICES,
                required=False,
                initial=marks.get(index, ""),
            )

    @property
    def column_fields(self):
        return [self[f"column_{column}"] for column in range(self.width)]

    def rows_with_marks(self):
        """(row number, mark field, cells) for the rows shown."""
        for index, row in enumerate(self.raw.rows[:MARKABLE_ROWS]):
            cells = list(row) + [""] * (self.width - len(row))
            yield index + 1, self[f"mark_{index}"], cells

    def clean(self):
        data = super().clean()
        columns = {}
        for column in range(self.width):
            meaning = data.get(f"column_{column}")
            if not meaning or meaning == IGNORE:
                continue
            if meaning in columns:
                label = dict(COLUMN_CHOICES)[meaning]
                raise forms.ValidationError(
                    _("«%(meaning)s» выбрано для двух столбцов (%(a)s и %(b)s): оставьте один.")
                    % {"meaning": label, "a": columns[meaning] + 1, "b": column + 1}
                )
            columns[meaning] = column
        if "activity" not in columns:
            raise forms.ValidationError(_("Укажите столбец с мероприятиями."))
        data["columns"] = columns
        return data

    def layout(self) -> Layout:
        header = self.cleaned_data.get("header_row")
        header_row = int(header) if header not in (None, "") else None
        return layout_with_columns(self.raw.rows, header_row, self.cleaned_data["columns"])

    def marks(self) -> dict[int, str]:
        return {
            index: mark
            for index in range(min(len(self.raw.rows), MARKABLE_ROWS))
            if (mark := self.cleaned_data.get(f"mark_{index}"))
        }


class ImportSaveForm(ImportOptionsForm):
    """The options of the preview, and whether the file is a new edition of a programme."""

    def __init__(self, *args, roadmaps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.roadmaps = {str(roadmap.pk): roadmap for roadmap in roadmaps}
        self.fields["edition"] = forms.ChoiceField(
            label=_("Программа"),
            required=False,
            initial=MATCH,
            choices=[
                (MATCH, _("Определить по наименованию и органу")),
                (NEW_PROGRAMME, _("Новая программа")),
            ]
            + [
                (pk, _("Новая редакция: %(roadmap)s") % {"roadmap": roadmap.full_title})
                for pk, roadmap in self.roadmaps.items()
            ],
        )

    def save_options(self):
        options = super().save_options()
        choice = self.cleaned_data.get("edition") or MATCH
        options["edition_of"] = self.roadmaps.get(choice, choice)
        return options
