from .agreements import Agreement, AgreementParty
from .dataversion import DataVersion
from .funding import FundingCommitment
from .geography import FormerRegion, Province, Region
from .meetings import Indicator, Meeting, MeetingParticipant
from .organisations import Organisation, OrganisationName, Person
from .sources import Citation, Source
from .zones import Sector, Zone, ZoneEvent, ZoneJobFigure, ZoneOrganisation

__all__ = [
    "Agreement",
    "AgreementParty",
    "Citation",
    "DataVersion",
    "FormerRegion",
    "FundingCommitment",
    "Indicator",
    "Meeting",
    "MeetingParticipant",
    "Organisation",
    "OrganisationName",
    "Person",
    "Province",
    "Region",
    "Sector",
    "Source",
    "Zone",
    "ZoneEvent",
    "ZoneJobFigure",
    "ZoneOrganisation",
]

# Import previews are machinery, not registry records: registered, not exported.
from . import imports  # noqa: F401
