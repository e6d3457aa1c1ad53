"""/api/v1/docs/: the OpenAPI schema rendered on the server as an Italian page of the site.

Swagger UI brought 25 colour-contrast and 21 nested-interactive axe violations, English labels
and a page that needed JavaScript. This page reads the same schema drf-spectacular serves at
/api/v1/schema/ and lays it out with the site's templates: endpoints grouped by tag, tables of
parameters, responses with links to the data schemas, an example request for each, anchors.
The schema lists the values the filters accept now (taxonomies are data), so it is kept in the
catalogue cache, renewed with the catalogue's version, not per process.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

from buonepratiche.navigation import crumbs
from catalogue import catalogue_cache

# Longer lists of accepted values (the provinces, the comuni…) are cut: the schema has them all.
SHOWN_VALUES = 12
REF_PREFIX = "#/components/schemas/"


def _ref_name(schema):
    ref = schema.get("$ref", "")
    return ref[len(REF_PREFIX):] if ref.startswith(REF_PREFIX) else None


def describe_type(schema):
    """A schema's type in a few Italian words, and the data schema it names (for a link), if any."""
    if not schema:
        return "", None
    name = _ref_name(schema)
    if name:
        return name, name
    for combined in ("allOf", "oneOf", "anyOf"):
        if schema.get(combined):
            parts = [describe_type(part) for part in schema[combined]]
            linked = next((link for _text, link in parts if link), None)
            return _(" oppure ").join(text for text, _link in parts if text), linked
    kind = schema.get("type", "")
    if kind == "array":
        inner, link = describe_type(schema.get("items", {}))
        return _("elenco di %(items)s") % {"items": inner or _("valori")}, link
    words = {"string": _("testo"), "integer": _("numero intero"), "number": _("numero"),
             "boolean": _("sì/no"), "object": _("oggetto")}.get(kind, kind)
    if schema.get("format"):
        words = f"{words} ({schema['format']})"
    if schema.get("nullable"):
        words = _("%(type)s, può essere vuoto") % {"type": words}
    return words, None


def _values(schema):
    values = schema.get("enum") or schema.get("items", {}).get("enum") or []
    values = [value for value in values if value not in ("", None)]
    return [str(value) for value in values[:SHOWN_VALUES]], max(0, len(values) - SHOWN_VALUES)


def _parameter(parameter):
    schema = parameter.get("schema", {})
    kind, _link = describe_type(schema)
    shown, more = _values(schema)
    return {"name": parameter["name"], "in": parameter["in"],
            "where": {"query": _("query"), "path": _("percorso")}.get(parameter["in"], parameter["in"]),
            "required": parameter.get("required", False), "type": kind, "description": parameter.get("description", ""),
            "values": shown, "more_values": more}


def _operation(path, method, operation):
    responses = []
    for code, response in sorted(operation.get("responses", {}).items()):
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        kind, link = describe_type(schema)
        responses.append({"code": code, "description": response.get("description", ""), "type": kind, "link": link})
    parameters = [_parameter(p) for p in operation.get("parameters", [])]
    example = path
    for parameter in parameters:
        if parameter["in"] == "path":
            example = example.replace("{%s}" % parameter["name"], f"<{parameter['name']}>")
    return {"id": operation.get("operationId", f"{method}-{path}"), "method": method.upper(), "path": path,
            "summary": operation.get("summary", ""), "description": operation.get("description", ""),
            "parameters": parameters, "responses": responses, "example": example}


def _data_schema(name, schema):
    required = set(schema.get("required", []))
    fields = []
    for field, spec in schema.get("properties", {}).items():
        kind, link = describe_type(spec)
        shown, more = _values(spec)
        fields.append({"name": field, "type": kind, "link": link, "required": field in required,
                       "read_only": spec.get("readOnly", False), "description": spec.get("description", ""),
                       "values": shown, "more_values": more})
    shown, more = _values(schema)
    return {"name": name, "description": schema.get("description", ""), "fields": fields, "values": shown,
            "more_values": more}


def reference():
    """The schema as the page shows it: groups of operations by tag, then the data schemas."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    groups = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            tag = (operation.get("tags") or [_("indice")])[0]
            groups.setdefault(tag, []).append(_operation(path, method, operation))
    return {
        "info": schema["info"],
        "groups": [{"tag": tag, "operations": groups[tag]} for tag in sorted(groups)],
        "schemas": [_data_schema(name, spec) for name, spec in sorted(schema["components"]["schemas"].items())],
    }


@require_GET
def docs(request):
    list_url = request.build_absolute_uri(reverse("api:practice-list"))
    return render(request, "api/docs.html", {
        "reference": catalogue_cache.cached("api-docs", [], reference, per_language=True),
        "breadcrumbs": crumbs((_("Dati aperti"), reverse("opendata:catalogue")), (_("API"), None)),
        "api_root": request.build_absolute_uri(reverse("api:root")),
        "origin": request.build_absolute_uri("/").rstrip("/"),
        "example_url": f"{list_url}?provincia=BA&q=anziani&ordina=recenti",
    })
