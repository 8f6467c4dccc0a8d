from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from onrecord.errors import GoldFormatError
from onrecord.evaluation._brat import (
    GoldDocument,
    read_annotator_pairs,
    read_gold_corpus,
    read_gold_document,
)
from onrecord.results import Kind

POLNEAR_DEV = Path(__file__).parents[2].parent / "shared/data/polnear/dev"

TEXT = (
    'Biden said the economy is strong. "We will win," Trump said, "and soon."\n'
    "Aides claimed that the plan was “dead on arrival” in the Senate.\n"
    "The report: taxes will rise."
)
WIN, SOON = '"We will win,"', '"and soon."'


def offsets(part: str, text: str = TEXT, occurrence: int = 1) -> str:
    """Brat offsets of an occurrence of ``part``."""
    start = -1
    for _ in range(occurrence):
        start = text.index(part, start + 1)
    return f"{start} {start + len(part)}"


def at(part: str, text: str = TEXT, occurrence: int = 1) -> str:
    """Brat offsets and text column of an occurrence of ``part``."""
    return f"{offsets(part, text, occurrence)}\t{part}"


def write(tmp_path: Path, text: str, ann: str, name: str = "doc") -> tuple[Path, Path]:
    text_path = tmp_path / f"{name}.txt"
    ann_path = tmp_path / f"{name}_ab12.ann"
    text_path.write_text(text, encoding="utf-8", newline="")
    ann_path.write_text(ann, encoding="utf-8")
    return text_path, ann_path


def read(tmp_path: Path, ann: str, text: str = TEXT) -> GoldDocument:
    return read_gold_document(*write(tmp_path, text, ann))


