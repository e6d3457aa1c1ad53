"""What the benchmark measures: (name, path, who is logged in)."""

SCENARIOS = [
    ("floor: trivial view", "/salute/", None),
    ("floor: static file", "/static/css/site.css", None),
    ("home", "/", None),
    ("catalogue page 1", "/pratiche/", None),
    ("catalogue deep page", "/pratiche/?pagina=DEEP", None),
    ("one filter", "/pratiche/?provincia=BA", None),
    ("three filters", "/pratiche/?provincia=BA&stato=in_corso&poverta_educativa=no", None),
    ("search: common word", "/pratiche/?q=servizi", None),
    ("search: rare word", "/pratiche/?q=azzardo", None),
    ("search: a new word each time (uncached)", "/pratiche/?q=WORD", None),
    ("practice page", "/pratiche/PRACTICE/", None),
    ("body page (ambito)", "/ambiti/AMBITO/", None),
    ("statistics", "/statistiche/", None),
    ("CSV export (the area closest to 10,000 rows)", "/pratiche/?formato=csv&area=EXPORTAREA", None),
    ("API list", "/api/v1/pratiche/", None),
    ("API search + filter", "/api/v1/pratiche/?q=servizi&provincia=BA", None),
    ("API search, a new word each time (uncached)", "/api/v1/pratiche/?q=WORD&provincia=BA", None),
    ("API practice", "/api/v1/pratiche/PRACTICE/", None),
    ("bulk CSV download (whole catalogue)", "/opendata/buone-pratiche.csv", None),
    ("DCAT-AP_IT (Turtle)", "/opendata/catalogo.ttl", None),
    ("officer: candidacy list", "/candidature/", "officer"),
    ("admin: practices changelist", "/admin/practices/practice/", "admin"),
]
FLOORS = ("floor: trivial view", "floor: static file")
# Scenarios whose requests take seconds get longer than the run's --duration, so that several
# finish at the fixed concurrency.
MIN_DURATION_S = {"CSV export (the area closest to 10,000 rows)": 60}
