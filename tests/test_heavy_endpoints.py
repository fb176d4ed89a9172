"""Heavy anonymous answers cannot take the site down: exports and coverage reports are built once
per data version in the background (never by each request), and inputs are capped."""
import fcntl
from pathlib import Path

import pytest

from tests.conftest import rename


@pytest.fixture
def builder_elsewhere(app):
    """Hold the export builders' lock as another worker building an export would."""
    folder = Path(app.config["CACHE_DIR"]) / "export"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield fh


@pytest.mark.parametrize("path", ["/api/v1/export.json", "/api/v1/export.zip"])
def test_an_export_is_built_once_per_data_version(client, sample, path):
    first = client.get(path)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(path)
    assert again.headers["ETag"] == first.headers["ETag"] and again.data == first.data
    assert client.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    rename("svc-dut-prosti-cas", "Kurentovanje za upokojence")
    changed = client.get(path)
    assert changed.headers["ETag"] != first.headers["ETag"]
    if path.endswith(".json"):
        assert any(s["name"] == "Kurentovanje za upokojence" for s in changed.get_json())


def test_while_another_worker_builds_the_previous_version_is_served(app, client, sample, request):
    old = client.get("/api/v1/export.json")
    request.getfixturevalue("builder_elsewhere")
    app.config["PRECOMPUTED_WAIT"] = 0
    rename("svc-dut-prosti-cas", "Kurentovanje za upokojence")
    stale = client.get("/api/v1/export.json")  # answered at once, from the last complete file
    assert stale.status_code == 200 and stale.headers["ETag"] == old.headers["ETag"]


def test_with_nothing_built_yet_the_answer_is_503_with_retry_after(app, client, sample, builder_elsewhere):
    app.config["PRECOMPUTED_WAIT"] = 0
    response = client.get("/api/v1/export.zip")
    assert response.status_code == 503 and response.headers["Retry-After"] == "30"
    assert "pripravljamo" in response.get_json()["message"]


def test_coverage_answers_are_cached_per_data_version(client, sample):
    first = client.get("/api/v1/coverage?region=zasavska&by=kind")
    assert first.status_code == 200 and first.get_json()["region"]["slug"] == "zasavska"
    assert client.get("/api/v1/coverage?region=zasavska&by=kind").headers["ETag"] == first.headers["ETag"]
    page = client.get("/pokritost?region=zasavska")
    assert page.status_code == 200 and "Trbovlje" in page.get_data(as_text=True)
    english = client.get("/pokritost?region=zasavska&lang=en")
    assert english.get_data(as_text=True) != page.get_data(as_text=True)  # one file per language
    assert client.get("/pokritost?region=nikjer").status_code == 400  # checked before anything is built
    assert client.get("/pokritost?map=nic").status_code == 400


def test_api_search_text_is_capped(client, sample):
    fifty = " ".join(["pomoč"] * 50)
    assert client.get("/api/v1/services", query_string={"search": fifty}).status_code == 200
    long_ = client.get("/api/v1/services", query_string={"search": fifty + " doma"})
    assert long_.status_code == 400 and "največ 500 znakov in 50 besed" in long_.get_json()["message"]
    assert client.get("/api/v1/services", query_string={"search": "a" * 501}).status_code == 400


def test_an_over_long_query_string_is_refused_everywhere(client, sample):
    for path in ("/iskanje", "/api/v1/services", "/pokritost", "/kiosk/iskanje"):
        response = client.get(path, query_string={"q": "x" * 3000})
        assert response.status_code == 414, path
