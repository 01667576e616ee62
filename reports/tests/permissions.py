"""Every URL of reports/urls.py (the dashboard, the annual report and its downloads) with
the status each access level gets: staff only; a school head gets 403."""

ANON = 302
STAFF_ONLY = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}

CASES = [
    {"name": "reports:dashboard", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {"name": "reports:obligations", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {"name": "reports:annual", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    # The note and the details of the user's own office; empty texts are a valid note.
    {"name": "reports:annual_note", "args": lambda w: [], "method": "post", "expect": {**STAFF_ONLY, "office": 302, "admin": 302}},
    {"name": "reports:annual_details", "args": lambda w: [], "method": "post", "expect": {**STAFF_ONLY, "office": 302, "admin": 302}},
    {"name": "reports:annual_download", "args": lambda w: ["xlsx"], "method": "get", "expect": STAFF_ONLY},
]
