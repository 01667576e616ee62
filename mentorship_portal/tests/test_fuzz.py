"""Random query strings and form fields at every URL of the portal as every role: never a 500
(issue 9). Bounded for the suite (FUZZ_EXAMPLES query strings per URL, each as
all 5 roles, default 3); the closing note's figures come from a larger run:

    FUZZ_EXAMPLES=40 .venv/bin/python -m pytest -s mentorship_portal/tests/test_fuzz.py
"""

import os
import sys
from collections import Counter

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings, strategies as st

from mentorship_portal.tests.test_permissions import CASES, world  # noqa: F401 (fixture)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
NAMES = [
    "year",
    "roadmap",
    "activity",
    "page",
    "ids",
    "sort",
    "status",
    "kind",
    "organization",
    "back",
    "next",
    "revision",
    "decision",
    "comment",
    "title",
    "figure_value",
    "q",
    "x",
]
NUMBERS = st.sampled_from(
    [
        "0",
        "-1",
        "10000",
        "²",
        "٣",
        "1e5",
        "1.5",
        "9" * 5000,
        str(2**63),
        str(2**64),
        "",
        " ",
        "null",
        "%00",
        "\x00",
        "2022",
        "1",
        "2",
    ]
)
VALUES = st.one_of(NUMBERS, st.text(max_size=40), st.integers().map(str))
QUERIES = st.dictionaries(
    st.sampled_from(NAMES) | st.text(min_size=1, max_size=8),
    st.lists(VALUES, min_size=1, max_size=3),
    max_size=4,
)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['method']}-{c['name']}")
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES)
def test_no_url_answers_500_to_random_parameters(client, world, case, query):  # noqa: F811
    url = url_of(case, world)
    client.raise_request_exception = False
    statuses = Counter()
    for level, user in world.users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        with transaction.atomic():
            if case["method"] == "get":
                response = client.get(url, query)
            else:
                response = client.post(url, query)
            transaction.set_rollback(True)
        statuses[response.status_code] += 1
        FIGURES["requests"] += 1
        FIGURES["urls"].add(case["name"])
        FIGURES["roles"].add(level)
        assert response.status_code < 500, (
            case["name"],
            level,
            {k: [v[:40] for v in vs] for k, vs in query.items()},
        )


FIGURES = {"requests": 0, "urls": set(), "roles": set()}


def url_of(case, shared_world):
    """Each case's URL made once per world: some `args` helpers create objects (a submitted
    return), and hypothesis runs many examples against the same world."""
    urls = shared_world.__dict__.setdefault("fuzz_urls", {})
    key = (case["name"], case["method"])
    if key not in urls:
        urls[key] = reverse(case["name"], args=case["args"](shared_world))
    return urls[key]


def teardown_module():
    sys.stdout.write(
        f"\nfuzz: {FIGURES['requests']} requests, {len(FIGURES['roles'])} roles, "
        f"{len(FIGURES['urls'])} URL names ({len(CASES)} URL cases), 0 responses >= 500\n"
    )
