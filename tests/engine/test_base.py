"""Tasks in flight are bounded, results come in input order, and stopping cancels the rest."""

from __future__ import annotations

from itertools import count, islice

from onrecord._analyze import batched
from onrecord.engine._base import TASKS_PER_WORKER, in_order
from onrecord.results import AnalyzedArticle, Article


class FakeTask:
    """A task that is done as soon as it is submitted."""

    def __init__(self, chunk: list[Article]) -> None:
        self.chunk = chunk
        self.cancelled = False

    def cancel(self) -> bool:
        self.cancelled = True
        return True


def collect(task: FakeTask) -> list[AnalyzedArticle]:
    return [AnalyzedArticle(article=article) for article in task.chunk]


def test_results_come_in_input_order_with_a_bounded_number_of_tasks_out() -> None:
    submitted: list[FakeTask] = []
    collected: list[FakeTask] = []

    def submit(chunk: list[Article]) -> FakeTask:
        submitted.append(FakeTask(chunk))
        assert len(submitted) - len(collected) <= 2 * TASKS_PER_WORKER
        return submitted[-1]

    def collect_and_count(task: FakeTask) -> list[AnalyzedArticle]:
        collected.append(task)
        return collect(task)

    articles = [Article(text=str(number)) for number in range(20 * TASKS_PER_WORKER)]
    results = list(in_order(batched(articles, 2), submit, collect_and_count, workers=2))

    assert [result.article for result in results] == articles
    assert collected == submitted


def test_input_is_read_only_a_window_ahead_and_stopping_cancels_what_is_out() -> None:
    submitted: list[FakeTask] = []

    def submit(chunk: list[Article]) -> FakeTask:
        submitted.append(FakeTask(chunk))
        return submitted[-1]

    endless = (Article(text=str(number)) for number in count())
    results = in_order(batched(endless, 2), submit, collect, workers=1)

    first = list(islice(results, 3))
    results.close()

    assert [result.article.text for result in first] == ["0", "1", "2"]
    # The first two tasks' results were taken, and each made room for one more.
    assert len(submitted) == TASKS_PER_WORKER + 1
    assert [task.cancelled for task in submitted] == [False] * 2 + [True] * (TASKS_PER_WORKER - 1)
