"""Files of taxonomies and taxonomy terms import: other systems' terms keep their UUIDs, codes and hierarchy
and are served by the API (valid against the official schemas); the directory's own taxonomy is never
changed by an import."""
import io
import json
import zipfile

from hsds_schemas import errors, example, page_errors
from infotocka.directory.hsds_ids import hsds_uuid
from infotocka.directory.hsds_import import import_path, import_records
from infotocka.extensions import db
from infotocka.models import ImportedTerm, TaxonomyTerm
from test_hsds_examples import lost

OFFICIAL_TERM = "3f7b145d-84af-42d7-8fae-eaca714b02b2"
OFFICIAL_TAXONOMY = "5c4d79d7-cc55-470e-9f1f-8cad074e4892"


def _file(tmp_path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _exported_terms(client) -> str:
    with zipfile.ZipFile(io.BytesIO(client.get("/api/v1/export.zip").get_data())) as archive:
        return archive.read("taxonomy_terms.csv").decode("utf-8")


def test_the_official_taxonomy_examples_import_as_lists_and_pages(client, runner, tmp_path):
    files = [_file(tmp_path, "taxonomy_list.json", example("taxonomy_list.json")),  # pages
             _file(tmp_path, "taxonomy_term_list.json", example("taxonomy_term_list.json")),
             _file(tmp_path, "taxonomy.json", [example("taxonomy.json")]),  # lists
             _file(tmp_path, "taxonomy_term.json", [example("taxonomy_term.json")])]
    assert OFFICIAL_TERM not in _exported_terms(client)  # the cached package of the data before the import
    result = runner.invoke(args=["import", *files])
    assert result.exit_code == 0, result.output
    assert OFFICIAL_TERM in _exported_terms(client)  # the import is a change: the package is built again
    assert "2 created" in result.output and "0 rejected" in result.output  # then the same again: unchanged
    term = client.get(f"/api/v1/taxonomy_terms/{OFFICIAL_TERM}").get_json()
    original = example("taxonomy_term.json")
    assert term["code"] == "code" and term["parent_id"] == original["parent_id"]
    assert term["taxonomy_id"] == OFFICIAL_TAXONOMY  # from its taxonomy_detail
    assert lost({k: v for k, v in original.items() if k != "taxonomy_detail"}, term) == []
    assert errors(term, "taxonomy_term.json") == []
    taxonomy = client.get(f"/api/v1/taxonomies/{OFFICIAL_TAXONOMY}").get_json()
    assert taxonomy == example("taxonomy.json") and errors(taxonomy, "taxonomy.json") == []
    assert db.session.scalar(db.select(db.func.count()).select_from(TaxonomyTerm).where(TaxonomyTerm.code == "code")) == 0


def test_terms_of_another_taxonomy_keep_their_hierarchy_and_are_not_merged(client, app):
    terms = [{"id": "ct-1", "code": "OLD", "name": "Starejši (tuji)", "description": "Top term.",
              "taxonomy_detail": {"id": "tx-care", "name": "Care terms", "description": "Another system's."}},
             {"id": "ct-2", "code": "starejsi", "name": "Oskrba na domu", "description": "Child.", "parent_id": "ct-1",
              "taxonomy_id": "tx-care", "x_weight": 3, "colour": "red"}]
    report = import_records(terms)
    assert (report.created, report.rejected) == (2, 0), report.problems  # both terms (and the taxonomy of the first)
    assert [(p.record_id, p.field) for p in report.problems] == [("ct-2", "colour")]  # kept as x_colour
    ours = db.session.get(TaxonomyTerm, "starejsi")
    assert (ours.taxonomy, ours.name_sl) == ("ciljne-skupine", "Starejši")  # our term with that code is untouched
    child = db.session.get(ImportedTerm, "ct-2")
    assert child.parent_id == hsds_uuid("taxonomy_term", "ct-1") and child.data["x_colour"] == "red"
    taxonomy_id = hsds_uuid("taxonomy", "tx-care")
    listed = client.get(f"/api/v1/taxonomy_terms?taxonomy_id={taxonomy_id}").get_json()
    assert [t["x_source_id"] for t in listed["contents"]] == sorted(["ct-1", "ct-2"], key=lambda k: hsds_uuid(
        "taxonomy_term", k))
    assert page_errors(listed, "taxonomy_term.json") == []
    top = client.get(f"/api/v1/taxonomy_terms?taxonomy_id={taxonomy_id}&top_only=true").get_json()["contents"]
    assert [t["code"] for t in top] == ["OLD"]
    children = client.get("/api/v1/taxonomy_terms?parent_id=ct-1").get_json()["contents"]
    assert [t["code"] for t in children] == ["starejsi"]
    parent_uuid = hsds_uuid("taxonomy_term", "ct-1")
    assert client.get(f"/api/v1/taxonomy_terms?parent_id={parent_uuid}").get_json()["contents"] == children
    assert client.get("/api/v1/taxonomy_terms?search=oskrba+na").get_json()["contents"] == children
    found = client.get("/api/v1/taxonomies?search=another").get_json()
    assert [t["id"] for t in found["contents"]] == [taxonomy_id] and page_errors(found, "taxonomy.json") == []
    assert import_records(terms).unchanged == 2


def test_our_own_terms_come_back_unchanged_and_none_is_added(client, app):
    exported = client.get("/api/v1/taxonomy_terms?per_page=100").get_json()["contents"]
    ours = client.get("/api/v1/taxonomies").get_json()["contents"]
    report = import_records([*exported, ours[0], {**exported[0], "taxonomy_detail": ours[0]}])
    assert (report.unchanged, report.created, report.rejected) == (len(exported) + 2, 0, 0), report.problems
    assert client.get("/api/v1/taxonomies").get_json()["total_items"] == 3  # none of ours came back as imported
    new = {"id": "t-new", "code": "novo", "name": "Novo", "description": "", "taxonomy": "ciljne-skupine"}
    report = import_records([new])
    assert report.rejected == 1 and report.problems[0].field == "code"
    assert "data/taxonomy.csv" in report.problems[0].message
    assert db.session.get(TaxonomyTerm, "novo") is None and db.session.get(ImportedTerm, "t-new") is None


def test_a_malformed_term_is_rejected_alone(app, tmp_path):
    path = _file(tmp_path, "terms.json", {"contents": [
        {"id": "ok-1", "code": "a", "name": "A", "description": "a", "taxonomy": "drugo"},
        {"id": "bad-1", "code": "b", "name": 7, "description": "b", "taxonomy": "drugo"},
        {"id": "bad-2", "code": "c", "description": "c", "taxonomy": "drugo"},
        {"id": "bad-3", "code": "d", "name": "D", "parent_id": ["x"]}]})
    report = import_path(path)
    assert (report.created, report.rejected) == (1, 3)
    assert [(p.record_id, p.field) for p in report.problems] == [("bad-1", "name"), ("bad-2", "name"),
                                                                 ("bad-3", "parent_id")]
