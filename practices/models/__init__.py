from .practice import (
    CARD_SECTION_FIELDS,
    CARD_SECTIONS,
    PRACTICE_FLAGS,
    REQUIRED_SECTIONS_BY_STAGE,
    FundingEntry,
    FundingProgramme,
    Organisation,
    Practice,
    PracticeDocument,
    PracticeOrganisation,
    Publication,
    Stage,
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
    "CARD_SECTIONS", "CARD_SECTION_FIELDS", "PRACTICE_FLAGS", "REQUIRED_SECTIONS_BY_STAGE", "Stage",
    "Ambito", "Comune", "DocumentKind", "FundingEntry", "FundingLevel", "FundingProgramme",
    "InvolvementRole", "Organisation", "OrganisationKind", "PolicyArea", "Practice", "PracticeDocument",
    "PracticeOrganisation", "Province", "Publication", "Region", "TargetGroup", "Tipologia",
]
