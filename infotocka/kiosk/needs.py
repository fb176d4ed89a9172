"""The kiosk's need tiles: everyday words for the taxonomy filters behind them."""
from dataclasses import dataclass

from flask_babel import force_locale, lazy_gettext as _l


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


def ranking_words(need: Need) -> str:
    """Return the words that order a tile's services by relevance: its own label and hint, in Slovene
    like the index (the tile's filter still decides which services show)."""
    with force_locale("sl"):
        return f"{need.label} {need.hint}"


def find(need: Need | None, text: str, municipality, page: int, per_page: int, dismissed=()):
    """Search for a tile or typed words at a kiosk: the municipality's own and national services; when
    there are none, those of its region and national ones, the municipality's first. A tile's services
    come in relevance order, ranked by the tile's words.

    Return (result, widened, the query that found it, as the resident asked it)."""
    from dataclasses import replace

    from ..search import SearchQuery, search
    from ..search.base import chosen_needs
    from ..search.place import region_of

    query = SearchQuery(text=text or (ranking_words(need) if need else ""), page=page, per_page=per_page,
                        target_group=list(need.target_group) if need else [], kind=list(need.kind) if need else [],
                        find_place=bool(text), collapse=True, dismissed=list(dismissed))
    widened = False
    if municipality is not None:
        query = replace(query, municipality=municipality.id)
        result = search(query)
        if not result.total:
            query = replace(query, municipality=None, nearby=region_of(municipality.id), place=municipality.id)
            widened = True
    if municipality is None or widened:
        result = search(query)
    if text:
        return result, widened, query
    # what the resident asked is the tile, not our words: no chips of them, the demand log counts the tile
    return replace(result, understood=[], needs=chosen_needs(query)), widened, replace(query, text="")


def available(municipality) -> list[Need]:
    """Return the tiles with at least one service for the kiosk's region (or anywhere, without one)."""
    from ..search import SearchQuery, search
    from ..search.place import region_of

    nearby = region_of(municipality.id) if municipality is not None else ()
    facets = search(SearchQuery(nearby=nearby, per_page=1)).facets
    return [need for need in NEEDS
            if any(facets.get("target_group", {}).get(c) for c in need.target_group)
            or any(facets.get("kind", {}).get(c) for c in need.kind)]
