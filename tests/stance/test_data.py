from __future__ import annotations

import json
from pathlib import Path

import pytest

from onrecord.stance._data import (
    NEITHER,
    OPPOSES,
    SUPPORTS,
    UNRELATED,
    StanceDataError,
    StancePair,
    best_sentences,
    compound_pairs,
    negate,
    negated_pairs,
    public_stance,
    read_fnc,
    read_perspectrum,
    split_by_group,
    split_sentences,
    stance_counts,
    subsample,
    unrelated_pairs,
)

STANCE_DATA = Path(__file__).parents[2].parent / "shared/data/stance"


def _perspectrum(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def _claim(claim_id: int, stance: str, perspective: str = "Parents know best") -> dict[str, object]:
    return {
        "claim_id": claim_id,
        "claim": f"Claim   number {claim_id}",
        "perspective_id": 1,
        "perspective": perspective + " ",
        "stance": stance,
    }


def test_perspectrum_support_and_undermine_become_supports_and_opposes(tmp_path: Path) -> None:
    path = _perspectrum(tmp_path / "train.jsonl", _claim(7, "support"), _claim(8, "undermine"))

    pairs = read_perspectrum(path)

    assert [(p.stance, p.original, p.group) for p in pairs] == [
        (SUPPORTS, "support", "claim 7"),
        (OPPOSES, "undermine", "claim 8"),
    ]
    # Whitespace is folded: the files have trailing blanks and double spaces.
    assert pairs[0].position == "Claim number 7"
    assert pairs[0].statement == "Parents know best"


def test_an_unknown_perspectrum_stance_names_its_line(tmp_path: Path) -> None:
    path = _perspectrum(tmp_path / "dev.jsonl", _claim(1, "support"), _claim(2, "agree"))

    with pytest.raises(StanceDataError, match=r"dev\.jsonl:2"):
        read_perspectrum(path)


def _fnc(directory: Path, stances: str, bodies: str) -> Path:
    directory.mkdir()
    (directory / "train_stances.csv").write_text(stances, encoding="utf-8")
    (directory / "train_bodies.csv").write_text(bodies, encoding="utf-8")
    return directory


def test_fnc_labels_map_onto_four_classes_and_bodies_onto_their_best_sentence(
    tmp_path: Path,
) -> None:
    body = (
        "The weather was mild. Officials confirmed the bridge will close in May. "
        "Traffic is expected to rise."
    )
    directory = _fnc(
        tmp_path / "fnc1",
        "Headline,Body ID,Stance\n"
        "Bridge to close in May,3,agree\n"
        "Bridge to close in May,3,disagree\n"
        "Bridge to close in May,3,discuss\n"
        "Bridge to close in May,3,unrelated\n",
        f'Body ID,articleBody\n3,"{body}"\n',
    )

    pairs = read_fnc(directory, sentences=1)

    assert [p.stance for p in pairs] == [SUPPORTS, OPPOSES, "discusses", UNRELATED]
    assert {p.statement for p in pairs} == {"Officials confirmed the bridge will close in May."}
    assert {p.group for p in pairs} == {"Bridge to close in May"}


def test_fnc_without_its_files_or_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StanceDataError, match="no FNC-1 files"):
        read_fnc(tmp_path)
    directory = _fnc(tmp_path / "fnc1", "Headline,Stance\nA,agree\n", "Body ID,articleBody\n")
    with pytest.raises(StanceDataError, match="missing columns Body ID"):
        read_fnc(directory)


def test_best_sentences_keep_the_body_order_and_prefer_earlier_ties() -> None:
    body = "Rain fell. The mayor said the bridge will close. Nobody knows. The bridge is old."

    assert best_sentences("Mayor closes bridge", body, 2) == (
        "The mayor said the bridge will close. The bridge is old."
    )
    assert best_sentences("Nothing in common", body, 1) == "Rain fell."


def test_sentences_split_after_closing_quotes_too() -> None:
    # The closing quote goes with the break (as when the shipped model was trained).
    assert split_sentences('He said "no." Then he left!  "Why?" she asked.') == [
        'He said "no.',
        "Then he left!",
        '"Why?" she asked.',
    ]


def _pairs(groups: int, per_group: int) -> list[StancePair]:
    return [
        StancePair(f"subject{g}", f"statement {g}.{i}", SUPPORTS if i % 2 else OPPOSES, str(g), "")
        for g in range(groups)
        for i in range(per_group)
    ]


def test_a_split_by_group_keeps_every_group_on_one_side_and_is_reproducible() -> None:
    pairs = _pairs(20, 3)

    kept, held = split_by_group(pairs, 0.25, seed=1)

    assert len(held) == 5 * 3
    assert not {p.group for p in kept} & {p.group for p in held}
    assert (kept, held) == split_by_group(pairs, 0.25, seed=1)
    assert held != split_by_group(pairs, 0.25, seed=2)[1]


def test_unrelated_pairs_pair_a_statement_with_another_groups_position() -> None:
    pairs = _pairs(5, 4)
    position_of = {p.group: p.position for p in pairs}
    group_of = {p.statement: p.group for p in pairs}

    made = unrelated_pairs(pairs, 30, seed=0)

    assert len(made) == 30
    assert {p.stance for p in made} == {UNRELATED}
    for pair in made:
        assert position_of[pair.group] == pair.position
        assert group_of[pair.statement] != pair.group
    assert made == unrelated_pairs(pairs, 30, seed=0)


