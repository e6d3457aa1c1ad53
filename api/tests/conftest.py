from practices.tests.conftest import publication, reference_data  # noqa: F401 (fixtures)
