from practices.tests.conftest import publication, reference_data, staff_client  # noqa: F401 (fixtures)