def test_unrelated_pairs_skip_positions_that_share_a_word_with_the_statements_own() -> None:
    pairs = [
        StancePair("Cities should ban cars.", "Cars kill.", SUPPORTS, "cars", ""),
        StancePair("Cities should tax cars.", "Taxes hurt.", OPPOSES, "tax", ""),
        StancePair("Schools need more teachers.", "Classes are too big.", SUPPORTS, "school", ""),
    ]

    made = unrelated_pairs(pairs, 20, seed=0)

    assert len(made) == 20
    # The two car claims share "cities" and "cars": each of their statements meets only the
    # school claim, and the school statement only the car claims.
    for pair in made:
        assert (pair.group == "school") != (pair.statement == "Classes are too big.")


def test_unrelated_pairs_are_fewer_when_no_other_subject_is_left() -> None:
    pairs = [
        StancePair("Cities should ban cars.", "Cars kill.", SUPPORTS, "ban", ""),
        StancePair("Cities should tax cars.", "Taxes hurt.", OPPOSES, "tax", ""),
    ]

    assert unrelated_pairs(pairs, 5, seed=0) == []


def test_compound_pairs_join_the_own_position_to_another_subject_and_keep_the_stance() -> None:
    pairs = _pairs(6, 4)
    own = {p.statement: p for p in pairs}

    made = compound_pairs(pairs, 40, seed=3)

    assert len(made) == 40
    firsts = set()
    for pair in made:
        first, second = pair.position.split(" and ")
        source = own[pair.statement]
        assert source.position in (first, second)
        assert first != second
        assert (pair.stance, pair.group) == (source.stance, source.group)
        assert pair.original == f"compound {source.original}"
        firsts.add(first == source.position)
    assert firsts == {True, False}
    assert made == compound_pairs(pairs, 40, seed=3)


def test_a_compound_position_drops_the_first_claims_full_stop() -> None:
    pairs = [
        StancePair("Cities should ban cars.", "Cars kill.", SUPPORTS, "cars", ""),
        StancePair("Schools need teachers.", "Classes are big.", OPPOSES, "school", ""),
    ]

    positions = {p.position for p in compound_pairs(pairs, 20, seed=0)}

    assert positions == {
        "Cities should ban cars and Schools need teachers.",
        "Schools need teachers and Cities should ban cars.",
    }


def test_a_claim_is_negated_after_the_auxiliary_of_its_first_clause() -> None:
    assert negate("We should ban cars") == "We should not ban cars"
    assert negate("Same-Sex Marriage Should Be Legal") == "Same-Sex Marriage Should not Be Legal"
    assert (
        negate("Homework is useful, and it should stay")
        == "Homework is not useful, and it should stay"
    )
    # No auxiliary before the first comma, or a negation already: no claim to flip.
    assert negate("Ban cars, because they should go") is None
    assert negate("Throw Russia out of the G8") is None
    assert negate("We should not ban cars") is None
    assert negate("Cars can't be banned") is None
    # "is" inside a word is no auxiliary.
    assert negate("Islam has a place in Europe") is None


def test_negated_pairs_flip_the_stance_of_the_perspectives_they_keep() -> None:
    pairs = [
        StancePair("We should ban cars", "Cars pollute.", SUPPORTS, "claim 1", "support"),
        StancePair("We should ban cars", "People must drive.", OPPOSES, "claim 1", "undermine"),
        StancePair("Throw Russia out", "It broke the rules.", SUPPORTS, "claim 2", "support"),
        StancePair("Cars are fast", "No.", UNRELATED, "claim 3", "paired"),
    ]

    made = negated_pairs(pairs, 10, seed=0)

    assert made == [
        StancePair(
            "We should not ban cars", "Cars pollute.", OPPOSES, "claim 1 negated", "negated support"
        ),
        StancePair(
            "We should not ban cars",
            "People must drive.",
            SUPPORTS,
            "claim 1 negated",
            "negated undermine",
        ),
    ]
    (one,) = negated_pairs(pairs, 1, seed=3)
    assert one in made
    assert negated_pairs(pairs, 1, seed=3) == [one]


def test_subsample_caps_each_stance_and_keeps_the_order() -> None:
    pairs = _pairs(10, 4)

    chosen = subsample(pairs, {SUPPORTS: 3}, seed=0)

    assert stance_counts(chosen) == {SUPPORTS: 3, OPPOSES: 20}
    assert chosen == [p for p in pairs if p in chosen]


def test_discusses_and_unrelated_are_neither_to_the_public() -> None:
    assert [public_stance(s) for s in (SUPPORTS, OPPOSES, "discusses", UNRELATED)] == [
        SUPPORTS,
        OPPOSES,
        NEITHER,
        NEITHER,
    ]


@pytest.mark.slow
@pytest.mark.skipif(not STANCE_DATA.is_dir(), reason="needs ../shared/data/stance")
def test_the_shared_stance_data_reads_whole() -> None:
    perspectrum = read_perspectrum(STANCE_DATA / "perspectrum" / "train.jsonl")
    fnc = read_fnc(STANCE_DATA / "fnc1")

    assert stance_counts(perspectrum) == {SUPPORTS: 3599, OPPOSES: 3379}
    assert stance_counts(fnc) == {SUPPORTS: 3678, OPPOSES: 840, "discusses": 8909, UNRELATED: 36545}
    assert all(p.statement for p in fnc)
