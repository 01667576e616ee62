"""Presentation helpers for forms shared by every app."""

from django import forms
from django.conf import settings


def upload_limit_bytes():
    """The largest file a form accepts (settings.UPLOAD_MAX_MB), read when asked so that a
    test or a deployment may change it."""
    return settings.UPLOAD_MAX_MB * 1024 * 1024


def with_bootstrap_classes(form, *, small=True):
    """Give a plain form's widgets Bootstrap's classes (filter forms are not rendered by
    crispy, so that they sit in one compact row)."""
    size = "-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.Select | forms.NullBooleanSelect):
            css = f"form-select form-select{size}"
        elif isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        else:
            css = f"form-control form-control{size}"
        current = widget.attrs.get("class", "")
        if css not in current:  # the property may be read many times
            widget.attrs["class"] = f"{current} {css}".strip()
    return form
