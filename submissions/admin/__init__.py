"""The back office of calls, candidacies (the review queue) and officer accounts."""

from . import call, candidacy, officers  # noqa: F401
