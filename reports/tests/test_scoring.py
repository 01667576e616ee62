"""The scoring rules, one by one, without the database."""

from decimal import Decimal as D

import pytest
from hypothesis import given, strategies as st

from reports import scoring
from reports.scoring import BandsError, BlockResult, CriterionResult, Thresholds

COUNT_BANDS = [{"from": 5, "points": 3}, {"from": 3, "points": 2}, {"from": 1, "points": 1}]


# --- presence of a document -----------------------------------------------------------------


def test_document_scores_only_with_accepted_evidence():
    assert scoring.document_points(has_accepted_evidence=True) == D(1)
    assert scoring.document_points(has_accepted_evidence=False) == D(0)
    assert scoring.document_points(has_accepted_evidence=True, max_points="2.5") == D("2.5")


# --- a share against a target, in bands -------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "points"),
    [(100, 2), (70, 2), ("69.99", 1), (40, 1), ("39.99", 0), (0, 0)],
)
def test_share_bands_default_edges(percent, points):
    assert scoring.share_bands_points(percent=percent) == D(points)


def test_share_of_nothing_is_not_applicable():
    assert scoring.share_percent(3, 0) is None
    assert scoring.share_percent(None, 10) is None
    assert scoring.share_bands_points(percent=scoring.share_percent(5, 0)) is None


def test_share_percent_rounds_and_caps():
    assert scoring.share_percent(1, 3) == D("33.33")
    assert scoring.share_percent(2, 3) == D("66.67")
    assert scoring.share_percent(12, 10) == D(120)
    assert scoring.share_percent(12, 10, cap_at_100=True) == D(100)


# --- a percentage with a cut-off ------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "points"),
    [
        (100, "1"),
        (130, "1"),
        ("99.99", "0.9"),
        (90, "0.9"),
        (85, "0.8"),
        (80, "0.8"),
        ("79.99", "0"),
        (0, "0"),
    ],
)
def test_percent_cutoff_default(percent, points):
    assert scoring.percent_cutoff_points(percent=percent) == D(points)


def test_percent_cutoff_not_applicable():
    assert scoring.percent_cutoff_points(percent=None) is None


# --- a count in bands -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "points"), [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2), (5, 3), (40, 3)]
)
def test_count_bands(count, points):
    assert scoring.count_bands_points(count=count, bands=COUNT_BANDS) == D(points)


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_more_never_scores_less(a, b):
    low, high = sorted((a, b))
    assert scoring.count_bands_points(count=low, bands=COUNT_BANDS) <= scoring.count_bands_points(
        count=high, bands=COUNT_BANDS
    )


# --- roadmap obligations accepted on time ----------------------------------------------------


def test_roadmap_on_time_proportional_and_banded():
    assert scoring.roadmap_on_time_points(owed=4, on_time=3, max_points=2) == D("1.50")
    assert scoring.roadmap_on_time_points(owed=4, on_time=4) == D(1)
    assert scoring.roadmap_on_time_points(
        owed=10, on_time=9, bands=scoring.DEFAULT_CUTOFF_BANDS
    ) == D("0.9")
    assert scoring.roadmap_on_time_points(
        owed=10, on_time=7, bands=scoring.DEFAULT_CUTOFF_BANDS
    ) == D(0)


def test_roadmap_with_nothing_owed_is_not_applicable():
    assert scoring.roadmap_on_time_points(owed=0, on_time=0) is None


@given(st.integers(min_value=1, max_value=500), st.data())
def test_roadmap_points_within_zero_and_max(owed, data):
    on_time = data.draw(st.integers(min_value=0, max_value=owed))
    points = scoring.roadmap_on_time_points(owed=owed, on_time=on_time, max_points=3)
    assert D(0) <= points <= D(3)


# --- bands: well-formed or a Russian message ------------------------------------------------


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([], "хотя бы один"),
        ("70:2", "хотя бы один"),
        ([{"from": 70}], "нужны «от» и «баллы»"),
        ([{"from": "abc", "points": 1}], "не число"),
        ([{"from": -1, "points": 1}], "отрицательными"),
        ([{"from": 40, "points": 1}, {"from": 70, "points": 2}], "убывать"),
        ([{"from": 70, "points": 1}, {"from": 70, "points": 0}], "убывать"),
        ([{"from": 70, "points": 1}, {"from": 40, "points": 2}], "больше баллов"),
        ([{"from": 120, "points": 1}], "больше 100"),
    ],
)
def test_malformed_bands_are_refused(bands, message):
    with pytest.raises(BandsError, match=message):
        scoring.parse_bands(bands, percent=True)


