"""The hand-labelled stance training sets from PolNeAR train (training/stance_news_*.json)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from onrecord.evaluation import read_gold_corpus
from onrecord.stance import NEITHER, OPPOSES, SUPPORTS, read_news_check_set

ROOT = Path(__file__).parents[2]
FIRST = ROOT / "training/stance_news_train.json"
COMPOUND = ROOT / "training/stance_news_compound.json"
TRAINING = (FIRST, COMPOUND)
POLNEAR = ROOT.parent / "shared/data/polnear"

# The counts training/README.md reports; a relabelling that changes them must update both.
COUNTS = {
    FIRST: (36, {SUPPORTS: 170, OPPOSES: 120, NEITHER: 213}),
    COMPOUND: (21, {SUPPORTS: 123, OPPOSES: 74, NEITHER: 137}),
}


@pytest.mark.parametrize("path", TRAINING, ids=lambda path: path.name)
def test_training_set_has_the_counts_its_readme_reports(path: Path) -> None:
    positions, per_stance = COUNTS[path]
    triples = read_news_check_set(path)
    assert len({t.position for t in triples}) == positions
    assert Counter(t.stance for t in triples) == per_stance
    assert len({(t.position, t.document, t.attribution) for t in triples}) == len(triples)


def test_the_two_training_sets_share_no_position() -> None:
    first, compound = (read_news_check_set(path) for path in TRAINING)
    assert not {t.position for t in first} & {t.position for t in compound}


@pytest.mark.parametrize("path", TRAINING, ids=lambda path: path.name)
def test_training_set_shares_no_statement_with_the_news_check_set(path: Path) -> None:
    check = read_news_check_set(ROOT / "tests/fixtures/stance_news.json")
    training = read_news_check_set(path)
    assert not {t.document for t in check} & {t.document for t in training}
    assert not {t.statement for t in check} & {t.statement for t in training}


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR.is_dir(), reason="needs ../shared/data/polnear")
def test_training_statements_are_top_level_polnear_train_attributions_at_their_offsets() -> None:
    dev = {path.stem for path in (POLNEAR / "dev/text").glob("*.txt")}
    documents = {d.name: d for d in read_gold_corpus(POLNEAR / "train")}
    for triple in [t for path in TRAINING for t in read_news_check_set(path)]:
        assert triple.document not in dev
        document = documents[triple.document]
        (attribution,) = [a for a in document.attributions if a.id == triple.attribution]
        assert attribution.nested_in is None
        # PolNeAR's Attribution-no-source events have no source mention: the speaker is "".
        assert triple.speaker == (attribution.source.text if attribution.source else "")
        assert triple.spans == tuple((s.start, s.end) for s in attribution.content)
        assert triple.statement == " ".join(document.text[a:b] for a, b in triple.spans)
