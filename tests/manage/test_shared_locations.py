"""A location used by several organizations' services (issue 10): an editor of one could change the
other's listing through it, with nothing recorded on the other side.

The rule: editors may not change a shared location (staff may); a staff change is audited on every
other service it reaches."""
import pytest

from infotocka.extensions import db
from infotocka.models import AuditEntry, Location, Revision, ServiceAtLocation

from .conftest import edit_data


@pytest.fixture
def shared(listings):
    """Service A's first location, also used by service B of another organization."""
    a, b = listings
    location = a.service_at_locations[0].location
    db.session.add(ServiceAtLocation(id="sal-skupna", service_id=b.id, location_id=location.id, position=9))
    db.session.commit()
    return a, b, location


def _moved(service, **extra):
    return edit_data(service, **{"locations-0-address_1": "Nova ulica 99", **extra})


def test_an_editor_cannot_change_a_location_another_organization_uses(as_role, shared):
    a, b, location = shared
    address = location.addresses[0].address_1
    response = as_role("editor").post(f"/urejanje/storitev/{a.id}/uredi", data=_moved(a))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "uporabljajo tudi storitve drugih organizacij" in page and b.name in page
    assert "Nova ulica 99" in page  # kept in the form
    db.session.expire_all()
    assert db.session.get(Location, location.id).addresses[0].address_1 == address
    assert db.session.scalar(db.select(Revision).where(Revision.entity_id == a.id)) is None


def test_an_editor_may_still_edit_the_rest_of_a_listing_at_a_shared_location(as_role, shared):
    a, _b, _location = shared
    response = as_role("editor").post(f"/urejanje/storitev/{a.id}/uredi",
                                      data=edit_data(a, fees_description="Brezplačno."))
    assert response.status_code == 302


def test_a_staff_change_of_a_shared_location_is_audited_on_the_other_listing(as_role, shared, accounts):
    a, b, location = shared
    assert as_role("staff").post(f"/urejanje/storitev/{a.id}/uredi", data=_moved(a)).status_code == 302
    db.session.expire_all()
    assert db.session.get(Location, location.id).addresses[0].address_1 == "Nova ulica 99"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.entity_id == b.id,
                                                          AuditEntry.field == "location"))
    assert entry is not None and entry.user_id == accounts["staff"].id
    assert entry.new_value["location"]["addresses"][0]["address_1"] == "Nova ulica 99"
    history = as_role("staff").get(f"/urejanje/storitev/{b.id}/zgodovina").get_data(as_text=True)
    assert "Nova ulica 99" in history
