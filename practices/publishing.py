"""The one path by which a practice enters or leaves the public catalogue.

The back office's actions and the import call `publish` and `unpublish` here. They hand a
practice to its owner when it has one, and otherwise use the model's low-level
Practice.publish()/unpublish(), the only writers of `is_published`. An app whose own record
decides the publication registers an owner here: submissions does, for practices published
from a candidacy, so that the candidacy moves through its workflow and its history records
the step. practices imports no such app.
"""


class PublicationRefused(Exception):
    """The owner refused the move; the message says why, in words for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


_owners = []


def register_owner(owner):
    """`owner` has owns(practice), publish(practice, user) and unpublish(practice, user, note)."""
    if owner not in _owners:
        _owners.append(owner)


def owner_of(practice):
    return next((owner for owner in _owners if owner.owns(practice)), None)


def publish(practice, user):
    """Put a practice in the catalogue, through its owner if it has one; raises PublicationRefused."""
    owner = owner_of(practice)
    if owner:
        owner.publish(practice, user)
    else:
        practice.publish()
    practice.refresh_from_db()


def unpublish(practice, user, note=""):
    """Take a practice off the catalogue, through its owner if it has one; raises PublicationRefused."""
    owner = owner_of(practice)
    if owner:
        owner.unpublish(practice, user, note)
    else:
        practice.unpublish()
    practice.refresh_from_db()
