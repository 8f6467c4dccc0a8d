from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest

import onrecord.evaluation
from onrecord.evaluation import METRICS, Report, agreement, evaluate, format_report, score
from onrecord.results import AnalyzedArticle, Article, Attribution, Kind, Span

TEXT = (
    'Biden said the economy is strong. "We will win," Trump said, "and soon."\n'
    "Aides claimed that taxes would fall. The report: prices will rise."
)
WIN, SOON = '"We will win,"', '"and soon."'

POLNEAR = Path(__file__).parents[2].parent / "shared/data/polnear"


def span(part: str, occurrence: int = 1) -> Span:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(part, start + 1)
    return Span.of(TEXT, start, start + len(part))


def attribution(
    content: Sequence[str | Span] = (),
    cue: Sequence[str | Span] = (),
    source: str | None = None,
    kind: Kind = Kind.INDIRECT,
) -> Attribution:
    def spans(parts: Sequence[str | Span]) -> tuple[Span, ...]:
        return tuple(part if isinstance(part, Span) else span(part) for part in parts)

    return Attribution(
        id="a",
        kind=kind,
        content=spans(content),
        cue=spans(cue),
        source=None if source is None else span(source),
    )


BIDEN = attribution(["the economy is strong"], ["said"], "Biden")
TRUMP = attribution([WIN, SOON], [span("said", 2)], "Trump", Kind.DIRECT)
AIDES = attribution(["that taxes would fall"], ["claimed"])
GOLD = (BIDEN, TRUMP, AIDES)


def run(gold: Sequence[Attribution], predicted: Sequence[Attribution]) -> Report:
    return score([(TEXT, gold, predicted)])


def test_perfect_predictions_score_100_everywhere() -> None:
    report = run(GOLD, GOLD)

    assert report.documents == 1
    assert len(report.metrics) == len(METRICS) * 4
    for metric in report.metrics:
        assert (metric.precision, metric.recall, metric.f1) == (100, 100, 100), metric
    linked = report.metric("linked")
    assert (linked.tp_pred, linked.n_pred, linked.tp_gold, linked.n_gold) == (3, 3, 3, 3)


def test_no_predictions_recall_nothing() -> None:
    linked = run(GOLD, []).metric("linked")

    assert (linked.n_pred, linked.n_gold, linked.tp_gold) == (0, 3, 0)
    assert (linked.precision, linked.recall, linked.f1) == (0, 0, 0)


def test_predictions_without_gold_are_all_wrong() -> None:
    linked = run([], GOLD).metric("linked")

    assert (linked.n_pred, linked.n_gold) == (3, 0)
    assert (linked.precision, linked.recall, linked.f1) == (0, 0, 0)


def test_nothing_to_find_and_nothing_found_is_perfect() -> None:
    for report in (score([]), run([], [])):
        for metric in report.metrics:
            assert (metric.precision, metric.recall, metric.f1) == (100, 100, 100)


def test_partial_content_counts_overlapping_characters() -> None:
    report = run([BIDEN], [attribution(["the economy"], ["said"], "Biden")])

    assert report.metric("content exact").tp_gold == 0
    overlap = report.metric("content overlap")
    assert (overlap.tp_pred, overlap.n_pred, overlap.n_gold) == (11, 11, 21)
    assert overlap.precision == 100
    assert overlap.recall == pytest.approx(100 * 11 / 21)
    assert report.metric("linked").tp_gold == 1


@pytest.mark.parametrize(("content", "linked"), [("the eco", 1), ("the ec", 0)])
def test_linking_needs_half_the_content(content: str, linked: int) -> None:
    # Against the 21 characters of gold, 7 shared give a Dice coefficient of exactly 0.5.
    report = run([BIDEN], [attribution([content], ["said"], "Biden")])

    assert report.metric("linked").tp_gold == linked
    assert report.metric("content overlap").tp_gold == len(content)


def test_wrong_source_with_right_content_is_not_linked() -> None:
    report = run([BIDEN], [attribution(["the economy is strong"], ["said"], "Trump")])

    assert report.metric("content exact").tp_gold == 1
    assert report.metric("cue exact").tp_gold == 1
    assert report.metric("source exact").tp_gold == 0
    assert report.metric("source overlap").tp_gold == 0
    assert report.metric("linked").tp_gold == 0


def test_source_must_be_present_on_both_sides_or_neither() -> None:
    unsourced_biden = attribution(["the economy is strong"], ["said"])

    assert run([BIDEN], [unsourced_biden]).metric("linked").tp_gold == 0
    assert run([AIDES], [AIDES]).metric("linked").tp_gold == 1
    source = run([BIDEN, AIDES], [unsourced_biden, AIDES]).metric("source exact")
    assert (source.n_pred, source.n_gold) == (0, 1)


def test_discontinuous_content_is_trimmed_fragment_by_fragment() -> None:
    report = run([TRUMP], [attribution(["We will win", "and soon"], [span("said", 2)], "Trump")])

    assert report.metric("content exact").tp_gold == 1
    assert report.metric("content overlap").n_gold == len("We will win") + len("and soon")


def test_missing_fragment_breaks_exact_match_only() -> None:
    report = run([TRUMP], [attribution([WIN], [span("said", 2)], "Trump", Kind.DIRECT)])

    assert report.metric("content exact").tp_gold == 0
    assert report.metric("linked").tp_gold == 1


def test_quotation_marks_and_punctuation_at_edges_are_ignored() -> None:
    gold = [attribution([WIN], [span("said", 2)], "Trump")]
    predicted = [attribution([span("We will win,")], [span(" said", 2)], "Trump ")]

    report = run(gold, predicted)

    for name in ("content exact", "cue exact", "source exact"):
        assert report.metric(name).tp_gold == 1, name


