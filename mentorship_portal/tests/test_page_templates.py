"""Every page has its own title and a breadcrumb trail (or deliberately none: the login page,
the landing page), so that tabs, history and screen readers tell pages apart."""

from pathlib import Path

from django.conf import settings

from mentorship_portal.tests.test_translations import project_templates

BASE = Path(settings.BASE_DIR)


def pages():
    for path in project_templates():
        text = path.read_text(encoding="utf-8")
        if text.lstrip().startswith(('{% extends "base.html" %}', "{% extends 'base.html' %}")):
            yield path, text


def test_every_page_has_a_title_and_breadcrumbs():
    missing = [
        str(path.relative_to(BASE))
        for path, text in pages()
        if "{% block title %}" not in text
        or ("{% block breadcrumbs %}" not in text and "{% block breadcrumbs_wrapper %}" not in text)
    ]
    assert len(list(pages())) > 40
    assert missing == []
