from .candidacy import (
    REQUIRED_CARD_SECTIONS,
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
    "REQUIRED_CARD_SECTIONS", "AdmissibilityCheck", "BodyMembership", "Candidacy", "CandidacyAttachment",
    "CandidacyEvent", "CandidacyFunding", "CandidacyOrganisation", "CandidacyPartner",
    "Officer", "ProtocolCounter", "Score", "bodies_of",
]
