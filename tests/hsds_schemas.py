"""The official HSDS 3.0 schemas (tests/hsds/schema), read strictly: no member they do not define, except `x_…`.

As tests/hsds/SOURCES.md says, the schemas go into one `referencing` registry under their published base
URL, so their relative `$ref`s ("phone.json") resolve; every object schema gets `additionalProperties:
false` (the spec's own CI check of its examples) with `x_` extensions allowed."""
import copy
import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HERE = Path(__file__).resolve().parent / "hsds"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
PROFILE = Path(__file__).resolve().parent.parent / "docs" / "hsds-profile.schema.json"


def strict(schema):
    """Return a copy of a schema in which every object admits only its properties and `x_` extensions."""
    schema = copy.deepcopy(schema)
    _tighten(schema)
    return schema


def _tighten(node) -> None:
    if isinstance(node, list):
        for item in node:
            _tighten(item)
        return
    if not isinstance(node, dict):
        return
    if "properties" in node and node.get("type", "object") == "object":
        node.setdefault("patternProperties", {})["^x_"] = {}
        node["additionalProperties"] = False
    for value in node.values():
        _tighten(value)


@cache
def registry() -> Registry:
    """Return every shipped schema, tightened, under its published URL."""
    resources = []
    for path in sorted((HERE / "schema").rglob("*.json")):
        if path.name == "openapi.json":
            continue
        name = path.relative_to(HERE / "schema").as_posix()
        resources.append((BASE + name, Resource.from_contents(strict(json.loads(path.read_text())),
                                                              default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def official_registry() -> Registry:
    """Return every shipped schema as published (not tightened), under its published URL."""
    return Registry().with_resources((BASE + name, Resource.from_contents(contents, default_specification=DRAFT202012))
                                     for name, contents in _official().items())


def _official() -> dict[str, dict]:
    return {path.relative_to(HERE / "schema").as_posix(): json.loads(path.read_text())
            for path in sorted((HERE / "schema").rglob("*.json")) if path.name != "openapi.json"}


def local_handlers() -> dict:
    """Return jsonschema-path URL handlers that answer the official schemas' URLs from tests/hsds (no network)."""
    schemas = _official()

    def fetch(url: str) -> dict:
        assert url.startswith(BASE), f"a schema outside HSDS 3.0 was fetched: {url}"
        return schemas[url[len(BASE):]]
    return {"https": fetch}


def validate_openapi(document: dict) -> list[str]:
    """Validate an OpenAPI 3.1 document with openapi-spec-validator, the HSDS schemas it refers to read locally;
    return the URLs of the schemas it followed."""
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV31SpecValidator

    seen = []
    handlers = {"https": lambda url: seen.append(url) or local_handlers()["https"](url)}
    OpenAPIV31SpecValidator(SchemaPath.from_dict(document, handlers=handlers)).validate()
    return seen


def schema(name: str) -> dict:
    """Return the tightened schema of one file ("service.json", "compiled/service_list.json")."""
    return registry()[BASE + name].contents


def errors(instance, name: str, extra: dict | None = None) -> list[str]:
    """Return the messages of every way instance breaks the strict schema `name` (with extra properties)."""
    target = {**schema(name), "$id": BASE + name}  # relative $refs resolve against the published URL
    if extra:
        target["properties"] = {**target["properties"], **extra}
    validator = Draft202012Validator(target, registry=registry(), format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def page_errors(body: dict, item_schema: str, extra: dict | None = None) -> list[str]:
    """Return the errors of an HSDS page envelope and of each of its items."""
    page = json.loads((HERE / "schema" / "openapi.json").read_text())["components"]["schemas"]["Page"]
    problems = [f"page: {e.message}" for e in Draft202012Validator(
        {**strict(page), "properties": {**page["properties"], "contents": {"type": "array"}}}).iter_errors(body)]
    for i, item in enumerate(body.get("contents", [])):
        problems += [f"contents/{i}/{e}" for e in errors(item, item_schema, extra)]
    return problems


def openapi() -> dict:
    """Return the official HSDS 3.0 OpenAPI document."""
    return json.loads((HERE / "schema" / "openapi.json").read_text())


def example(name: str):
    """Return an official example (tests/hsds/examples/…)."""
    return json.loads((HERE / "examples" / name).read_text())


def profile_errors(instance) -> list[str]:
    """Return how instance breaks our profile (docs/hsds-profile.schema.json), which extends the strict official one."""
    profile = json.loads(PROFILE.read_text())
    validator = Draft202012Validator(profile, registry=registry(), format_checker=FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]
