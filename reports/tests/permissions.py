"""Every URL of reports/urls.py (the dashboard, the annual report and its downloads) with
the status each access level gets: staff only; a school head gets 403."""

ANON = 302
STAFF_ONLY = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}

CASES = [
    {"name": "reports:dashboard", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {"name": "reports:obligations", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {"name": "reports:annual", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
]
