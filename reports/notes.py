"""What staff write on the annual report page before downloading it: the analytical note's
texts (kept with every revision) and the monitoring order and collection window of the year.
Keyword-only atomic services taking the acting user; each records history in the same
transaction."""

from django.db import transaction
from django.utils import timezone

from .models import (
    NOTE_FIELDS,
    ReportingYear,
    ReportNote,
    ReportNoteRevision,
    YearAction,
    YearEvent,
)

YEAR_DETAILS = (
    "monitoring_order_number",
    "monitoring_order_date",
    "collection_start",
    "collection_end",
)


def reporting_year_of(office, year):
    """The office's ReportingYear for `year`, or an unsaved one (nothing written on read)."""
    found = ReportingYear.objects.filter(office=office, year=year).select_related("note").first()
    return found or ReportingYear(office=office, year=year)


def note_of(reporting_year):
    """The note of a reporting year, or an empty unsaved one."""
    if reporting_year.pk is None:
        return ReportNote()
    try:
        return reporting_year.note
    except ReportNote.DoesNotExist:
        return ReportNote(reporting_year=reporting_year)


@transaction.atomic
def save_note(*, office, year, by, texts):
    """Store the note's texts for the office's `year` and a revision with who and when.
    Saving the same texts again records nothing new."""
    reporting_year, _created = ReportingYear.objects.get_or_create(office=office, year=year)
    note, _created = ReportNote.objects.select_for_update().get_or_create(
        reporting_year=reporting_year
    )
    changed = {
        name: texts.get(name, "")
        for name in NOTE_FIELDS
        if texts.get(name, "") != getattr(note, name)
    }
    if not changed:
        return note
    for name, value in changed.items():
        setattr(note, name, value)
    note.updated_by = by
    note.save()
    ReportNoteRevision.objects.create(
        note=note,
        saved_by=by,
        saved_at=timezone.now(),
        **{name: getattr(note, name) for name in NOTE_FIELDS},
    )
    return note


@transaction.atomic
def save_year_details(*, office, year, by, details):
    """Store the monitoring order's number and date and the collection window of `year`, and
    say what changed in the year's history."""
    reporting_year, _created = ReportingYear.objects.select_for_update().get_or_create(
        office=office, year=year
    )
    changed = [name for name in YEAR_DETAILS if details.get(name) != getattr(reporting_year, name)]
    if not changed:
        return reporting_year
    for name in changed:
        setattr(reporting_year, name, details.get(name))
    reporting_year.full_clean()
    reporting_year.save()
    YearEvent.objects.create(
        reporting_year=reporting_year,
        actor=by,
        action=YearAction.EDITED,
        comment=", ".join(
            str(ReportingYear._meta.get_field(name).verbose_name) for name in changed
        ),
    )
    return reporting_year
