"""A plain SQLite FTS5 search app over the same directory: the baseline `make bench` prints beside Infotočka.

It is what a developer would write in an afternoon: one FTS5 table (unicode61 tokenizer with diacritics
removed, prefix indexes), the words of the query OR-ed and ranked by bm25, the same municipality and
target-group filters as the API, and a JSON page of 20. Two answers are measured:

- `lean`: ids and names only (the cost of the search itself);
- `hsds`: the same page as full HSDS objects, loaded the way Infotočka's API loads them
  (so the difference to Infotočka is the search engine alone).
"""
import re
import sqlite3

from flask import Flask, jsonify, request

from infotocka.directory.hsds_export import service_to_hsds
from infotocka.directory.loading import service_loads
from infotocka.extensions import db
from infotocka.models import Service

WORD = re.compile(r"\w+", re.UNICODE)
PER_PAGE = 20
SCHEMA = """
DROP TABLE IF EXISTS fts_baseline;
CREATE VIRTUAL TABLE fts_baseline USING fts5(
    id UNINDEXED, name, org, body, terms, areas UNINDEXED, groups UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '3 4'
);
"""


def build(db_path: str) -> float:
    """Fill the FTS5 table from the services in the database; return the seconds it took."""
    import time
    started = time.perf_counter()
    con = sqlite3.connect(db_path)
    con.executescript(SCHEMA)
    con.execute("""
        INSERT INTO fts_baseline (id, name, org, body, terms, areas, groups)
        SELECT s.id, s.name, o.name, coalesce(s.description, ''),
               (SELECT group_concat(t.name_sl, ' ') FROM service_term st
                  JOIN taxonomy_term t ON t.code = st.term_code WHERE st.service_id = s.id),
               (SELECT ' ' || group_concat(sa.municipality_id, ' ') || ' ' FROM service_area sa
                 WHERE sa.service_id = s.id),
               (SELECT ' ' || group_concat(st.term_code, ' ') || ' ' FROM service_term st
                 WHERE st.service_id = s.id)
        FROM service s JOIN organization o ON o.id = s.organization_id
        WHERE s.status = 'active'
    """)
    con.commit()
    con.close()
    return time.perf_counter() - started


def _match(text: str) -> str:
    words = [w for w in WORD.findall(text.lower()) if len(w) > 1]
    return " OR ".join(f'"{w}"*' if len(w) > 3 else f'"{w}"' for w in words)


def search_ids(con: sqlite3.Connection, args) -> tuple[list[str], int]:
    """Return the ids of the requested page and the total, best first."""
    where, params = [], []
    match = _match(args.get("search", ""))
    if match:
        where.append("fts_baseline MATCH ?")
        params.append(match)
    if args.get("municipality"):
        where.append("(areas IS NULL OR instr(areas, ?) > 0)")
        params.append(f" {int(args['municipality'])} ")
    if args.get("target_group"):
        where.append("instr(groups, ?) > 0")
        params.append(f" {args['target_group']} ")
    sql = "SELECT id FROM fts_baseline" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY bm25(fts_baseline, 10.0, 3.0, 1.0, 5.0)" if match else " ORDER BY name"
    ids = [row[0] for row in con.execute(sql, params)]
    return ids[:PER_PAGE], len(ids)


def make_app(db_path: str, infotocka_app) -> Flask:
    """Return the baseline app; its /hsds route renders pages with Infotočka's loaders."""
    app = Flask("fts5_baseline")
    con = sqlite3.connect(db_path, check_same_thread=False)

    @app.get("/lean")
    def lean():
        ids, total = search_ids(con, request.args)
        names = dict(con.execute(f"SELECT id, name FROM service WHERE id IN ({','.join('?' * len(ids))})", ids))
        return jsonify(total=total, contents=[{"id": i, "name": names.get(i)} for i in ids])

    @app.get("/hsds")
    def hsds():
        ids, total = search_ids(con, request.args)
        with infotocka_app.app_context():
            rows = {s.id: s for s in db.session.scalars(
                db.select(Service).where(Service.id.in_(ids)).options(*service_loads("hsds")))}
            contents = [service_to_hsds(rows[i]) for i in ids if i in rows]
        return jsonify(total=total, contents=contents)

    return app
