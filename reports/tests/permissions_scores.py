"""Every URL of reports/urls.py (efficiency part) with the status each access level gets.

`w` is the permission world of mentorship_portal/tests/test_permissions.py; the default
methodology (approved, seeded) stands for methodologies, so editing pages send staff back to
it with a message (302) and approval is the administrator's (staff 403)."""

ANON = 302
STAFF_ONLY = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 200, "admin": 200}
STAFF_REDIRECTED = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 302, "admin": 302}
ADMIN_ONLY_POST = {"anonymous": ANON, "head_a": 403, "head_b": 403, "office": 403, "admin": 302}


def _methodology(w):
    from reports.default_methodology import TITLE
    from reports.models import Methodology

    return Methodology.objects.get(title=TITLE, version=1)


def _criterion(w):
    from reports.models import Criterion

    return Criterion.objects.filter(block__methodology=_methodology(w)).first()


def _score_of_school_a(w):
    """School A's score for 2022 (computed on first use, inside the test's transaction)."""
    from reports import scores
    from reports.models import Score

    if not Score.objects.filter(organization=w.school_a, year=2022).exists():
        scores.compute_scores(by=None, office=w.school_a.parent, year=2022)
    return Score.objects.get(organization=w.school_a, year=2022)


def _case(name, args, method, expect):
    return {"name": f"reports:{name}", "args": args, "method": method, "expect": expect}


CASES = [
    _case("methodology_list", lambda w: [], "get", STAFF_ONLY),
    _case("methodology_create", lambda w: [], "get", STAFF_ONLY),
    _case("methodology_detail", lambda w: [_methodology(w).pk], "get", STAFF_ONLY),
    _case("methodology_edit", lambda w: [_methodology(w).pk], "get", STAFF_REDIRECTED),
    _case("methodology_blocks", lambda w: [_methodology(w).pk], "get", STAFF_REDIRECTED),
    _case("methodology_approve", lambda w: [_methodology(w).pk], "post", ADMIN_ONLY_POST),
    _case("methodology_retire", lambda w: [_methodology(w).pk], "post", ADMIN_ONLY_POST),
    _case("methodology_new_version", lambda w: [_methodology(w).pk], "post", STAFF_REDIRECTED),
    _case("criterion_create", lambda w: [_criterion(w).block_id], "get", STAFF_REDIRECTED),
    _case("criterion_edit", lambda w: [_criterion(w).pk], "get", STAFF_REDIRECTED),
    _case("criterion_delete", lambda w: [_criterion(w).pk], "post", STAFF_REDIRECTED),
    _case("ranking", lambda w: [], "get", STAFF_ONLY),
    # An empty form names no office of the user's: 404.
    _case("compute_scores", lambda w: [], "post", {**STAFF_ONLY, "office": 404, "admin": 404}),
    _case(
        "score_detail",
        lambda w: [_score_of_school_a(w).pk],
        "get",
        {"anonymous": ANON, "head_a": 200, "head_b": 404, "office": 200, "admin": 200},
    ),
]
