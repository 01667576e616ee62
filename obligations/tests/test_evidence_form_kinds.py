"""The evidence form hands the page each kind's fields and required fields from EvidenceKind,
the one definition the form's validation and the service also read."""

import json
import re

import pytest
from django.urls import reverse

from obligations.forms import EvidenceForm
from obligations.models import EvidenceKind


def test_the_definition_comes_from_the_kinds():
    by_kind = json.loads(EvidenceForm().fields_by_kind_json)
    assert set(by_kind) == {kind.value for kind in EvidenceKind}
    assert by_kind["local_act"]["required"] == ["act_type", "act_date"]
    assert by_kind["link"] == {"shown": ["url"], "required": ["url"]}
    assert by_kind["file"] == {"shown": ["file"], "required": ["file"]}
    for kind in EvidenceKind:
        assert set(by_kind[kind.value]["required"]) <= set(by_kind[kind.value]["shown"])


@pytest.mark.django_db
def test_the_obligation_page_hands_the_definition_to_the_script(head_a_client, one_off_a):
    page = head_a_client.get(reverse("obligations:detail", args=[one_off_a.pk]))
    found = re.search(r'data-fields-by-kind="([^"]+)"', page.content.decode())
    assert found
    text = found.group(1).replace("&quot;", '"')
    assert json.loads(text) == json.loads(EvidenceForm().fields_by_kind_json)
