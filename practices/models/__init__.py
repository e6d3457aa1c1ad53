from .practice import (
    CARD_SECTION_FIELDS,
    CARD_SECTIONS,
    PRACTICE_FLAGS,
    REQUIRED_SECTIONS_BY_STAGE,
    Practice,
    PracticeParticipant,
    Publication,
    Stage,
)
from .body import Body
from .documents import TITLE_MAX_LENGTH, BodyDocument, DocumentBase, PracticeDocument
from .taxonomy import (
    DocumentKind,
    FundingLevel,
    InvolvementRole,
    PolicyArea,
    TargetGroup,
    Tipologia,
)
from .territory import Ambito, AssociationForm, Comune, Province, Region
from .zone_plan import ZonePlan

__all__ = [
    "CARD_SECTIONS", "CARD_SECTION_FIELDS", "PRACTICE_FLAGS", "REQUIRED_SECTIONS_BY_STAGE", "Stage",
    "TITLE_MAX_LENGTH", "Ambito", "AssociationForm", "Body", "BodyDocument", "Comune", "DocumentBase", "DocumentKind",
    "FundingLevel", "InvolvementRole", "PolicyArea", "Practice", "PracticeDocument",
    "PracticeParticipant", "Province", "Publication", "Region", "TargetGroup", "Tipologia", "ZonePlan",
]
