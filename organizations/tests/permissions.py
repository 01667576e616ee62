"""Every URL of organizations/urls.py with the status each access level gets. `w.school_a`
lies in the office's subtree, so the office's staff manage it; heads manage nothing. POST
cases send an empty body."""

STAFF = {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}
STAFF_POST = {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 302, "admin": 302}

CASES = [
    {"name": "organizations:list", "args": lambda w: [], "method": "get", "expect": STAFF},
    {"name": "organizations:add", "args": lambda w: [], "method": "get", "expect": STAFF},
    {
        "name": "organizations:add",
        "args": lambda w: [],
        "method": "post",
        "expect": {**STAFF, "office": 400, "admin": 400},  # the empty form, with its errors
    },
    {
        "name": "organizations:detail",
        "args": lambda w: [w.school_a.pk],
        "method": "get",
        "expect": STAFF,
    },
    {
        "name": "organizations:edit",
        "args": lambda w: [w.school_a.pk],
        "method": "get",
        "expect": STAFF,
    },
    {
        "name": "organizations:deactivate",
        "args": lambda w: [w.school_a.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        "name": "organizations:reactivate",
        "args": lambda w: [w.school_a.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
]