def test_bands_accept_comma_decimals_and_report_their_maximum():
    bands = [{"from": "90,5", "points": "1,5"}, {"from": 0, "points": 0}]
    assert scoring.parse_bands(bands)[0].lower == D("90.5")
    assert scoring.max_band_points(bands) == D("1.5")


# --- blocks, weights, total -----------------------------------------------------------------


def _block(weight, *points_and_max):
    return BlockResult(
        D(weight), tuple(CriterionResult(p if p is None else D(p), D(m)) for p, m in points_and_max)
    )


def test_not_applicable_criterion_leaves_the_block_denominator():
    block = _block(30, (2, 2), (None, 2), (0, 2))
    assert block.percent == D(50)  # 2 of 4, not 2 of 6


def test_block_with_nothing_applicable_drops_out_and_weights_renormalise():
    blocks = [_block(30, (1, 1)), _block(30, (1, 2)), _block(20, (None, 2)), _block(20, (0, 1))]
    # (30·100 + 30·50 + 20·0) / 80 = 56.25
    assert scoring.total_percent(blocks) == D("56.25")


def test_total_with_everything_applicable_is_the_weighted_mean():
    blocks = [_block(30, (1, 1)), _block(30, (1, 2)), _block(20, (1, 2)), _block(20, (0, 1))]
    assert scoring.total_percent(blocks) == D(55)


def test_nothing_applicable_means_no_total():
    assert scoring.total_percent([_block(50, (None, 1)), _block(50)]) is None


@given(
    st.lists(
        st.tuples(st.integers(1, 100), st.integers(0, 5), st.integers(1, 5)), min_size=1, max_size=6
    )
)
def test_total_stays_between_0_and_100(spec):
    blocks = [_block(w, (min(p, m), m)) for w, p, m in spec]
    assert D(0) <= scoring.total_percent(blocks) <= D(100)


def test_weights_must_add_up_to_100():
    scoring.check_weights([30, 30, 20, 20])
    with pytest.raises(BandsError, match="Сумма весов блоков должна быть 100 %, сейчас 90 %"):
        scoring.check_weights([30, 30, 20, 10])
    with pytest.raises(BandsError, match="больше нуля"):
        scoring.check_weights([100, 0])
    with pytest.raises(BandsError, match="ни одного блока"):
        scoring.check_weights([])


# --- levels and ranks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "level"),
    [
        (100, "high"),
        (80, "high"),
        ("79.99", "sufficient"),
        (60, "sufficient"),
        (59, "medium"),
        (40, "medium"),
        ("39.99", "low"),
        (0, "low"),
        (None, None),
    ],
)
def test_default_levels(percent, level):
    assert scoring.level_for(percent) == level


def test_levels_follow_the_methodology_thresholds():
    strict = Thresholds(high_from=D(90), sufficient_from=D(75), medium_from=D(50))
    assert scoring.level_for(85, strict) == "sufficient"
    assert scoring.level_for(49, strict) == "low"
    with pytest.raises(BandsError, match="убывать"):
        scoring.check_thresholds(Thresholds(D(60), D(60), D(40)))
    with pytest.raises(BandsError, match="от 0 до 100"):
        scoring.check_thresholds(Thresholds(D(120), D(60), D(40)))


def test_ranks_share_ties_and_skip():
    ranks = scoring.competition_ranks({"a": D(90), "b": D(75), "c": D(75), "d": D(60), "e": None})
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4}


@given(st.dictionaries(st.integers(), st.decimals(0, 100, places=2), max_size=30))
def test_ranks_are_ordered_like_the_percents(percents):
    ranks = scoring.competition_ranks(percents)
    for a in percents:
        for b in percents:
            if percents[a] > percents[b]:
                assert ranks[a] < ranks[b]
            if percents[a] == percents[b]:
                assert ranks[a] == ranks[b]
