import pytest

from submissions.tests.factories import comune


@pytest.fixture
def bari(db):
    return comune("072006", "Bari")
