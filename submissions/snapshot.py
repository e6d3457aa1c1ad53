"""A plain copy of what was submitted, kept in the history at every (re)submission."""

from practices.models import CARD_SECTION_FIELDS


def snapshot(candidacy):
    return {
        "protocollo": candidacy.protocol_number,
        "titolo": candidacy.title,
        "tipo": candidacy.type.slug,
        "ente": str(candidacy.lead),
        "tipo_ente": candidacy.lead.kind,
        "sintesi": candidacy.summary,
        "scheda": {name: getattr(candidacy, name) for name in CARD_SECTION_FIELDS},
        "tipologia": candidacy.tipologia.name if candidacy.tipologia_id else None,
        "aree": sorted(candidacy.areas.values_list("name", flat=True)),
        "destinatari": sorted(candidacy.target_groups.values_list("name", flat=True)),
        "enti_partner": [
            {"ente": str(p.body), "tipo": p.body.kind, "ruolo": p.role.name if p.role_id else None}
            for p in candidacy.partners.select_related("body__comune__province", "role")
        ],
        "anno_avvio": candidacy.start_year,
        "anno_conclusione": candidacy.end_year,
        "data_avvio": candidacy.started_on.isoformat() if candidacy.started_on else None,
        "data_conclusione": candidacy.ended_on.isoformat() if candidacy.ended_on else None,
        "stato_pratica": candidacy.status,
        "persone_raggiunte": candidacy.people_reached,
        "budget": str(candidacy.total_budget) if candidacy.total_budget is not None else None,
        "finanziamenti": [
            {"linea": str(f), "importo": str(f.amount) if f.amount is not None else None, "anno": f.year,
             "nota": f.note}
            for f in candidacy.funding.select_related("programme")
        ],
        "soggetti": [
            {"nome": o.name, "tipo": o.kind or None, "ruolo": o.role.name if o.role_id else None}
            for o in candidacy.organisations.select_related("role")
        ],
        "allegati": [
            {"titolo": a.title, "file": a.original_name, "sha256": a.sha256, "byte": a.size}
            for a in candidacy.attachments.all()
        ],
        "referente": {"nome": candidacy.contact_name, "ruolo": candidacy.contact_role,
                      "email": candidacy.contact_email, "telefono": candidacy.contact_phone},
        "dichiarazioni": sorted(candidacy.accepted_declarations.values_list("pk", flat=True)),
    }
