"""Every URL of roadmap/urls.py with the status each access level gets.

Used by the project's URL-walker test: `w` has `roadmap` (the active seed roadmap),
`activity`, `responsibility` and `party`. POST cases send an empty body: a form that fails
validation is shown again (200), a state change answers with a redirect (302).
"""

STAFF_READ = {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}

CASES = [
    {
        # The seed roadmap is no new edition: nothing to carry over, 404 even for an administrator
        # (roadmap/tests/test_carry_over_choice.py covers a real edition).
        "name": "roadmap:carry_over",
        "args": lambda w: [w.roadmap.pk],
        "method": "get",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 403, "admin": 404},
    },
    {
        "name": "roadmap:carry_over",
        "args": lambda w: [w.roadmap.pk],
        "method": "post",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 403, "admin": 404},
    },
    {"name": "roadmap:list", "args": lambda w: [], "method": "get", "expect": STAFF_READ},
    {
        "name": "roadmap:detail",
        "args": lambda w: [w.roadmap.pk],
        "method": "get",
        "expect": STAFF_READ,
    },
    {
        "name": "roadmap:export",
        "args": lambda w: [w.roadmap.pk],
        "method": "get",
        "expect": STAFF_READ,
    },
    {
        "name": "roadmap:activity",
        "args": lambda w: [w.activity.pk],
        "method": "get",
        "expect": STAFF_READ,
    },
    {
        "name": "roadmap:import",
        "args": lambda w: [],
        "method": "get",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 403, "admin": 200},
    },
    {
        # An empty upload: the form comes back with "Обязательное поле".
        "name": "roadmap:import",
        "args": lambda w: [],
        "method": "post",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 403, "admin": 200},
    },
    {
        # Nothing uploaded in this session: back to the upload form.
        "name": "roadmap:import_preview",
        "args": lambda w: [],
        "method": "get",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 403, "admin": 302},
    },
    {
        "name": "roadmap:import_preview",
        "args": lambda w: [],
        "method": "post",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 403, "admin": 302},
    },
    {
        # Already active: a message and a redirect to the roadmap.
        "name": "roadmap:activate",
        "args": lambda w: [w.roadmap.pk],
        "method": "post",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 403, "admin": 302},
    },
    {
        "name": "roadmap:archive",
        "args": lambda w: [w.roadmap.pk],
        "method": "post",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 403, "admin": 302},
    },
    {
        # No deadline kind given: the activity page with the form's errors.
        "name": "roadmap:deadline_edit",
        "args": lambda w: [w.responsibility.pk],
        "method": "post",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 200, "admin": 200},
    },
    {
        "name": "roadmap:party_edit",
        "args": lambda w: [w.party.pk],
        "method": "post",
        "expect": {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 200, "admin": 200},
    },
]
