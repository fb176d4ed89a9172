"""The search façade's contract: a query in, ids + total + facet counts out.

Views and the API depend only on this; the engine behind it can change."""
from dataclasses import dataclass, field

FACETS = ("target_group", "kind", "provider_type", "municipality", "trait", "language")
EVERY_MATCH = 100_000  # per_page meaning "every match", when ids are ordered or filtered further before paging
MAX_QUERY_CHARS, MAX_QUERY_WORDS = 500, 50  # longer texts are refused by the API and cut by the engine


def too_long(text: str) -> bool:
    """Tell whether a search text is beyond what one search may cost."""
    return len(text) > MAX_QUERY_CHARS or len(text.split()) > MAX_QUERY_WORDS


def cut(text: str) -> str:
    """Return the text within MAX_QUERY_CHARS and MAX_QUERY_WORDS."""
    return " ".join(text[:MAX_QUERY_CHARS].split()[:MAX_QUERY_WORDS]) if too_long(text) else text


@dataclass
class SearchQuery:
    text: str = ""
    municipality: int | None = None  # statistical code: "available to residents of"
    target_group: list[str] = field(default_factory=list)  # taxonomy codes, AND-combined
    kind: list[str] = field(default_factory=list)
    provider_type: list[str] = field(default_factory=list)
    trait: list[str] = field(default_factory=list)  # "free", "wheelchair" (schema.TRAITS); "open": open now
    open_ids: frozenset[str] | None = None  # services open right now (filled in by the façade for "open")
    language: list[str] = field(default_factory=list)  # ISO codes of languages the service is offered in
    organization_id: str | None = None
    page: int = 1
    per_page: int = 20
    include_inactive: bool = False  # defunct/inactive services are hidden from residents unless asked
    dismissed: list[str] = field(default_factory=list)  # understood need codes the resident switched off
    place: int | None = None  # the resident's municipality: ranks (never filters) services there first
    find_place: bool = False  # take a place named in the text as `place` (place.py); residents' pages only
    place_region: tuple[int, ...] = ()  # municipalities of the place's region (filled in by the façade)
    nearby: tuple[int, ...] = ()  # filter: services located in or serving these municipalities, or national
    first_org: str | None = None  # an organization whose matching services come first (the resident's CSD unit)
    collapse: bool = False  # one result per service offered by several units of one network


@dataclass
class SearchResult:
    ids: list[str]  # service ids of the requested page, best first
    total: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # facet → {code: count}
    suggestion: str | None = None  # "Ali ste mislili: …"
    highlights: dict[str, str] = field(default_factory=dict)  # id → safe HTML snippet
    understood: list[str] = field(default_factory=list)  # need (taxonomy) codes read in the text, strongest first
    crisis: list[str] = field(default_factory=list)  # crisis categories signalled (search/crisis.py): help first
    needs: list[str] = field(default_factory=list)  # taxonomy codes the search is about (understood + chosen)
    place: object = None  # place.UnderstoodPlace named in the text, when find_place found one
    text: str = ""  # the text searched for (without the place's words)
    units: dict[str, list[str]] = field(default_factory=dict)  # with collapse: id → the other units' ids


def chosen_needs(q: SearchQuery, understood=()) -> list[str]:
    """Return the need codes of a search: those understood from its text plus the filters chosen."""
    return sorted(set(understood) | set(q.target_group) | set(q.kind))


class SearchUnavailable(Exception):
    """No index can answer right now: it is being rebuilt. Retry after `retry_after` seconds."""

    def __init__(self, retry_after: int = 30):
        super().__init__("the search index is being rebuilt")
        self.retry_after = retry_after
