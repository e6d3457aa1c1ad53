from .practice import (
    CARD_SECTION_FIELDS,
    CARD_SECTIONS,
    OPTIONAL_CARD_SECTIONS,
    PRACTICE_FLAGS,
    FundingEntry,
    FundingProgramme,
    Practice,
    PracticeParticipant,
    Publication,
)
from .body import Body
from .documents import TITLE_MAX_LENGTH, BodyDocument, DocumentBase, PracticeDocument
from .taxonomy import (
    DocumentKind,
    FundingLevel,
    InvolvementRole,
    OrganisationKind,
    PolicyArea,
    TargetGroup,
    Tipologia,
)
from .territory import Ambito, Comune, Province, Region

__all__ = [
    "CARD_SECTIONS", "CARD_SECTION_FIELDS", "OPTIONAL_CARD_SECTIONS", "PRACTICE_FLAGS",
    "TITLE_MAX_LENGTH", "Ambito", "Body", "BodyDocument", "Comune", "DocumentBase", "DocumentKind", "FundingEntry", "FundingLevel", "FundingProgramme",
    "InvolvementRole", "OrganisationKind", "PolicyArea", "Practice", "PracticeDocument",
    "PracticeParticipant", "Province", "Publication", "Region", "TargetGroup", "Tipologia",
]
