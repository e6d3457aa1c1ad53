"""The error every refused move raises, in its own module so that the effects of transitions
(effects.py) and the workflow that runs them can both raise it without importing each other."""


class WorkflowError(Exception):
    """A move that is not allowed; the message says why, in words for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
