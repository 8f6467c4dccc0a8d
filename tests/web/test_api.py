"""The JSON API against its own OpenAPI schema, fuzzed by schemathesis in-process.

Every operation gets generated requests, valid and invalid, over a store with data; each
answer must be documented (status, content type, body schema) and none may be a 5xx. The runs
are bounded: a fixed number of examples, derandomized, so CI runs the same requests each time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis import GenerationMode
from schemathesis.checks import positive_data_acceptance

from onrecord.stance import NEITHER, Stance
from onrecord.web import create_app

if TYPE_CHECKING:
    from schemathesis import Case, CheckFunction, Response
    from schemathesis.generation.stateful.state_machine import StepInput, StepOutput
    from schemathesis.specs.openapi.schemas import OpenApiSchema

    from onrecord.store import Store

EXAMPLES = 60
SEQUENCES = 25
# Schemathesis makes no invalid request for these: any text is an article id to look up, and
# the saved lines are listed without parameters.
WITHOUT_INVALID_REQUESTS = {"GET /api/articles/{article_id}", "GET /api/lines"}
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


class _Indifferent:
    """A stance model that reads nothing: the answers' shapes are what is tested here, and
    the shipped model would read up to a thousand statements for each line asked for."""

    def classify(self, position: str, statements: Sequence[str]) -> list[Stance]:
        return [Stance(NEITHER, 0.1, 0.1, 0.8, 0.5) for _ in statements]


@pytest.fixture(scope="module")
def api_schema(web_store: Store) -> OpenApiSchema:
    # The test client's host name is allowed besides this machine's: the app refuses others.
    app = create_app(web_store, allowed_hosts=["testserver"], stance_model=_Indifferent())
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _excluded_checks(case: Case) -> list[CheckFunction]:
    # An article must be English prose, which no schema can say: a schema-valid text may get a
    # 422 that says why it cannot be analyzed. A line needs a position or a saved line's name,
    # one of two query parameters, which no schema of them can say either. Every other
    # operation's limits are in its schema.
    if case.operation.label in ("POST /api/analyze", "GET /api/line"):
        return [positive_data_acceptance]
    return []


@pytest.mark.slow
@pytest.mark.parametrize("mode", list(GenerationMode))
def test_every_operation_answers_as_documented(
    api_schema: OpenApiSchema, mode: GenerationMode
) -> None:
    for result in api_schema.get_all_operations():
        operation = result.ok()
        if mode is GenerationMode.NEGATIVE and operation.label in WITHOUT_INVALID_REQUESTS:
            continue

        @BOUNDED
        @given(case=operation.as_strategy(mode))
        def answers_as_documented(case: Case) -> None:
            case.call_and_validate(excluded_checks=_excluded_checks(case))

        answers_as_documented()


@pytest.mark.slow
def test_sequences_of_operations_answer_as_documented(api_schema: OpenApiSchema) -> None:
    """Sequences that follow the schema's links: from a listing to its rows, and on."""
    followed: set[str] = set()

    class Machine(api_schema.as_state_machine()):  # type: ignore[misc]
        def step(self, input: StepInput) -> StepOutput:
            if input.transition is not None and input.is_applied:
                followed.add(input.transition.id)
            output: StepOutput = super().step(input)
            return output

        def validate_response(
            self, response: Response, case: Case, *args: object, **kwargs: object
        ) -> None:
            case.validate_response(response, excluded_checks=_excluded_checks(case))

    run_state_machine_as_test(Machine, settings=settings(BOUNDED, max_examples=SEQUENCES))

    links = {
        f"{method.upper()} {path} -> [{status}] {name} -> GET {_target(link['operationRef'])}"
        for path, methods in api_schema.raw_schema["paths"].items()
        for method, operation in methods.items()
        for status, response in operation["responses"].items()
        for name, link in response.get("links", {}).items()
    }
    assert len(links) == 6
    assert followed == links


def _target(reference: str) -> str:
    """The path of a ``#/paths/~1api~1.../get`` reference."""
    return reference.split("/")[2].replace("~1", "/")
