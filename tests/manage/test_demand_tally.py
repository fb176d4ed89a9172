"""The info-point tally: staff record an enquiry in two taps; it adds one count per need, nothing personal."""
import sqlalchemy as sa

from infotocka.extensions import db
from infotocka.models import DemandCount

TALLY = "/urejanje/povprasevanje"
TRBOVLJE, ZAGORJE = 129, 142


def counted():
    c = DemandCount
    query = sa.select(c.municipality, c.need, c.outcome, c.channel, c.count)
    return sorted(tuple(r) for r in db.session.execute(query))


def test_a_staff_tally_adds_one_count_per_need_in_the_right_cell(app, as_role):
    app.config["HOME_MUNICIPALITY"] = "trbovlje"
    staff = as_role("staff")
    page = staff.get(TALLY).get_data(as_text=True)
    assert f'<option selected value="{TRBOVLJE}">Trbovlje</option>' in page  # pre-set to the info point's
    response = staff.post(TALLY, data={"needs": ["krizna-namestitev", "zrtve-nasilja"], "municipality": ZAGORJE,
                                       "outcome": "referred-away"})
    assert response.status_code == 303
    assert counted() == [(ZAGORJE, "krizna-namestitev", "referred-away", "desk", 1),
                         (ZAGORJE, "zrtve-nasilja", "referred-away", "desk", 1)]
    assert "Poizvedba je zabeležena" in staff.get(TALLY).get_data(as_text=True)


def test_only_staff_may_tally(app, as_role, client):
    data = {"needs": "pomoc-na-domu", "municipality": TRBOVLJE, "outcome": "yes"}
    assert as_role("editor").post(TALLY, data=data).status_code == 403
    assert as_role("editor").get(TALLY).status_code == 403
    assert client.post(TALLY, data=data).status_code == 302  # to the sign-in page
    assert as_role("admin").post(TALLY, data=data).status_code == 303
    assert counted() == [(TRBOVLJE, "pomoc-na-domu", "yes", "desk", 1)]


def test_a_tally_without_a_csrf_token_is_refused(app, as_role):
    staff = as_role("staff")
    app.config["WTF_CSRF_ENABLED"] = True
    response = staff.post(TALLY, data={"needs": "pomoc-na-domu", "municipality": TRBOVLJE, "outcome": "yes"})
    assert response.status_code == 400
    assert counted() == []


def test_an_incomplete_tally_is_a_clear_400_and_stores_nothing(app, as_role):
    staff = as_role("staff")
    response = staff.post(TALLY, data={"municipality": TRBOVLJE, "outcome": "yes"})
    assert response.status_code == 400
    assert "Izberite vsaj eno potrebo." in response.get_data(as_text=True)
    for bad in ({"needs": "ni-taka-koda", "municipality": TRBOVLJE, "outcome": "yes"},
                {"needs": "pomoc-na-domu", "municipality": "99999", "outcome": "yes"},
                {"needs": "pomoc-na-domu", "municipality": TRBOVLJE, "outcome": "morda"}):
        assert staff.post(TALLY, data=bad).status_code == 400, bad
    assert counted() == []


def test_the_switch_turns_the_tally_off(app, as_role):
    app.config["DEMAND_LOG"] = False
    staff = as_role("staff")
    staff.post(TALLY, data={"needs": "pomoc-na-domu", "municipality": TRBOVLJE, "outcome": "yes"})
    assert counted() == []
    assert "Štetje povpraševanja je izklopljeno" in staff.get(TALLY).get_data(as_text=True)
