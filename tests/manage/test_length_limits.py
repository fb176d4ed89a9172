"""No text field takes more than it can sensibly hold (issue 10: 10.8 MB went in through the form)."""
import pytest

from infotocka.extensions import db
from infotocka.models import Organization, Revision, Service

from .conftest import ORG_A, edit_data, flatten

TOO_LONG = "Predolgo besedilo. " * 600  # 11,400 characters


@pytest.mark.parametrize("field, limit", [("description", 10_000), ("eligibility_description", 5_000),
                                          ("application_process", 5_000), ("fees_description", 5_000),
                                          ("sources", 5_000), ("locations-0-transportation", 1_000),
                                          ("locations-0-accessibility", 1_000), ("alert", 1_000),
                                          ("name", 300), ("phones-0-description", 300)])
def test_every_long_text_of_the_service_form_has_a_limit(as_role, listings, field, limit):
    service, _ = listings
    response = as_role("editor").post(f"/urejanje/storitev/{service.id}/uredi",
                                      data=edit_data(service, **{field: TOO_LONG}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f"največ {limit}" in page.lower()
    assert db.session.scalar(db.select(Revision).where(Revision.entity_id == service.id)) is None


def test_a_description_at_the_limit_is_accepted(as_role, listings):
    service, _ = listings
    response = as_role("staff").post(f"/urejanje/storitev/{service.id}/uredi",
                                     data=edit_data(service, description="a" * 10_000))
    assert response.status_code == 302
    db.session.expire_all()
    assert len(db.session.get(Service, service.id).description) == 10_000


def test_the_organization_description_has_a_limit(as_role, listings):
    from infotocka.directory.hsds_export import organization_to_hsds
    from infotocka.manage.org_forms import organization_form_data

    org = db.session.get(Organization, ORG_A)
    data = flatten({**organization_form_data(organization_to_hsds(org)), "base_version": org.version,
                    "description": TOO_LONG})
    response = as_role("staff").post(f"/urejanje/organizacija/{ORG_A}/uredi", data=data)
    assert response.status_code == 200 and "Besedilo je predolgo: največ 10000 znakov" in response.get_data(as_text=True)


def test_a_huge_password_is_refused_before_it_is_hashed(app, accounts):
    response = app.test_client().post("/prijava", data={"email": "urednik@csd.si", "password": "x" * 1_000_000})
    assert response.status_code == 200 and "Največ 200 znakov." in response.get_data(as_text=True)
