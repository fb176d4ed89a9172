"""All models, importable from one place."""
from .changelog import Change
from .contact import Phone, Schedule
from .demand import DemandCount, UnmatchedSearch
from .embedding import Embedding, ServiceEmbedding
from .geocode_cache import GeocodeCache
from .imported_taxonomy import ImportedTaxonomy, ImportedTerm
from .geography import Municipality, PostalCode, Region, Settlement
from .location import Address, Location, ServiceAtLocation
from .organization import Organization, organization_term
from .service import STATUSES, Service, service_area, service_term
from .audit import AuditEntry
from .report import REPORT_TOPICS, ProblemReport
from .revision import Revision
from .join_request import JOIN_KINDS, JoinRequest
from .redirect import DistinctPair, OrganizationRedirect, ServiceRedirect
from .user import ROLES, User, user_organization
from .taxonomy import KINDS_OF_HELP, PROVIDER_TYPES, TARGET_GROUPS, TAXONOMIES, TaxonomyTerm

__all__ = [
    "AuditEntry", "DistinctPair", "JOIN_KINDS", "JoinRequest", "ProblemReport", "REPORT_TOPICS", "ROLES", "Revision", "User",
    "user_organization", "Address", "Change", "DemandCount", "Embedding", "GeocodeCache",
    "ImportedTaxonomy", "ImportedTerm", "KINDS_OF_HELP", "Location", "Municipality", "Organization",
    "OrganizationRedirect", "PROVIDER_TYPES",
    "Phone", "PostalCode", "Region", "STATUSES", "Schedule", "Service", "ServiceAtLocation", "ServiceRedirect",
    "Settlement", "TARGET_GROUPS", "TAXONOMIES", "TaxonomyTerm", "UnmatchedSearch", "organization_term",
    "service_area", "service_term",
]
