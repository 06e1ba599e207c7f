"""Canned SPARQL queries used by ``stats`` and ``demo``."""

PREFIXES = """PREFIX gg: <https://w3id.org/govgraph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX sdmxd: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

STATS_BY_TYPE = (
    PREFIXES
    + """SELECT ?type (COUNT(DISTINCT ?x) AS ?count) WHERE {
  VALUES ?type { gg:Report gg:Section gg:Agency gg:Document gg:Reform gg:Place gg:Observation gg:Mention }
  ?x a ?type .
} GROUP BY ?type ORDER BY DESC(?count)"""
)

STATS_BY_REPORT = (
    PREFIXES
    + """SELECT ?report ?title
  (COUNT(DISTINCT ?ent) AS ?entities) (COUNT(DISTINCT ?obs) AS ?observations) WHERE {
  GRAPH ?g { ?report a gg:Report ; dcterms:title ?title .
    OPTIONAL { ?report gg:mentions ?ent }
    OPTIONAL { ?obs a gg:Observation } }
} GROUP BY ?report ?title ORDER BY ?report"""
)

AGENCIES = (
    PREFIXES
    + """SELECT ?agency (COUNT(?m) AS ?mentions) ?parent WHERE {
  ?a a gg:Agency ; skos:prefLabel ?agency . ?m a gg:Mention ; oa:hasBody ?a .
  OPTIONAL { ?a org:subOrganizationOf/skos:prefLabel ?parent }
} GROUP BY ?agency ?parent ORDER BY DESC(?mentions) ?agency LIMIT 10"""
)

NATIONAL_DOCUMENTS = (
    PREFIXES
    + """SELECT ?document ?kind WHERE {
  ?d a gg:Document ; skos:prefLabel ?document ; gg:level "national" ; gg:documentKind ?kind .
} ORDER BY ?kind ?document"""
)

RATES = (
    PREFIXES
    + """SELECT ?section ?measure ?value ?unit ?quote WHERE {
  ?o a gg:Observation ; gg:measure ?measure ; gg:value ?value ; gg:unit ?unit ; rdfs:comment ?quote ;
     prov:wasDerivedFrom/gg:path ?section .
  FILTER(?unit = "%" && (CONTAINS(?measure, "率")))
} ORDER BY ?section"""
)

DEMO_QUERIES = [
    ("Agencies, most mentioned first", AGENCIES),
    ("National documents cited", NATIONAL_DOCUMENTS),
    (
        "Rates reported (%), with the sentence they come from",
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + RATES,
    ),
]
