"""The kiosk's need tiles: everyday words for the taxonomy filters behind them."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Need:
    slug: str
    label: object  # lazy string
    hint: object
    target_group: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()


NEEDS = (
    Need("denar", _l("Denar in pravice"), _l("socialna pomoč, dodatki, subvencije"), kind=("denarna-pomoc",)),
    Need("hrana", _l("Hrana in oblačila"), _l("paketi hrane, oblačila, humanitarna pomoč"),
         kind=("materialna-pomoc",)),
    Need("starejsi", _l("Starejši"), _l("pomoč na domu, dnevno varstvo, domovi"), target_group=("starejsi",)),
    Need("pomoc-na-domu", _l("Pomoč na domu"), _l("oskrba in pomoč doma"), kind=("pomoc-na-domu",)),
    Need("druzina", _l("Družina in otroci"), _l("starši, otroci, mladostniki"), target_group=("druzine",)),
    Need("nasilje", _l("Nasilje"), _l("pomoč žrtvam nasilja, varne hiše"), target_group=("zrtve-nasilja",)),
    Need("dusevno-zdravje", _l("Duševna stiska"), _l("pogovor, svetovanje, podpora"),
         target_group=("dusevno-zdravje",)),
    Need("invalidnost", _l("Invalidnost"), _l("osebe z oviranostmi in njihovi bližnji"),
         target_group=("invalidi",)),
    Need("zasvojenost", _l("Zasvojenost"), _l("alkohol, droge, igre na srečo"), target_group=("zasvojenost",)),
    Need("stanovanje", _l("Brez doma"), _l("zavetišča, nastanitev, deložacija"), target_group=("brezdomci",)),
    Need("pravna-pomoc", _l("Pravna pomoč"), _l("brezplačna pravna pomoč, zagovorništvo"),
         kind=("pravna-pomoc-zagovornistvo",)),
    Need("telefon", _l("Pogovor po telefonu"), _l("anonimni telefoni za pomoč v stiski"),
         kind=("telefonska-pomoc",)),
)
BY_SLUG = {need.slug: need for need in NEEDS}


def need_by_slug(slug: str | None) -> Need | None:
    """Return the need tile with this slug, if any."""
    return BY_SLUG.get(slug or "")


def find(need: Need | None, text: str, municipality, page: int, per_page: int, dismissed=()):
    """Search for a tile or typed words at a kiosk: the municipality's own and national services; when
    there are none, those of its region and national ones, the municipality's first.

    Return (result, widened, the query that found it)."""
    from dataclasses import replace

    from ..search import SearchQuery, search
    from ..search.place import region_of

    query = SearchQuery(text=text, target_group=list(need.target_group) if need else [],
                        kind=list(need.kind) if need else [], page=page, per_page=per_page,
                        find_place=True, collapse=True, dismissed=list(dismissed))
    if municipality is None:
        return search(query), False, query
    local = replace(query, municipality=municipality.id)
    result = search(local)
    if result.total:
        return result, False, local
    wider = replace(query, nearby=region_of(municipality.id), place=municipality.id)
    return search(wider), True, wider


def available(municipality) -> list[Need]:
    """Return the tiles with at least one service for the kiosk's region (or anywhere, without one)."""
    from ..search import SearchQuery, search
    from ..search.place import region_of

    nearby = region_of(municipality.id) if municipality is not None else ()
    facets = search(SearchQuery(nearby=nearby, per_page=1)).facets
    return [need for need in NEEDS
            if any(facets.get("target_group", {}).get(c) for c in need.target_group)
            or any(facets.get("kind", {}).get(c) for c in need.kind)]
