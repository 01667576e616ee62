"""Every URL of reports/urls.py (the dashboard, the annual report and its downloads) with
the status each access level gets: staff only; a school head gets 403. ENTRY_CASES: the
data-entry pages (returns, the local-act package); `submitted_return` gives school A a 2024
return waiting for review."""

ANON = 302
STAFF_ONLY = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}

CASES = [
    {"name": "reports:dashboard", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {"name": "reports:obligations", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {"name": "reports:annual", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    # The note and the details of the office at the top of what the user sees; empty texts are
    # a valid note. An administrator's top is every root, which has no office: 404 there, and
    # the office's own report (`?node=`) takes its texts.
    *(
        {
            "name": name,
            "args": lambda w: [],
            "method": "post",
            "expect": {**STAFF_ONLY, "office": 302, "admin": 404},
        }
        for name in ("reports:annual_note", "reports:annual_details")
    ),
    *(
        {
            "name": name,
            "args": lambda w: [],
            "query": lambda w: f"node={w.school_a.parent_id}",
            "method": "post",
            "expect": {**STAFF_ONLY, "office": 302, "admin": 302},
        }
        for name in ("reports:annual_note", "reports:annual_details")
    ),
    {
        "name": "reports:annual_download",
        "args": lambda w: ["xlsx"],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    # The drill-down (organizations/scope.py): a node inside the office's subtree is shown, the
    # region above it is another office's business for district staff (404).
    *(
        {
            "name": name,
            "args": args,
            "query": query,
            "method": "get",
            "expect": expect,
        }
        for name, args in (
            ("reports:dashboard", lambda w: []),
            ("reports:obligations", lambda w: []),
            ("reports:annual", lambda w: []),
            ("reports:annual_download", lambda w: ["xlsx"]),
        )
        for query, expect in (
            (lambda w: f"node={w.school_a.pk}", STAFF_ONLY),
            (lambda w: f"node={w.school_a.parent.parent_id}", {**STAFF_ONLY, "office": 404}),
        )
    ),
]

SIGNED_IN = {"anonymous": ANON, "head_a": 200, "head_b": 200, "office": 200, "admin": 200}
REDIRECTED = {"anonymous": ANON, "head_a": 302, "head_b": 302, "office": 302, "admin": 302}
STAFF_POST = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 302, "admin": 302}
A_AND_STAFF_READ = {"anonymous": ANON, "head_a": 200, "head_b": 404, "office": 200, "admin": 200}
YEAR = 2024


def submitted_return(w):
    from reports import returns

    from .return_data import school_entries

    head_a = w.users["head_a"]
    indicator_return, _ = returns.submit_return(
        organization=w.school_a, year=YEAR, by=head_a, entries=school_entries()
    )
    return indicator_return.pk


ENTRY_CASES = [
    {"name": "reports:my_return", "args": lambda w: [], "method": "get", "expect": REDIRECTED},
    {
        "name": "reports:my_return_for_year",
        "args": lambda w: [YEAR],
        "method": "get",
        "expect": REDIRECTED,
    },
    {"name": "reports:returns", "args": lambda w: [YEAR], "method": "get", "expect": STAFF_ONLY},
    {
        "name": "reports:return",
        "args": lambda w: [YEAR, w.school_a.pk],
        "method": "get",
        "expect": A_AND_STAFF_READ,
    },
    {
        "name": "reports:return_review",
        "args": lambda w: [submitted_return(w)],
        "method": "post",
        # An empty decision: the page again with the message (400).
        "expect": {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 400, "admin": 400},
    },
    {
        "name": "reports:return_by_id",
        "args": lambda w: [submitted_return(w)],
        "method": "get",
        "expect": {**REDIRECTED, "head_b": 404},
    },
    {"name": "reports:my_package", "args": lambda w: [], "method": "get", "expect": SIGNED_IN},
    {"name": "reports:package", "args": lambda w: [YEAR], "method": "get", "expect": SIGNED_IN},
    {
        "name": "reports:package_settings",
        "args": lambda w: [],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "reports:package_settings_save",
        "args": lambda w: [],
        "method": "post",
        "expect": STAFF_POST,
    },
]
CASES += ENTRY_CASES

YEAR_CASES = [
    {"name": "reports:years", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {
        "name": "reports:year_close",
        "args": lambda w: [w.school_a.parent_id, 2022],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        "name": "reports:year_reopen",
        "args": lambda w: [w.school_a.parent_id, 2022],
        "method": "post",
        "expect": {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 403, "admin": 302},
    },
]
CASES += YEAR_CASES
CASES.append(
    {
        "name": "reports:roadmap_first_year",
        "args": lambda w: [w.roadmap.pk],
        "method": "post",
        # Empty: back to the default; the roadmap page again.
        "expect": {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 302, "admin": 302},
    }
)


def _pr01(w):
    from reports.models import Indicator

    return Indicator.objects.get(code="PR01").pk


CASES += [
    {"name": "reports:indicators", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {"name": "reports:indicator_add", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {
        "name": "reports:indicator_edit",
        "args": lambda w: [_pr01(w)],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "reports:indicator_retire",
        "args": lambda w: [_pr01(w)],
        "method": "post",
        "expect": STAFF_POST,
    },
]
