"""SPARQL the commands use internally (not canned queries for users)."""

FIGURES = """PREFIX gg: <https://w3id.org/govgraph/def#>
PREFIX sdmxd: <http://purl.org/linked-data/sdmx/2009/dimension#>
SELECT ?o ?report ?place ?indicator ?year ?value ?unit ?measure ?cv ?cu ?cd ?cb WHERE {
  GRAPH ?report { ?o gg:indicator ?indicator ; gg:status "actual" ; gg:value ?value ; gg:unit ?unit ; gg:measure ?measure ;
                    sdmxd:refArea ?place ; sdmxd:refPeriod ?year .
    OPTIONAL { ?o gg:changeValue ?cv ; gg:changeUnit ?cu ; gg:changeDirection ?cd . OPTIONAL { ?o gg:changeBasis ?cb } } }
}"""

FINDINGS = """PREFIX gg: <https://w3id.org/govgraph/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?report ?section ?kind ?message WHERE {
  GRAPH ?g { ?f a gg:Finding ; gg:checkKind ?kind ; rdfs:comment ?message ; gg:report ?report .
             OPTIONAL { ?f prov:wasDerivedFrom ?s . ?s gg:path ?section } }
} ORDER BY ?report ?section ?kind"""

# how far each document and reform named in two places or more reaches: the reports that name it,
# their places, the first year
REACH = """PREFIX gg: <https://w3id.org/govgraph/def#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?x ?type (COUNT(DISTINCT ?r) AS ?reports) (COUNT(DISTINCT ?p) AS ?places) (MIN(?y) AS ?first) WHERE {
  { ?r eli:cites ?x . BIND(gg:Document AS ?type) } UNION { ?r gg:mentionsReform ?x . BIND(gg:Reform AS ?type) }
  ?r dcterms:spatial ?p ; gg:year ?y .
} GROUP BY ?x ?type HAVING (COUNT(DISTINCT ?p) >= 2)"""
