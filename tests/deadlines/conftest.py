"""A sent request, and so a running execution clock, built as users build them."""

from __future__ import annotations

import pytest

from deadlines.models import Deadline
from tests.requests_mla.conftest import draft, kr_case  # noqa: F401  (fixtures)
from tests.requests_mla.test_documents import send


@pytest.fixture
def sent(personas, draft):  # noqa: F811
    send(personas, draft)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def clock(sent) -> Deadline:
    return Deadline.objects.for_subject(sent).get(kind="mla_sent")
