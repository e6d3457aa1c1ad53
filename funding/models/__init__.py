from .agreement import Agreement, AgreementAmount, PracticeFunding
from .documents import AgreementDocument, FundingCallDocument, ProgrammeDocument
from .programme import FundingCall, Programme

__all__ = [
    "Agreement", "AgreementAmount", "AgreementDocument", "FundingCall", "FundingCallDocument", "PracticeFunding",
    "Programme", "ProgrammeDocument",
]
