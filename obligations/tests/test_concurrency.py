"""Two staff members review the same submission at the same moment: one wins, the other is
told that the obligation changed. Row locks need a real database server: PostgreSQL."""

import threading

import pytest
from django.db import connection, connections

from obligations import services
from obligations.models import ObligationEvent, ObligationStatus

from .test_services import add_local_act

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reviews_one_wins(one_off_a, head_a, office_user, administrator):
    add_local_act(one_off_a, head_a)
    services.submit(obligation=one_off_a, by=head_a)
    one_off_a.refresh_from_db()
    seen = one_off_a.revision
    barrier = threading.Barrier(2)
    outcomes = {}

    def review(name, action):
        try:
            barrier.wait(timeout=10)
            action()
            outcomes[name] = "ok"
        except services.ObligationChanged as error:
            outcomes[name] = str(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(
            target=review,
            args=(
                "accept",
                lambda: services.accept(obligation=one_off_a, by=office_user, revision=seen),
            ),
        ),
        threading.Thread(
            target=review,
            args=(
                "return",
                lambda: services.return_for_rework(
                    obligation=one_off_a, by=administrator, comment="Нет подписи", revision=seen
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(v == "ok" for v in outcomes.values()) == [False, True]
    loser = next(v for v in outcomes.values() if v != "ok")
    assert "изменилось" in loser
    one_off_a.refresh_from_db()
    assert one_off_a.status in (ObligationStatus.ACCEPTED, ObligationStatus.RETURNED)
    reviews = ObligationEvent.objects.filter(
        obligation=one_off_a, action__in=["accepted", "returned"]
    )
    assert reviews.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_evidence_form_posted_in_parallel_adds_one_row(one_off_a, head_a):
    """A double click sends two requests at once: the obligation's row lock makes the second
    wait, then find the first one's evidence by the form's token (issue 9, finding 7)."""
    import uuid

    from obligations.models import Evidence

    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results = []

    def post():
        try:
            barrier.wait(timeout=10)
            evidence = services.add_evidence(
                obligation=one_off_a,
                by=head_a,
                kind="link",
                title="Раздел на сайте",
                url="https://school.example.org/mentor",
                submission_token=token,
            )
            results.append(evidence.repeated)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [False, True]
    assert Evidence.objects.filter(obligation=one_off_a).count() == 1


def _in_parallel(*actions):
    """Run `actions` in threads started at the same moment; returns their errors."""
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait(timeout=10)
            action()
        except Exception as error:  # reported by the test, not swallowed
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_changes_lose_no_count_in_the_rollup(
    one_off_a, one_off_b, head_a, head_b, office_user, administrator, region
):
    """Two schools' obligations change at once and count in the same rows of the district's
    and the region's rollup: the first time a row is inserted by both (one insert is retried
    as an update), afterwards the rows are updated by both under their locks."""
    from obligations import recount
    from obligations.models import ObligationTally

    def submitted():
        rows = ObligationTally.objects.filter(node=region, status=ObligationStatus.SUBMITTED)
        return sum(rows.values_list("count", flat=True))

    add_local_act(one_off_a, head_a)
    add_local_act(one_off_b, head_b)
    assert (
        _in_parallel(
            lambda: services.submit(obligation=one_off_a, by=head_a),
            lambda: services.submit(obligation=one_off_b, by=head_b),
        )
        == []
    )
    assert submitted() == 2
    assert (
        _in_parallel(
            lambda: services.return_for_rework(obligation=one_off_a, by=office_user, comment="Нет"),
            lambda: services.return_for_rework(
                obligation=one_off_b, by=administrator, comment="Нет"
            ),
        )
        == []
    )
    assert submitted() == 0
    assert (
        _in_parallel(
            lambda: services.submit(obligation=one_off_a, by=head_a),
            lambda: services.submit(obligation=one_off_b, by=head_b),
        )
        == []
    )
    assert submitted() == 2
    assert recount.differences() == []
