"""The members HSDS 3.0 defines for each object (from the official schemas; tests/hsds checks they match)."""

FIELDS = {
    "service": tuple("""
        id organization_id program_id name alternate_name description url email status
        interpretation_services application_process fees_description wait_time fees accreditations
        eligibility_description minimum_age maximum_age assured_date assurer_email licenses alert
        last_modified phones schedules service_areas service_at_locations languages organization funding
        cost_options program required_documents contacts attributes metadata
    """.split()),
    "organization": tuple("""
        id name alternate_name description email website tax_status tax_id year_incorporated legal_status
        logo uri parent_organization_id funding contacts phones locations programs organization_identifiers
        attributes metadata
    """.split()),
    "location": tuple("""
        id location_type url organization_id name alternate_name description transportation latitude
        longitude external_identifier external_identifier_type languages addresses contacts accessibility
        phones schedules attributes metadata
    """.split()),
    "service_at_location": tuple("""
        id service_id location_id description contacts phones schedules location attributes metadata
    """.split()),
    "phone": tuple("""
        id location_id service_id organization_id contact_id service_at_location_id number extension type
        description languages attributes metadata
    """.split()),
    "schedule": tuple("""
        id service_id location_id service_at_location_id valid_from valid_to dtstart timezone until count
        wkst freq interval byday byweekno bymonthday byyearday description opens_at closes_at schedule_link
        attending_type notes attributes metadata
    """.split()),
    "address": tuple("""
        id location_id attention address_1 address_2 city region state_province postal_code country
        address_type attributes metadata
    """.split()),
    "service_area": tuple("""
        id service_id name description extent extent_type uri attributes metadata
    """.split()),
    "language": tuple("""
        id service_id location_id phone_id name code note attributes metadata
    """.split()),
    "attribute": tuple("""
        id link_id taxonomy_term_id link_type link_entity value taxonomy_term metadata
    """.split()),
    "taxonomy_term": tuple("""
        id code name description parent_id taxonomy taxonomy_detail language taxonomy_id term_uri metadata
    """.split()),
    "taxonomy": tuple("""
        id name description uri version metadata
    """.split()),
    "accessibility": tuple("""
        id location_id description details url attributes metadata
    """.split()),
    "contact": tuple("""
        id organization_id service_id service_at_location_id location_id name title department email phones
        attributes metadata
    """.split()),
}
