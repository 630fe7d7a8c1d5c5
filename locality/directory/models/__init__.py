from .hsds import (
    HSDS_MODELS,
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Metadata,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    Taxonomy,
    TaxonomyTerm,
    Unit,
)
from .stewardship import AssetSuggestion, DuplicateCandidate, ImportRun

__all__ = [
    "HSDS_MODELS", "Accessibility", "Address", "AssetSuggestion", "Attribute", "Contact",
    "CostOption", "DuplicateCandidate", "Funding", "ImportRun", "Language", "Location",
    "Metadata", "Organization", "OrganizationIdentifier", "Phone", "Program",
    "RequiredDocument", "Schedule", "Service", "ServiceArea", "ServiceAtLocation",
    "ServiceCapacity", "Taxonomy", "TaxonomyTerm", "Unit",
]  # fmt: skip
