"""Every URL of obligations/urls.py with the status each access level gets.

`w.obligation` is school A's obligation (in progress, one local act with a file), so head A
may fill it in, head B must not even learn it exists (404), and staff may review it. POST
cases send an empty body.
"""

ANON = 302
STAFF_ONLY = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}
STAFF_POST = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 302, "admin": 302}
# Staff see school A's obligation (they review it) but do not fill it in: 403.
A_FILLS_IN = {"anonymous": ANON, "head_a": 302, "head_b": 404, "office": 403, "admin": 403}
OWN_NOTICE = {"anonymous": ANON, "head_a": 302, "head_b": 404, "office": 404, "admin": 404}
A_AND_STAFF_READ = {"anonymous": ANON, "head_a": 200, "head_b": 404, "office": 200, "admin": 200}

CASES = [
    {
        "name": "obligations:my_organization",
        "args": lambda w: [],
        "method": "get",
        "expect": {"anonymous": ANON, "head_a": 200, "head_b": 200, "office": 403, "admin": 403},
    },
    {
        # The whole roadmap, read-only, with the organization's own obligations marked.
        "name": "obligations:my_roadmap",
        "args": lambda w: [],
        "method": "get",
        "expect": {"anonymous": ANON, "head_a": 200, "head_b": 200, "office": 403, "admin": 403},
    },
    {"name": "obligations:summary", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {"name": "obligations:matrix", "args": lambda w: [], "method": "get", "expect": STAFF_ONLY},
    {
        "name": "obligations:review_queue",
        "args": lambda w: [],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:bulk_accept",
        "args": lambda w: [],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        # Redirects to the next submission to review, or to the queue when none is left.
        "name": "obligations:review_next",
        "args": lambda w: [],
        "method": "get",
        "expect": {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 302, "admin": 302},
    },
    {
        "name": "obligations:bulk_progress",
        "args": lambda w: [],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        "name": "obligations:detail",
        "args": lambda w: [w.obligation.pk],
        "method": "get",
        "expect": A_AND_STAFF_READ,
    },
    {
        "name": "obligations:evidence_add",
        "args": lambda w: [w.obligation.pk],
        "method": "post",
        "expect": {**A_FILLS_IN, "head_a": 400},  # empty form shown again with errors
    },
    {
        "name": "obligations:evidence_remove",
        "args": lambda w: [w.obligation.pk, w.evidence.pk],
        "method": "post",
        "expect": A_FILLS_IN,
    },
    {
        "name": "obligations:evidence_replace_file",
        "args": lambda w: [w.obligation.pk, w.evidence.pk],
        "method": "post",
        "expect": A_FILLS_IN,
    },
    {
        "name": "obligations:set_progress",
        "args": lambda w: [w.obligation.pk],
        "method": "post",
        "expect": A_FILLS_IN,
    },
    {
        "name": "obligations:submit",
        "args": lambda w: [w.obligation.pk],
        "method": "post",
        "expect": A_FILLS_IN,
    },
    {
        "name": "obligations:review",
        "args": lambda w: [w.obligation.pk],
        "method": "post",
        "expect": {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 400, "admin": 400},
    },
    {
        "name": "obligations:file",
        "args": lambda w: [w.evidence_file.pk],
        "method": "get",
        "expect": A_AND_STAFF_READ,
    },
    {
        "name": "obligations:organization",
        "args": lambda w: [w.school_a.pk],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:chase_organization",
        "args": lambda w: [w.school_a.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        "name": "obligations:organization_zip",
        "args": lambda w: [w.school_a.pk],
        "method": "get",
        "expect": A_AND_STAFF_READ,
    },
    {
        "name": "obligations:chase_activity",
        "args": lambda w: [w.activity.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        # GET asks to confirm, saying whom it would remind; POST sends.
        "name": "obligations:chase_activity",
        "args": lambda w: [w.activity.pk],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:chase_roadmap",
        "args": lambda w: [w.roadmap.pk],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:chase_roadmap",
        "args": lambda w: [w.roadmap.pk],
        "method": "post",
        "expect": STAFF_POST,
    },
    {
        "name": "obligations:activity_zip",
        "args": lambda w: [w.activity.pk],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    # The bell: everyone signed in has notices; `w.notice` is head A's own.
    {
        "name": "obligations:notices",
        "args": lambda w: [],
        "method": "get",
        "expect": {**STAFF_ONLY, "head_a": 200, "head_b": 200},
    },
    {
        "name": "obligations:notices_read_all",
        "args": lambda w: [],
        "method": "post",
        "expect": {**STAFF_POST, "head_a": 302, "head_b": 302},
    },
    {
        "name": "obligations:notice_settings",
        "args": lambda w: [],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:notice_open",
        "args": lambda w: [w.notice.pk],
        "method": "get",
        "expect": OWN_NOTICE,
    },
    {
        "name": "obligations:notice_read",
        "args": lambda w: [w.notice.pk],
        "method": "post",
        "expect": OWN_NOTICE,
    },
    # Excel downloads of the office's lists: staff only (a head gets 403, another
    # district's organization 404, see test_exports.py).
    {
        "name": "obligations:review_queue_xlsx",
        "args": lambda w: [],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:summary_xlsx",
        "args": lambda w: [],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:overdue_xlsx",
        "args": lambda w: [],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:matrix_xlsx",
        "args": lambda w: [],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    {
        "name": "obligations:organization_xlsx",
        "args": lambda w: [w.school_a.pk],
        "method": "get",
        "expect": STAFF_ONLY,
    },
    # The search box: every signed-in role, each within what it may see (test_search.py).
    {
        "name": "obligations:search",
        "args": lambda w: [],
        "method": "get",
        "expect": {**STAFF_ONLY, "head_a": 200, "head_b": 200},
    },
]
