"""Every URL of accounts/people_urls.py with the status each access level gets. `w.head` is
school A's head: in the office's subtree, so its staff manage the account; heads manage
nobody. POST cases send an empty body."""

STAFF = {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}
STAFF_POST = {"anonymous": 302, "head_a": 403, "head_b": 403, "office": 302, "admin": 302}

CASES = [
    {"name": "people:list", "args": lambda w: [], "method": "get", "expect": STAFF},
    {"name": "people:invite", "args": lambda w: [], "method": "get", "expect": STAFF},
    {
        "name": "people:invite",
        "args": lambda w: [],
        "method": "post",
        "expect": {**STAFF, "office": 400, "admin": 400},
    },
    {"name": "people:detail", "args": lambda w: [w.head.pk], "method": "get", "expect": STAFF},
    {
        "name": "people:change_role",
        "args": lambda w: [w.head.pk],
        "method": "post",
        "expect": {**STAFF, "office": 400, "admin": 400},
    },
    {
        "name": "people:resend_invitation",
        "args": lambda w: [w.head.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        "name": "people:send_reset",
        "args": lambda w: [w.head.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        "name": "people:deactivate",
        "args": lambda w: [w.head.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        "name": "people:reactivate",
        "args": lambda w: [w.head.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
    # The link from an invitation: public; a forged one shows the Russian explanation.
    {
        "name": "set_password",
        "args": lambda w: ["MQ", "bad-token"],
        "method": "get",
        "expect": {"anonymous": 200, "head_a": 200, "head_b": 200, "office": 200, "admin": 200},
    },
]
