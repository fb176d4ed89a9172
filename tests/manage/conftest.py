"""Fixtures for the editing side: sample listings, one account per role, a local SMTP stand-in."""
import socket
from datetime import date

import pytest
from aiosmtpd.controller import Controller

from infotocka.auth.operations import create_user
from infotocka.directory.hsds_export import service_to_hsds
from infotocka.extensions import db
from infotocka.manage.hsds_form import form_data
from infotocka.models import Organization, Service

PASSWORD = "pravilno-geslo-123"
ORG_A = "org-csd-zasavje-trbovlje"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"

    def texts(self) -> list[str]:
        import email
        from email import policy
        return [email.message_from_bytes(m.content, policy=policy.default).get_body().get_content()
                for m in self.messages]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    """A real SMTP server on 127.0.0.1 collecting what the app sends."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


@pytest.fixture
def listings(app, sample):
    """The sample directory; return (service of org A, service of another org B)."""
    a = db.session.scalars(db.select(Service).where(Service.organization_id == ORG_A).order_by(Service.id)).first()
    b = db.session.scalars(db.select(Service).where(Service.organization_id != ORG_A).order_by(Service.id)).first()
    return a, b


@pytest.fixture
def accounts(listings):
    a, b = listings
    return {
        "admin": create_user("admin@infotocka.si", "admin", password=PASSWORD),
        "staff": create_user("staff@infotocka.si", "staff", password=PASSWORD),
        "editor": create_user("urednik@csd.si", "editor", [a.organization_id], password=PASSWORD),
        "editor_b": create_user("urednik@drugi.si", "editor", [b.organization_id], password=PASSWORD),
    }


def login(client, email, password=PASSWORD):
    return client.post("/prijava", data={"email": email, "password": password})


@pytest.fixture
def as_role(app, accounts):
    """Return a function giving a signed-in test client for a role."""
    def make(role):
        client = app.test_client()
        response = login(client, accounts[role].email)
        assert response.status_code == 302, response.data
        return client
    return make


def flatten(data: dict) -> dict:
    """Turn nested form data into the flat names WTForms posts (phones-0-number, …)."""
    flat = {}
    for key, value in data.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for i, row in enumerate(value):
                for sub, subvalue in row.items():
                    if subvalue in (None, False):
                        continue
                    flat[f"{key}-{i}-{sub}"] = subvalue if isinstance(subvalue, list) else str(subvalue)
        elif value is not None and value != []:
            flat[key] = value if isinstance(value, list) else str(value)
    return flat


def edit_data(service: Service, **changes) -> dict:
    """Return POST data that re-submits a service's form with some fields changed."""
    data = form_data(service_to_hsds(service, public=False))
    data.update(base_version=service.version, **changes)
    return flatten(data)


def org_a() -> Organization:
    return db.session.get(Organization, ORG_A)


def today() -> str:
    return date.today().isoformat()
