"""Schemathesis against the running service's own OpenAPI 3.1 document (bounded: few examples).

Schemathesis' pytest loader (``from_fixture``) does not run under pytest 9 (it sets
``Function._nodeid``), so each operation's strategy is drawn with Hypothesis directly.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import Case
from schemathesis.checks import positive_data_acceptance
from schemathesis.generation import GenerationMode

from tests.dss_service.conftest import Service


@pytest.fixture(scope="module")
def fuzzed(dss: Service) -> Service:
    dss.admin.namespace("fuzz", ["es", "fr"])
    dss.editor.string("fuzz", "k", text="Hello {name}")
    return dss


def test_the_document_is_openapi_3_1(dss: Service) -> None:
    document = dss.viewer.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": f"{dss.url}/api/v1"}]
    assert "/namespaces/{ns}/bundles/{locale}" in document["paths"]


@pytest.mark.slow
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi(fuzzed: Service, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_url(f"{fuzzed.url}/api/v1/openapi.json")
    headers = {"Authorization": f"Bearer {fuzzed.admin.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    # Rules across fields or across resources (text within its max_length, a state filter
    # needs a locale, a bundle locale must be one of the namespace's) cannot be written in
    # the schema, so schema-valid data may be refused with 400/422 by design.
    excluded = [positive_data_acceptance] if mode == GenerationMode.POSITIVE else []
    assert len(operations) == 18
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=2,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Case) -> None:
            case.call_and_validate(headers=headers, excluded_checks=excluded)

        check()
