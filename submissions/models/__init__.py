from .call import Call, Declaration, EvaluationCriterion, RequiredAttachment
from .candidacy import (
    REQUIRED_CARD_SECTIONS,
    Candidacy,
    CandidacyAttachment,
    CandidacyEvent,
    CandidacyFunding,
    CandidacyOrganisation,
    ProtocolCounter,
)
from .membership import BodyMembership, Officer, bodies_of
from .review import AdmissibilityCheck, Score

__all__ = [
    "REQUIRED_CARD_SECTIONS", "AdmissibilityCheck", "BodyMembership", "Call", "Candidacy", "CandidacyAttachment",
    "CandidacyEvent", "CandidacyFunding", "CandidacyOrganisation", "Declaration", "EvaluationCriterion", "Officer",
    "ProtocolCounter", "RequiredAttachment", "Score", "bodies_of",
]
