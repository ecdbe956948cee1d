"""Code lists of the registry. Every status, kind or role is one of these classes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Qualifier(models.TextChoices):
    """How a number relates to the true value, as the source states it."""

    EXACT = "exact", _("Exactly")
    APPROXIMATELY = "approx", _("Approximately")
    MORE_THAN = "gt", _("More than")
    LESS_THAN = "lt", _("Less than")
    AT_LEAST = "gte", _("At least")
    AT_MOST = "lte", _("At most")


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ProvinceKind(models.TextChoices):
    PREFECTURE = "prefecture", _("Prefecture")
    PROVINCE = "province", _("Province")


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    MINISTRY = "ministry", _("Ministry")
    STATE_SECRETARIAT = "state_secretariat", _("State secretariat")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    PUBLIC_FINANCIAL_INSTITUTION = "public_financial_institution", _("Public financial institution")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    PROVINCIAL_COUNCIL = "provincial_council", _("Provincial council")
    WILAYA = "wilaya", _("Wilaya or prefecture")
    REGIONAL_INVESTMENT_CENTRE = "regional_investment_centre", _("Regional investment centre")
    PUBLIC_COMPANY = "public_company", _("Public company")
    PRIVATE_COMPANY = "private_company", _("Private company")
    UNIVERSITY = "university", _("University")
    BUSINESS_FEDERATION = "business_federation", _("Business federation")
    CHAMBER = "chamber", _("Chamber of commerce")
    CONSORTIUM = "consortium", _("Consortium")
    FUND_PROGRAMME = "fund_programme", _("Fund or programme")
    MEDIA = "media", _("Media outlet")
    OTHER = "other", _("Other")


class ZoneKind(models.TextChoices):
    INDUSTRIAL_ZONE = "industrial_zone", _("Industrial zone")
    INDUSTRIAL_QUARTER = "industrial_quarter", _("Industrial quarter")
    AGROPOLE = "agropole", _("Agropole")
    TECHNOLOGY_PARK = "technology_park", _("Technology or offshoring park")
    OFFSHORING_CENTRE = "offshoring_centre", _("Offshoring centre")
    ECONOMIC_ACTIVITY_ZONE = "economic_activity_zone", _("Economic activity zone")
    INDUSTRIAL_ACCELERATION_ZONE = "industrial_acceleration_zone", _("Industrial acceleration zone")
    COMPANY_SITE = "company_site", _("Company site")
    PROGRAMME = "programme", _("Programme")
    TRAINING_FACILITY = "training_facility", _("Training facility")
    OTHER = "other", _("Other")


class ZoneStatus(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPERATIONAL = "operational", _("Operational")
    REDEVELOPMENT = "redevelopment", _("Being redeveloped")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class ZoneRole(models.TextChoices):
    DEVELOPER = "developer", _("Developer")
    OPERATOR = "operator", _("Operator")
    OWNER = "owner", _("Owner")
    PROMOTER = "promoter", _("Promoter")
    PARTNER = "partner", _("Partner")
    FUNDER = "funder", _("Funder")
    OCCUPANT = "occupant", _("Occupant")
    IMPLEMENTER = "implementer", _("Implementer")
    STUDY_INITIATOR = "study_initiator", _("Initiator of studies")
    SOURCE_OF_FIGURES = "source_of_figures", _("Source of the figures")


class JobKind(models.TextChoices):
    DIRECT = "direct", _("Direct")
    INDIRECT = "indirect", _("Indirect")
    TOTAL = "total", _("Total")


class JobBasis(models.TextChoices):
    TARGET = "target", _("Target")
    ACTUAL = "actual", _("Actual")


class ZoneEventKind(models.TextChoices):
    LAUNCH = "launch", _("Launch")
    INAUGURATION = "inauguration", _("Inauguration")
    WORKS_STARTED = "works_started", _("Works started")
    WORKS_PROGRESS = "works_progress", _("Works progress")
    COMPLETION = "completion", _("Completion")
    PAST_USE = "past_use", _("Past use of the site")


class AgreementKind(models.TextChoices):
    MEMORANDUM_OF_UNDERSTANDING = "mou", _("Memorandum of understanding")
    PARTNERSHIP = "partnership", _("Partnership")
    CONVENTION = "convention", _("Convention")
    FRAMEWORK_AGREEMENT = "framework", _("Framework agreement")
    CONSORTIUM_AGREEMENT = "consortium", _("Consortium agreement")
    PROTOCOL = "protocol", _("Protocol")
    PROJECT_PARTNERSHIP = "project_partnership", _("Project partnership")


class AgreementStatus(models.TextChoices):
    ANNOUNCED = "announced", _("Announced")
    SIGNED = "signed", _("Signed")
    IN_FORCE = "in_force", _("In force")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated")


class PartyRole(models.TextChoices):
    SIGNATORY = "signatory", _("Signatory")
    PARTNER = "partner", _("Partner")
    CONSORTIUM_MEMBER = "consortium_member", _("Consortium member")
    FUNDER = "funder", _("Funder")
    IMPLEMENTER = "implementer", _("Implementer")
    DEVELOPER = "developer", _("Developer")
    ORGANISER = "organiser", _("Organiser")
    STATE_REPRESENTATIVE = "state_representative", _("Represents the State")
    FRAMEWORK_PROGRAMME = "framework_programme", _("Framework programme")


class FundingKind(models.TextChoices):
    ALLOCATION = "allocation", _("Allocation")
    BUDGET = "budget", _("Budget")
    PROJECT_COST = "project_cost", _("Project cost")
    GRANT = "grant", _("Grant")
    LOAN = "loan", _("Loan")
    PLEDGE = "pledge", _("Pledge")
    DISBURSEMENT = "disbursement", _("Disbursement")
    FUNDING_PROGRAMME = "funding_programme", _("Funding programme (no amount stated)")


class MeetingKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation meeting")
    STUDY_DAY = "study_day", _("Study day")
    SIGNING_CEREMONY = "signing", _("Signing ceremony")
    FORUM = "forum", _("Forum")
    OTHER = "other", _("Other")


class ParticipantRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    CO_CHAIR = "co_chair", _("Co-chair")
    ORGANISER = "organiser", _("Organiser")
    PARTICIPANT = "participant", _("Participant")
    HOST = "host", _("Host")


class IndicatorKind(models.TextChoices):
    EXPORT_VALUE = "export_value", _("Export value")
    ZONE_COUNT = "zone_count", _("Number of industrial zones")
    PROGRESS = "progress", _("Works progress")
    DISTANCE = "distance", _("Distance")
    QUALITATIVE = "qualitative", _("Qualitative statement")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
