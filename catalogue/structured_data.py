"""schema.org JSON-LD for a practice page, for search engines and other harvesters.

The page (WebPage) describes a practice; the practice itself is a schema.org Project (an
enterprise planned to achieve an aim): its parent organisation is its lead (a Comune, an
Ambito or any other body), its participants are its members, it serves the territory it covers, it ran from its start to its end year, and its funding
lines are MonetaryGrants with their amounts in euro.
"""

import json

from django.utils import translation
from django.utils.safestring import mark_safe

from practices.models import Body

from .identity import current as current_identity


def _province(practice):
    province = practice.province
    if not province:
        return None
    return {"@type": "AdministrativeArea", "name": province.name,
            "containedInPlace": {"@type": "AdministrativeArea", "name": province.region.name}}


# Public bodies are GovernmentOrganization; the others (third sector, foundations, companies,
# schools, universities) are plain Organization.
_KIND = Body.Kind
PUBLIC_KINDS = {_KIND.COMUNE, _KIND.AMBITO, _KIND.UNIONE, _KIND.COMUNITA_MONTANA, _KIND.PROVINCIA,
                _KIND.CITTA_METROPOLITANA, _KIND.MUNICIPIO, _KIND.REGIONE, _KIND.AZIENDA_SANITARIA,
                _KIND.AMMINISTRAZIONE_CENTRALE}


def _organisation(body, absolute):
    with translation.override("it"):
        name = str(body)
    found = {
        "@type": "GovernmentOrganization" if body.kind in PUBLIC_KINDS else "Organization",
        "name": name,
        "url": absolute(body.get_absolute_url()),
    }
    if body.kind == body.Kind.COMUNE:
        found["identifier"] = {"@type": "PropertyValue", "propertyID": "ISTAT", "value": body.comune.istat_code}
    elif body.ipa_code:
        found["identifier"] = {"@type": "PropertyValue", "propertyID": "IPA", "value": body.ipa_code}
    if body.ambito_id:
        found["alternateName"] = body.ambito.full_name or None
    if body.comune_id and body.region_id:
        found["address"] = {"@type": "PostalAddress", "addressLocality": body.comune.name,
                            "addressRegion": body.region.name, "addressCountry": "IT"}
    return found


def _area(practice):
    lead = practice.lead
    if lead.kind == lead.Kind.COMUNE:
        name = lead.comune.name
    elif lead.ambito_id:
        name = lead.ambito.full_name or lead.ambito.name
    else:
        return _province(practice)
    return {"@type": "AdministrativeArea", "name": name, "containedInPlace": _province(practice)}


def _covered(practice):
    """The regions the practice covers (its bodies' and those stated), as AdministrativeAreas."""
    return [{"@type": "AdministrativeArea", "name": region.name,
             "identifier": {"@type": "PropertyValue", "propertyID": "ISTAT", "value": region.istat_code}}
            for region in practice.covered_territory()["regions"]]


def _grant(link):
    """A practice's funding link (funding.PracticeFunding) as a schema.org grant."""
    programme = link.agreement.programme
    funder = programme.managing_authority
    grant = {"@type": "MonetaryGrant", "name": programme.name, "identifier": link.agreement.code,
             "funder": {"@type": "Organization", "name": str(funder) if funder else programme.name}}
    _name, _level, amount, year, _note = link.as_line()
    if amount is not None:
        grant["amount"] = {"@type": "MonetaryAmount", "value": f"{amount:.2f}", "currency": "EUR"}
    if year:
        grant["startDate"] = str(year)
    return grant


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _when(date, year):
    """The exact date when known, else the year (ISO 8601 allows both)."""
    if date:
        return date.isoformat()
    return str(year) if year else None


def practice_jsonld(practice, request):
    def absolute(path):
        return request.build_absolute_uri(path)

    page_url = absolute(practice.get_absolute_url())
    project = {
        "@type": "Project",
        "@id": f"{page_url}#pratica",
        "name": practice.title,
        "description": practice.display_summary,
        "url": page_url,
        "identifier": practice.slug,
        "parentOrganization": _organisation(practice.lead, absolute),
        "member": [_organisation(p.body, absolute) for p in practice.participants.all()],
        "areaServed": _area(practice),
        "spatialCoverage": _covered(practice),
        "foundingDate": _when(practice.started_on, practice.start_year),
        "dissolutionDate": _when(practice.ended_on, practice.end_year),
        "keywords": [term.name for term in (*practice.areas.all(), *practice.target_groups.all())],
        "funding": [_grant(entry) for entry in practice.funding.all()],
    }
    publisher = current_identity().publisher
    page = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "url": page_url,
        "name": practice.title,
        "inLanguage": "it",
        "datePublished": practice.published_at.isoformat() if practice.published_at else None,
        "dateModified": practice.updated_at.isoformat() if practice.updated_at else None,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "publisher": {"@type": "GovernmentOrganization" if publisher.is_public_authority else "Organization",
                      "name": publisher.name},
        "isPartOf": {"@type": "Dataset", "name": "Buone pratiche del welfare locale",
                     "url": absolute("/opendata/")},
        "citation": (f"{practice.publication.title}, {practice.publication.publisher}, {practice.publication.year}"
                     + (f", p. {practice.publication_page}" if practice.publication_page else "")
                     if practice.publication_id else None),
        "mainEntity": project,
    }
    return _clean(page)


def as_script(data):
    """A <script type="application/ld+json"> block: data, never run, so the CSP allows it.

    `<`, `>` and `&` are escaped as JSON unicode escapes, so card text cannot close the tag.
    """
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace(
        "&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (escaped above)
