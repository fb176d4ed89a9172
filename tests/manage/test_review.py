"""The review staff read: labels, days and hours in words, highlighted words, added and removed items;
the history names who wrote and who approved each change."""
import re

from infotocka.extensions import db
from infotocka.models import Revision

from .conftest import edit_data


def _propose(editor, service, **changes):
    response = editor.post(f"/urejanje/storitev/{service.id}/uredi", data=edit_data(service, **changes))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(db.select(Revision).where(Revision.entity_id == service.id,
                                                       Revision.state == "pending"))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_review_shows_labels_hours_in_words_and_changed_words(as_role, listings):
    service, _ = listings
    description = service.description + " Sprejemamo tudi v sredo popoldne."
    revision = _propose(as_role("editor"), service, description=description, **{
        "schedules-0-days": ["MO-FR"], "schedules-0-opens_at": "8:00", "schedules-0-closes_at": "12:00",
        "phones-1-number": "041 123 456"})
    page = as_role("staff").get(f"/urejanje/predlog/{revision.id}").get_data(as_text=True)
    labels = re.findall(r"<dt>(.*?)</dt>", page)
    assert "Opis" in labels and "Delovni čas" in labels and "Telefoni" in labels
    for key in ("description", "schedules", "phones", "assured_date"):
        assert f"<dt>{key}</dt>" not in page
    assert "Nazadnje preverjeno" in labels
    assert "ponedeljek–petek 8.00–12.00" in _text(page)
    assert "MO,TU,WE,TH,FR" not in page
    # only the new words are highlighted, not the whole long text
    inserted = " ".join(re.findall(r"<ins>(.*?)</ins>", page, re.S))
    assert "popoldne." in inserted and service.description.split()[0] not in inserted
    phones = page[page.index("<dt>Telefoni</dt>"):]  # (the hours above have an added row of their own)
    added = phones[phones.index('class="added"'):]
    assert "041 123 456" in added[:added.index("</ul>")]


def test_history_names_the_author_and_the_approver(as_role, listings, accounts):
    service, _ = listings
    revision = _propose(as_role("editor"), service, name="Novo ime storitve")
    staff = as_role("staff")
    assert staff.post(f"/urejanje/predlog/{revision.id}/odobri").status_code == 302
    page = _text(staff.get(f"/urejanje/storitev/{service.id}/zgodovina").get_data(as_text=True))
    assert "napisal(a): urednik@csd.si" in page and "odobril(a): staff@infotocka.si" in page
    assert "Novo ime storitve" in page


def _list_under(page: str, label: str, kind: str) -> list[str]:
    """Return the items of the added or removed list shown under one field label of the review."""
    row = page[page.index(f"<dt>{label}</dt>"):]
    row = row[:row.index("</dd>")]
    if f'class="{kind}"' not in row:
        return []
    items = row[row.index(f'class="{kind}"'):]
    return [_text(item).strip() for item in re.findall(r"<li>(.*?)</li>", items[:items.index("</ul>")], re.S)]


def test_review_lists_a_removed_phone_and_the_changed_area(as_role, listings):
    from infotocka.models import Municipality

    service, _ = listings
    staff = as_role("staff")
    first = _propose(as_role("editor"), service, **{"phones-0-number": "03 56 52 100", "phones-0-type": "voice",
                                                    "phones-1-number": "041 123 456", "phones-1-type": "voice"})
    assert staff.post(f"/urejanje/predlog/{first.id}/odobri").status_code == 302
    db.session.expire_all()
    assert [p.number for p in service.phones] == ["03 56 52 100", "041 123 456"]
    assert [m.name for m in service.areas] == ["Trbovlje"]
    hrastnik = db.session.scalar(db.select(Municipality).where(Municipality.name == "Hrastnik"))
    changes = {"phones-0-number": "03 56 52 100", "phones-0-type": "voice", "phones-1-number": "",
               "municipalities": [str(hrastnik.id)]}
    revision = _propose(as_role("editor"), service, **changes)
    page = staff.get(f"/urejanje/predlog/{revision.id}").get_data(as_text=True)
    labels = re.findall(r"<dt>(.*?)</dt>", page)
    assert "Telefoni" in labels and "Območje" in labels and "service_areas" not in labels
    assert _list_under(page, "Telefoni", "removed") == ["041 123 456"]
    assert _list_under(page, "Telefoni", "added") == []  # the phone kept is not shown as changed
    assert _list_under(page, "Območje", "removed") == ["Trbovlje"]
    assert _list_under(page, "Območje", "added") == ["Hrastnik"]
    assert "Odstranjeno:" in _text(page) and "Dodano:" in _text(page)
