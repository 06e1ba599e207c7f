"""The W3C SPARQL 1.1 Protocol and Service Description tests, run against ``govgraph serve``.

The manifests in ``../shared/w3c/sparql11`` (a copy of w3c/rdf-tests, sparql/sparql11) are read
with rdflib; every entry becomes a test under its W3C name. A protocol test applies to a
read-only endpoint unless one of its requests runs an update and expects it to succeed; those
(``update_*``) are checked to be refused instead (403). Each request is sent as the manifest
writes it, with ``/sparql/`` replaced by the endpoint's path, over a store holding a report and
the manifest's data files, each loaded into the named graph the manifest names.

Then what the manifests do not cover: dataset selection that changes the answer, graph results
in every format, HEAD, ``/sparql/``, ``q=0``, ``charset=``, over-long URLs, and SPARQLWrapper and
rdflib's SPARQLStore with their defaults.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
import rdflib
from conftest import HAIKOU, ROOT
from rdflib.namespace import RDF, RDFS
from servers import free_port, wait_for

import govgraph

SUITE = ROOT.parent / "shared" / "w3c" / "sparql11"
PROTOCOL = SUITE / "protocol" / "manifest.ttl"
DESCRIPTION = SUITE / "service-description" / "manifest.ttl"

MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

pytestmark = pytest.mark.skipif(not PROTOCOL.exists(), reason=f"the W3C tests are not at {SUITE}")

RESULT_MEDIA = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_MEDIA = {
    "application/rdf+xml": "xml",
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}


# --- reading the manifests


@dataclass
class W3CRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "2", "3", "4", "5": the status classes allowed
    boolean: bool | None
    fmt: str | None  # "boolean", "tabular", "RDF"

    @property
    def updates(self) -> bool:
        """Whether the request carries a SPARQL update."""
        ctype = self.headers.get("content-type", "").split(";")[0].strip()
        body = (self.body or b"").decode("utf-8", "replace")
        return ctype == "application/sparql-update" or "update=" in body or "update=" in self.path


@dataclass
class W3CTest:
    name: str
    title: str
    requests: list[W3CRequest] = field(default_factory=list)

    @property
    def applies(self) -> bool:
        """Whether a read-only endpoint can pass it: no update is expected to succeed."""
        return not any(r.updates and r.statuses & {"2", "3"} for r in self.requests)


def _manifest(path: Path) -> tuple[rdflib.Graph, list[rdflib.term.Node]]:
    g = rdflib.Graph().parse(path, format="turtle", publicID=path.as_uri())
    manifest = next(iter(g.subjects(RDF.type, MF.Manifest)))
    return g, list(rdflib.collection.Collection(g, g.value(manifest, MF.entries)))


def _local(node: rdflib.term.Node) -> str:
    return str(node).rsplit("#", 1)[-1]


def protocol_tests() -> list[W3CTest]:
    if not PROTOCOL.exists():
        return []
    g, entries = _manifest(PROTOCOL)
    tests = []
    for entry in entries:
        test = W3CTest(_local(entry), str(g.value(entry, MF.name)))
        action = g.value(entry, MF.action)
        for req in rdflib.collection.Collection(g, g.value(action, HT.requests)):
            headers = {}
            hlist = g.value(req, HT.headers)
            for h in rdflib.collection.Collection(g, hlist) if hlist is not None else []:
                headers[str(g.value(h, HT.fieldName)).lower()] = str(g.value(h, HT.fieldValue))
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            boolean = g.value(resp, MF.expectedBoolean)
            fmt = g.value(resp, MF.expectedFormat)
            test.requests.append(
                W3CRequest(
                    method=str(g.value(req, HT.methodName)),
                    path=str(g.value(req, HT.absolutePath)),
                    headers=headers,
                    body=body,
                    statuses={str(s).removeprefix(HTS)[0] for s in g.objects(resp, MF.expectedStatus)},
                    boolean=None if boolean is None else bool(boolean.toPython()),
                    fmt=None if fmt is None else str(fmt),
                )
            )
        tests.append(test)
    return tests


def graph_data() -> dict[str, Path]:
    """The data files the protocol tests need, by the graph IRI they are to be loaded into."""
    if not PROTOCOL.exists():
        return {}
    g = rdflib.Graph().parse(PROTOCOL, format="turtle", publicID=PROTOCOL.as_uri())
    data = {}
    for node in g.objects(None, UT.graphData):
        file = Path(urlsplit(str(g.value(node, UT.graph))).path)
        data[str(g.value(node, RDFS.label))] = file
    return data


def description_tests() -> list[str]:
    if not DESCRIPTION.exists():
        return []
    return [_local(e) for e in _manifest(DESCRIPTION)[1]]


PROTOCOL_TESTS = protocol_tests()
APPLICABLE = [t for t in PROTOCOL_TESTS if t.applies]
UPDATES = [t for t in PROTOCOL_TESTS if not t.applies]


def test_the_manifest_is_read():
    assert len(PROTOCOL_TESTS) == 34 and len(APPLICABLE) == 27
    assert {t.name for t in UPDATES} == {
        "update_dataset_default_graph",
        "update_dataset_default_graphs",
        "update_dataset_named_graphs",
        "update_dataset_full",
        "update_post_form",
        "update_post_direct",
        "update_base_uri",
    }
    assert len(description_tests()) == 3 and len(graph_data()) == 3


# --- the endpoint


@dataclass
class Endpoint:
    host: str
    port: int
    report: str  # a report graph's IRI

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/sparql"

    def send(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            r = conn.getresponse()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
        finally:
            conn.close()

    def query(self, query: str, accept: str = "", **params: str | list[str]) -> tuple[int, dict[str, str], bytes]:
        fields = [("query", query)] + [
            (k.replace("_", "-"), v) for k, vs in params.items() for v in ([vs] if isinstance(vs, str) else vs)
        ]
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        return self.send("POST", "/sparql", headers, urlencode(fields).encode())


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory) -> Iterator[Endpoint]:
    path = tmp_path_factory.mktemp("w3c") / "store"
    store = govgraph.open_store(path, write=True)
    govgraph.ingest([HAIKOU], store)
    for iri, file in graph_data().items():
        store.replace_graph(iri, (PROTOCOL.parent / file.name).read_text(encoding="utf-8"))
    report = store.report_graphs()[0]
    store.close()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "govgraph", "serve", "--store", str(path), "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/sparql", proc)
        yield Endpoint("127.0.0.1", port, report)
    finally:
        proc.kill()
        proc.wait()


def _boolean(media: str, body: bytes) -> bool:
    if media == "application/sparql-results+json":
        return bool(json.loads(body)["boolean"])
    assert media == "application/sparql-results+xml", media
    root = ET.fromstring(body)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text.strip() == "true"


def _media(headers: dict[str, str]) -> str:
    return headers.get("content-type", "").split(";")[0].strip().lower()


def _check(req: W3CRequest, status: int, headers: dict[str, str], body: bytes) -> None:
    assert str(status)[0] in req.statuses, f"status {status}, expected {sorted(req.statuses)}xx: {body[:200]!r}"
    media = _media(headers)
    if req.fmt == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml"), media
        _boolean(media, body)
    elif req.fmt == "tabular":
        assert media in RESULT_MEDIA, media
        if media == "application/sparql-results+json":
            assert "bindings" in json.loads(body)["results"]
    elif req.fmt == "RDF":
        assert media in RDF_MEDIA, media
        rdflib.Graph().parse(data=body, format=RDF_MEDIA[media])
    if req.boolean is not None:
        assert _boolean(media, body) is req.boolean


@pytest.mark.parametrize("test", APPLICABLE, ids=[t.name for t in APPLICABLE])
def test_w3c_protocol(endpoint: Endpoint, test: W3CTest) -> None:
    """One W3C protocol test: its requests in order, each with the response the manifest expects."""
    for req in test.requests:
        status, headers, body = endpoint.send(req.method, _path(req.path), req.headers, req.body)
        _check(req, status, headers, body)


def _path(manifest_path: str) -> str:
    """The manifest's ``/sparql/…`` as this endpoint's ``/sparql…``."""
    rest = manifest_path.removeprefix("/sparql/")
    return "/sparql" + (rest if rest.startswith("?") or not rest else "/" + rest)


@pytest.mark.parametrize("test", UPDATES, ids=[t.name for t in UPDATES])
def test_w3c_update_is_refused(endpoint: Endpoint, test: W3CTest) -> None:
    """The update tests a read-only endpoint cannot pass: each update is refused with 403, and the
    store is unchanged."""
    before = endpoint.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")[2]
    for req in test.requests:
        if req.updates:
            status, _, body = endpoint.send(req.method, _path(req.path), req.headers, req.body)
            assert status == 403 and b"read-only" in body
    assert endpoint.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")[2] == before


# --- the service description tests


def _description(endpoint: Endpoint, accept: str = "") -> rdflib.Graph:
    status, headers, body = endpoint.send("GET", "/sparql", {"Accept": accept} if accept else {})
    assert status == 200
    return rdflib.Graph().parse(data=body, format=RDF_MEDIA[_media(headers)])


def _sd_returns_rdf(endpoint: Endpoint) -> None:
    for accept in ("", *RDF_MEDIA):
        status, headers, body = endpoint.send("GET", "/sparql", {"Accept": accept} if accept else {})
        assert status == 200 and _media(headers) in RDF_MEDIA
        assert len(rdflib.Graph().parse(data=body, format=RDF_MEDIA[_media(headers)])) > 0
        if accept:
            assert _media(headers) == accept


def _sd_has_endpoint_triple(endpoint: Endpoint) -> None:
    g = _description(endpoint)
    assert (None, SD.endpoint, rdflib.URIRef(endpoint.url)) in g


def _sd_conforms_to_schema(endpoint: Endpoint) -> None:
    """The description as the Service Description vocabulary defines its terms: one service with
    an endpoint and a supported language, formats and features as IRIs, a default dataset whose
    default graph is described, and no term outside the vocabulary."""
    g = _description(endpoint, "application/rdf+xml")
    services = list(g.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    service = services[0]
    assert all(isinstance(e, rdflib.URIRef) for e in g.objects(service, SD.endpoint))
    languages = set(g.objects(service, SD.supportedLanguage))
    assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    assert SD.SPARQL11Update not in languages  # read-only
    for prop in (SD.resultFormat, SD.inputFormat, SD.feature, SD.languageExtension, SD.extensionFunction):
        assert all(isinstance(o, rdflib.URIRef) for o in g.objects(service, prop))
    known = {
        "endpoint", "feature", "defaultEntailmentRegime", "defaultSupportedEntailmentProfile",
        "extensionFunction", "extensionAggregate", "languageExtension", "supportedLanguage",
        "propertyFeature", "resultFormat", "inputFormat", "defaultDataset", "availableGraphs",
        "defaultGraph", "namedGraph", "name", "graph", "entailmentRegime", "supportedEntailmentProfile",
        "UnionDefaultGraph", "RequiresDataset", "EmptyGraphs", "BasicFederatedQuery", "DereferencesURIs",
        "SPARQL10Query", "SPARQL11Query", "SPARQL11Update", "Service", "Dataset", "Graph", "NamedGraph",
        "GraphCollection", "Language", "Feature", "Function", "Aggregate", "EntailmentRegime",
        "EntailmentProfile",
    }  # fmt: skip
    for term in set(g.predicates()) | set(g.objects(None, RDF.type)) | set(g.objects(service, SD.feature)):
        if str(term).startswith(str(SD)):
            assert str(term).removeprefix(str(SD)) in known, term
    for dataset in g.objects(service, SD.defaultDataset):
        assert (dataset, RDF.type, SD.Dataset) in g
        assert len(list(g.objects(dataset, SD.defaultGraph))) <= 1
        for named in g.objects(dataset, SD.namedGraph):
            assert isinstance(g.value(named, SD.name), rdflib.URIRef)
    assert SD.UnionDefaultGraph in set(g.objects(service, SD.feature))
    assert "names a dataset" in " ".join(str(c) for c in g.objects(service, RDFS.comment))


DESCRIPTION_CHECKS = {
    "returns-rdf": _sd_returns_rdf,
    "has-endpoint-triple": _sd_has_endpoint_triple,
    "conforms-to-schema": _sd_conforms_to_schema,
}


@pytest.mark.parametrize("name", description_tests())
def test_w3c_service_description(endpoint: Endpoint, name: str) -> None:
    assert name in DESCRIPTION_CHECKS, f"no check for the W3C service description test {name}"
    DESCRIPTION_CHECKS[name](endpoint)


# --- beyond the manifests

D1, D2, D3 = (f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3))


def _ask(endpoint: Endpoint, query: str, **params: str | list[str]) -> bool:
    status, headers, body = endpoint.query(query, **params)
    assert status == 200, body
    return _boolean(_media(headers), body)


def test_dataset_selection_changes_the_answer(endpoint: Endpoint) -> None:
    """The request's dataset overrides the query's; the query's applies without one; the union
    default graph only when neither names a dataset."""
    both = f"ASK {{ <{D1}> a ?t . <{D2}> a ?t }}"
    assert _ask(endpoint, both)  # the union default graph
    assert not _ask(endpoint, both, default_graph_uri=D1)
    assert _ask(endpoint, both, default_graph_uri=[D1, D2])
    assert not _ask(endpoint, f"ASK FROM <{D1}> {{ <{D2}> a ?t }}")
    assert _ask(endpoint, f"ASK FROM <{D1}> FROM <{D2}> {{ <{D1}> a ?t . <{D2}> a ?t }}")
    assert not _ask(endpoint, f"ASK FROM NAMED <{D1}> {{ <{D1}> a ?t }}")  # the default graph is empty
    assert _ask(endpoint, f"ASK FROM <{D1}> {{ <{D2}> a ?t }}", default_graph_uri=D2)  # the request wins
    named = "ASK { GRAPH ?g { ?s a ?t } FILTER(?g = <%s>) }"
    assert not _ask(endpoint, named % D3, named_graph_uri=[D1, D2])
    assert _ask(endpoint, named % D1, named_graph_uri=[D1, D2])
    assert not _ask(endpoint, f"ASK {{ <{D3}> a ?t }}", named_graph_uri=D3)  # an empty default graph
    # a word FROM in a string or a comment names no dataset
    assert _ask(endpoint, f'ASK {{ <{D1}> a ?t FILTER("FROM" != "") }} # FROM <{D3}>')
    status, _, body = endpoint.query("ASK {}", default_graph_uri="not an iri")
    assert status == 400 and body.count(b"\n") == 1


def test_graph_results_in_every_format(endpoint: Endpoint) -> None:
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{endpoint.report}> {{ ?s ?p ?o }} }} LIMIT 50"
    counts = set()
    for media, fmt in RDF_MEDIA.items():
        status, headers, body = endpoint.query(construct, accept=media)
        assert status == 200 and _media(headers) == media, body[:200]
        counts.add(len(rdflib.Graph().parse(data=body, format=fmt)))
    assert counts == {50}
    # q-values, q=0 honoured, 406 only when nothing fits
    status, headers, _ = endpoint.query(construct, accept="text/turtle;q=0, */*")
    assert status == 200 and _media(headers) != "text/turtle"
    status, headers, _ = endpoint.query(construct, accept="text/turtle;q=0.2, application/rdf+xml;q=0.9")
    assert _media(headers) == "application/rdf+xml"
    status, _, body = endpoint.query(construct, accept="text/turtle;q=0")
    assert status == 406 and body.count(b"\n") == 1
    status, headers, _ = endpoint.query("SELECT * {}", accept="application/sparql-results+json;q=0, */*;q=0.1")
    assert status == 200 and _media(headers) in RESULT_MEDIA - {"application/sparql-results+json"}
    status, _, _ = endpoint.query("SELECT * {}", accept="image/png")
    assert status == 406
    # a relative IRI is resolved against the endpoint
    _, _, body = endpoint.query("CONSTRUCT { <s> <p> 1 } WHERE {}", accept="application/n-triples")
    assert body.decode().startswith(f"<{endpoint.url.rsplit('/', 1)[0]}/s>")


def test_head_slash_charset_and_long_urls(endpoint: Endpoint) -> None:
    get = "/sparql?" + urlencode({"query": "SELECT (1 AS ?x) {}"})
    status, headers, body = endpoint.send("GET", get)
    h_status, h_headers, h_body = endpoint.send("HEAD", get)
    assert (h_status, _media(h_headers), h_body) == (status, _media(headers), b"") and status == 200
    assert endpoint.send("HEAD", "/sparql")[0] == 200  # the service description
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for path in ("/sparql/", "/query/"):
        status, _, body = endpoint.send("POST", path, form, b"query=ASK%20%7B%7D")
        assert status == 200 and _boolean("application/sparql-results+json", body)
    direct = "application/sparql-query; charset="
    for charset, expected in (("utf-8", 200), ("UTF-8", 200), ("ISO-8859-1", 415), ("utf-16", 415)):
        status, _, body = endpoint.send("POST", "/sparql", {"Content-Type": direct + charset}, b"ASK {}")
        assert status == expected, (charset, body)
    status, _, body = endpoint.send("POST", "/sparql", {"Content-Type": "application/sparql-query"}, b"ASK {\xff}")
    assert status == 400 and b"UTF-8" in body
    # a form's charset says how its percent-escapes decode
    latin = {"Content-Type": "application/x-www-form-urlencoded; charset=ISO-8859-1"}
    status, _, body = endpoint.send("POST", "/sparql", latin, b"query=SELECT%20(%22%E9%22%20AS%20%3Fx)%20%7B%7D")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"] == "\u00e9"
    status, _, body = endpoint.send("POST", "/sparql", form, b"query=SELECT%20(%22%E9%22%20AS%20%3Fx)%20%7B%7D")
    assert status == 400 and b"utf-8" in body
    status, _, _ = endpoint.send("POST", "/sparql", {"Content-Type": form["Content-Type"] + "; charset=x-nope"}, b"")
    assert status == 415
    status, _, body = endpoint.send("POST", "/sparql", form, b"query=ASK%7B%7D&query=ASK%7B%7D")
    assert status == 400 and b"2 queries" in body
    for size in (70_000, 200_000, 1_000_000):
        long = "/sparql?query=" + quote("ASK {} #" + "x" * size)
        status, _, body = endpoint.send("GET", long)
        assert status == 414 and b"POST" in body, size
    status, _, body = endpoint.send("GET", "/sparql?query=ASK%7B%7D", {"X-Big": "a" * 200_000})
    assert status == 431 and body.count(b"\n") == 1
    assert endpoint.send("GET", "/sparql?query=ASK%7B%7D")[0] == 200


def test_sparqlwrapper_with_its_defaults(endpoint: Endpoint) -> None:
    sw = pytest.importorskip("SPARQLWrapper")
    client = sw.SPARQLWrapper(endpoint.url)
    client.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{endpoint.report}> {{ ?s ?p ?o }} }} LIMIT 20")
    g = client.query().convert()
    assert isinstance(g, rdflib.Graph) and len(g) == 20
    client.setQuery(f"DESCRIBE <{D1}>")
    g = client.query().convert()
    assert (rdflib.URIRef(D1), RDF.type, rdflib.URIRef("http://xmlns.com/foaf/0.1/Document")) in g
    client.setMethod(sw.POST)
    client.setQuery("CONSTRUCT { <http://e/s> <http://e/p> 1 } WHERE {}")
    assert len(client.query().convert()) == 1


def test_rdflib_sparqlstore(endpoint: Endpoint) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint.url)  # its defaults
    whole = rdflib.Graph(store=store)
    result = whole.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{endpoint.report}> {{ ?s ?p ?o }} }} LIMIT 30")
    assert len(result.graph) == 30
    result = whole.query(f"DESCRIBE <{D2}>")
    assert (rdflib.URIRef(D2), RDF.type, rdflib.URIRef("http://xmlns.com/foaf/0.1/Document")) in result.graph
    # scoped to one graph: that graph's triples only
    status, _, body = endpoint.query(
        f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{endpoint.report}> {{ ?s ?p ?o }} }}", "application/sparql-results+json"
    )
    expected = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    total = int(
        json.loads(endpoint.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[2])["results"]["bindings"][0]["n"]["value"]
    )
    assert 0 < expected < total
    scoped = rdflib.Graph(store=store, identifier=rdflib.URIRef(endpoint.report))
    assert len(scoped) == expected
    assert len(list(scoped.triples((None, None, None)))) == expected
    data1 = rdflib.Graph(store=store, identifier=rdflib.URIRef(D1))
    assert set(data1) == {(rdflib.URIRef(D1), RDF.type, rdflib.URIRef("http://xmlns.com/foaf/0.1/Document"))}
