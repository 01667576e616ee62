"""Every URL of jobs/urls.py with the status each access level gets.

`w.job` is a finished activity ZIP asked for by office staff: only they may see it; everybody
else gets 404, as for any object that is not theirs.
"""

ANON = 302
OWNER_ONLY = {"anonymous": ANON, "head_a": 404, "head_b": 404, "office": 200, "admin": 404}

CASES = [
    {
        "name": "jobs:list",
        "args": lambda w: [],
        "method": "get",
        "expect": {"anonymous": ANON, "head_a": 200, "head_b": 200, "office": 200, "admin": 200},
    },
    {
        # An empty form: staff are sent back with a message, heads may not zip an activity.
        "name": "jobs:start",
        "args": lambda w: ["obligations.activity_zip"],
        "method": "post",
        "expect": {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 302, "admin": 302},
    },
    {"name": "jobs:detail", "args": lambda w: [w.job.pk], "method": "get", "expect": OWNER_ONLY},
    {"name": "jobs:download", "args": lambda w: [w.job.pk], "method": "get", "expect": OWNER_ONLY},
]