def test_a_cue_of_punctuation_alone_is_kept() -> None:
    report_cue = attribution(["prices will rise"], [":"], "The report")

    report = run([report_cue], [report_cue])

    cue = report.metric("cue exact")
    assert (cue.tp_gold, cue.n_gold) == (1, 1)
    assert report.metric("cue overlap").n_gold == 1


def test_pairing_is_one_to_one() -> None:
    linked = run([BIDEN], [BIDEN, BIDEN]).metric("linked")

    assert (linked.tp_pred, linked.n_pred, linked.tp_gold, linked.n_gold) == (1, 2, 1, 1)
    assert (linked.precision, linked.recall) == (50, 100)


def test_pairing_prefers_the_closest_content() -> None:
    near_miss = attribution(["the economy is"], ["said"], "Trump")

    report = run([BIDEN], [near_miss, BIDEN])

    assert report.metric("linked").tp_gold == 1
    assert report.metric("source exact").tp_gold == 1


def test_attributions_without_content_pair_on_their_cue() -> None:
    gold = [attribution(cue=["claimed"])]

    assert run(gold, [attribution(cue=["claimed"])]).metric("linked").tp_gold == 1
    assert run(gold, [attribution(cue=["said"])]).metric("linked").tp_gold == 0
    assert run(gold, [AIDES]).metric("linked").tp_gold == 0


def test_kinds_count_predicted_kind_for_precision_and_gold_kind_for_recall() -> None:
    called_mixed = attribution([WIN, SOON], [span("said", 2)], "Trump", Kind.MIXED)

    report = run([TRUMP, BIDEN], [called_mixed, BIDEN])

    direct = report.metric("linked", Kind.DIRECT)
    assert (direct.tp_pred, direct.n_pred, direct.tp_gold, direct.n_gold) == (0, 0, 1, 1)
    assert (direct.precision, direct.recall) == (0, 100)
    mixed = report.metric("linked", Kind.MIXED)
    assert (mixed.tp_pred, mixed.n_pred, mixed.tp_gold, mixed.n_gold) == (1, 1, 0, 0)
    assert (mixed.precision, mixed.recall) == (100, 0)
    indirect = report.metric("content exact", Kind.INDIRECT)
    assert (indirect.tp_pred, indirect.n_pred, indirect.tp_gold, indirect.n_gold) == (1, 1, 1, 1)
    assert report.metric("linked").f1 == 100


def test_documents_are_micro_averaged() -> None:
    report = score([(TEXT, GOLD, GOLD), (TEXT, [BIDEN], [])])

    assert report.documents == 2
    assert report.metric("linked").recall == 75


def test_spans_outside_the_text_are_refused() -> None:
    stray = Attribution("a", Kind.INDIRECT, (Span(0, len(TEXT) + 1, ""),), ())
    with pytest.raises(ValueError, match="outside"):
        run([stray], [])


def test_unknown_metric_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        run(GOLD, GOLD).metric("speaker exact")


def test_format_report_aligns_every_block() -> None:
    output = format_report(run(GOLD, [BIDEN]))

    assert output.startswith("documents: 1, gold attributions: 3, predicted attributions: 1\n")
    blocks = output.split("\n\n")[1:]
    assert [block.split()[0] for block in blocks] == ["all", "direct", "indirect", "mixed"]
    for block in blocks:
        header, *rows = block.strip("\n").split("\n")
        assert [row.split("  ")[0] for row in rows] == list(METRICS)
        f1_end = header.index("F1") + len("F1")
        for row in rows:
            assert row[f1_end - 1].isdigit()
            assert not row[f1_end].strip()
    assert re.search(r"^linked +100\.0 +33\.3 +50\.0 +1/1 +1/3  attributions$", output, re.M)


def test_evaluate_scores_what_the_extractor_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for directory in ("text", "attributions"):
        (tmp_path / directory).mkdir()
    for name in ("a", "b"):
        (tmp_path / "text" / f"{name}.txt").write_text(TEXT, encoding="utf-8")
        (tmp_path / "attributions" / f"{name}_0abc.ann").write_text(
            "T1\tAttribution 6 10\tsaid\nE1\tAttribution:T1\n", encoding="utf-8"
        )

    def extract_gold(articles: Iterable[Article], *, nlp: object) -> Iterator[AnalyzedArticle]:
        for article in articles:
            yield AnalyzedArticle(article, (attribution(cue=["said"]),))

    monkeypatch.setattr(onrecord.evaluation, "analyze_articles", extract_gold)

    report = evaluate(tmp_path, limit=1)

    assert report.documents == 1
    assert report.metric("linked").f1 == 100


def test_agreement_scores_the_second_annotator_against_the_gold_one(tmp_path: Path) -> None:
    for directory in ("text", "attributions"):
        (tmp_path / directory).mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    said = "T1\tAttribution 6 10\tsaid\nE1\tAttribution:T1\n"
    (tmp_path / "attributions" / "a_0abc.ann").write_text(said, encoding="utf-8")
    (tmp_path / "attributions" / "a_1234.ann").write_text("", encoding="utf-8")

    report = agreement([tmp_path, tmp_path])

    assert report.documents == 2
    linked = report.metric("linked")
    assert (linked.n_gold, linked.n_pred, linked.tp_gold) == (2, 0, 0)


@pytest.mark.slow
@pytest.mark.skipif(not POLNEAR.is_dir(), reason="the PolNeAR corpus is not in shared/")
def test_polnear_annotators_agree_as_the_readme_says() -> None:
    report = agreement([POLNEAR / "train", POLNEAR / "dev"])

    assert report.documents == 18
    assert round(report.metric("linked").f1, 1) == 74.6
    assert round(report.metric("content exact").f1, 1) == 67.4