def write_corpus(root: Path, names: Iterable[str], annotations: dict[str, str]) -> Path:
    """A corpus directory: ``TEXT`` as each of ``names``, and ``annotations`` by file name."""
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    for name in names:
        (root / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    for file_name, ann in annotations.items():
        (root / "attributions" / file_name).write_text(ann, encoding="utf-8")
    return root


def unsourced(cue: str) -> str:
    """Brat lines of one attribution without a source, cued by ``cue``."""
    return f"T1\tAttribution-no-source {at(cue)}\nE1\tAttribution-no-source:T1\n"


def test_reads_source_cue_and_content(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        f"T1\tSource {at('Biden')}\n"
        f"T2\tCue {at('said')}\n"
        f"T3\tContent {at('the economy is strong')}\n"
        f"T4\tAttribution {at('said')}\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        "#1\tAnnotatorNotes T3\tnot sure about this one\n"
        "\n",
    )

    assert document.name == "doc"
    assert document.text == TEXT
    (attribution,) = document.attributions
    assert attribution.id == "E1"
    assert attribution.kind is Kind.INDIRECT
    assert attribution.source is not None
    assert attribution.source.text == "Biden"
    assert [span.text for span in attribution.cue] == ["said"]
    assert [span.text for span in attribution.content] == ["the economy is strong"]
    assert attribution.nested_in is None


def test_discontinuous_content_keeps_its_fragments(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        f"T1\tSource {at('Trump')}\n"
        f"T2\tCue {at('said', occurrence=2)}\n"
        f"T3\tContent {offsets(WIN)};{offsets(SOON)}\t{WIN} {SOON}\n"
        f"T4\tAttribution {at('said', occurrence=2)}\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
    )

    (attribution,) = document.attributions
    assert [span.text for span in attribution.content] == [WIN, SOON]
    assert [span.text for span in attribution.cue] == ["said"]
    assert attribution.kind is Kind.DIRECT


def test_content2_adds_fragments_in_text_order(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        f"T1\tContent {at(SOON)}\n"
        f"T2\tContent {at(WIN)}\n"
        f"T3\tAttribution {at('Trump said')}\n"
        "E1\tAttribution:T3 Content:T1 Content2:T2\n",
    )

    (attribution,) = document.attributions
    assert [span.text for span in attribution.content] == [WIN, SOON]
    # Without a Cue role the trigger span is the cue.
    assert [span.text for span in attribution.cue] == ["Trump said"]
    assert attribution.source is None


def test_attribution_no_source_and_mixed_kind(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        f"T1\tCue {at('claimed')}\n"
        f"T2\tContent {at('that the plan was “dead on arrival” in the Senate')}\n"
        f"T3\tAttribution-no-source {at('claimed')}\n"
        "E1\tAttribution-no-source:T3 Content:T2 Cue:T1 \n",
    )

    (attribution,) = document.attributions
    assert attribution.source is None
    assert attribution.kind is Kind.MIXED


def test_roleless_attribution_is_kept_with_its_trigger_as_cue(tmp_path: Path) -> None:
    document = read(
        tmp_path, f"T1\tAttribution-no-source {at('report')}\nE1\tAttribution-no-source:T1\n"
    )

    (attribution,) = document.attributions
    assert attribution.content == ()
    assert [span.text for span in attribution.cue] == ["report"]
    assert attribution.kind is Kind.INDIRECT


def test_discontinuous_source_becomes_its_covering_span(tmp_path: Path) -> None:
    text = "Smith and, later, Jones said it rained."
    document = read(
        tmp_path,
        f"T1\tSource {offsets('Smith', text)};{offsets('Jones', text)}\tSmith Jones\n"
        f"T2\tCue {at('said', text)}\n"
        f"T3\tContent {at('it rained', text)}\n"
        f"T4\tAttribution {at('said', text)}\n"
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        text,
    )

    source = document.attributions[0].source
    assert source is not None
    assert source.text == "Smith and, later, Jones"


def test_span_text_spread_over_lines(tmp_path: Path) -> None:
    text = "She wrote:\n\nIt is over.\nThat was all."
    start, end = text.index("She") + 4, text.index("over.") + 5
    document = read(
        tmp_path,
        f"T1\tContent {start} {end}\t{text[start:end]}\n"
        f"T2\tCue {at('wrote', text)}\n"
        f"T3\tAttribution {at('wrote', text)}\n"
        "E1\tAttribution:T3 Content:T1 Cue:T2\n",
        text,
    )

    assert document.attributions[0].content[0].text == "wrote:\n\nIt is over."


def test_attributions_are_in_text_order_and_nesting_is_found(tmp_path: Path) -> None:
    quote = '"Trump told us he would win"'
    text = f"Aides said {quote} yesterday."
    document = read(
        tmp_path,
        f"T1\tCue {at('told', text)}\n"
        f"T2\tContent {at('he would win', text)}\n"
        f"T3\tSource {at('Trump', text)}\n"
        f"T4\tAttribution {at('told', text)}\n"
        "E1\tAttribution:T4 Content:T2 Cue:T1 Source:T3\n"
        f"T5\tSource {at('Aides', text)}\n"
        f"T6\tCue {at('said', text)}\n"
        f"T7\tContent {at(quote, text)}\n"
        f"T8\tAttribution {at('said', text)}\n"
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n",
        text,
    )

    outer, inner = document.attributions
    assert (outer.id, inner.id) == ("E2", "E1")
    assert outer.kind is Kind.DIRECT
    assert inner.nested_in == "E2"
    assert outer.nested_in is None


@pytest.mark.parametrize(
    ("ann", "complaint"),
    [
        ("T1\tSource 0 5\tBiden\nthis is not brat\n", ":2: not a brat annotation line"),
        ("T1\tSpeaker 0 5\tBiden\n", ":1: unknown label 'Speaker'"),
        ("T1\tSource 0 5\tJoe B\n", ":1: annotated text 'Joe B' is not the text at 0 5"),
        ("T1\tSource 0 5000\tBiden\n", ":1: span (0, 5000) is outside"),
        ("T1\tAttribution 6 10\tsaid\nE1\tAttribution:T1 Cue:T9\n", ":2: T9 is not defined"),
        ("T1\tAttribution 6 10\tsaid\nE1\tAttribution:T1 Speaker:T1\n", ":2: unknown role"),
        ("T1\tCue 6 10\tsaid\nE1\tCue:T1\n", ":2: an attribution must start with its trigger"),
        ("E1\tAttribution:T1 Cue\n", ":1: malformed argument 'Cue'"),
    ],
)
def test_malformed_annotations_name_file_and_line(tmp_path: Path, ann: str, complaint: str) -> None:
    with pytest.raises(GoldFormatError, match=r"doc_ab12\.ann.*") as raised:
        read(tmp_path, ann)
    assert complaint in str(raised.value)


def test_corpus_reads_every_document_with_the_smallest_annotator(tmp_path: Path) -> None:
    write_corpus(
        tmp_path,
        ("b", "a"),
        {"a_ff00.ann": "", "a_0abc.ann": unsourced("report"), "b_1234.ann": ""},
    )

    documents = read_gold_corpus(tmp_path)

    assert [document.name for document in documents] == ["a", "b"]
    assert len(documents[0].attributions) == 1
    assert documents[1].attributions == ()


def test_annotator_pairs_are_the_gold_annotation_and_the_next_one(tmp_path: Path) -> None:
    write_corpus(
        tmp_path,
        ("once", "thrice"),
        {
            "once_0abc.ann": unsourced("said"),
            "thrice_ff00.ann": unsourced("said"),
            "thrice_0abc.ann": "",
            "thrice_1234.ann": unsourced("report"),
        },
    )

    ((gold, second),) = read_annotator_pairs(tmp_path)

    assert gold == read_gold_corpus(tmp_path)[1]
    assert (gold.name, gold.attributions) == ("thrice", ())
    assert second.name == "thrice"
    assert [a.cue[0].text for a in second.attributions] == ["report"]


def test_corpus_without_its_directories_is_refused(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    with pytest.raises(GoldFormatError, match="needs text/ and attributions/"):
        read_gold_corpus(tmp_path)


def test_corpus_with_annotations_but_no_text_is_refused(tmp_path: Path) -> None:
    write_corpus(tmp_path, (), {"a_0abc.ann": ""})
    with pytest.raises(GoldFormatError, match="no text for annotations a"):
        read_gold_corpus(tmp_path)


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR_DEV.is_dir(), reason="the PolNeAR corpus is not in shared/")
def test_polnear_dev_offsets_index_the_text() -> None:
    documents = read_gold_corpus(POLNEAR_DEV)

    assert len(documents) == 84
    assert sum(len(document.attributions) for document in documents) > 2000
    for document in documents:
        for attribution in document.attributions:
            spans = [*attribution.content, *attribution.cue]
            if attribution.source is not None:
                spans.append(attribution.source)
            for span in spans:
                assert span.text == document.text[span.start : span.end]
