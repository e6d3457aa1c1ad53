from .practice import (
    CARD_SECTION_FIELDS,
    CARD_SECTIONS,
    OPTIONAL_CARD_SECTIONS,
    PRACTICE_FLAGS,
    FundingEntry,
    FundingProgramme,
    Organisation,
    Practice,
    PracticeDocument,
    PracticeOrganisation,
    Publication,
)
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
    "Ambito", "Comune", "DocumentKind", "FundingEntry", "FundingLevel", "FundingProgramme",
    "InvolvementRole", "Organisation", "OrganisationKind", "PolicyArea", "Practice", "PracticeDocument",
    "PracticeOrganisation", "Province", "Publication", "Region", "TargetGroup", "Tipologia",
]
