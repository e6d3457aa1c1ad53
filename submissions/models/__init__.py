from .candidacy import (
    Candidacy,
    CandidacyAttachment,
    CandidacyEvent,
    CandidacyFunding,
    CandidacyOrganisation,
    CandidacyPartner,
    ProtocolCounter,
)
from .membership import BodyMembership, Officer, bodies_of
from .review import AdmissibilityCheck, Score

__all__ = [
    "AdmissibilityCheck", "BodyMembership", "Candidacy", "CandidacyAttachment",
    "CandidacyEvent", "CandidacyFunding", "CandidacyOrganisation", "CandidacyPartner",
    "Officer", "ProtocolCounter", "Score", "bodies_of",
]
