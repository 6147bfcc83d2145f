"""The ontology, code lists and shapes: parse, and every term speaks three languages."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from conftest import REPO
from kb.namespaces import CODE, WLX
from kb.shapes import country_codes, currency_codes

LANGUAGES = {"en", "fr", "es"}


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        if path.name != "shapes.ttl":
            graph.parse(path)
    return graph


def own_terms(ontology):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept)
    return sorted({
        s for kind in kinds for s in ontology.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and (str(s).startswith(str(WLX)) or str(s).startswith(CODE))
    })


def languages(ontology, term, *predicates):
    return {o.language for p in predicates for o in ontology.objects(term, p)}


def test_ontology_declares_the_core_classes(ontology):
    for name in ("Jurisdiction", "Instrument", "Provision", "Offence", "Penalty",
                 "PlatformDuty", "JurisdictionRule", "Criterion", "Coverage"):
        assert (WLX[name], RDF.type, OWL.Class) in ontology, name


def test_every_term_has_a_label_in_english_french_and_spanish(ontology):
    missing = [t for t in own_terms(ontology)
               if not LANGUAGES <= languages(ontology, t, RDFS.label, SKOS.prefLabel)]
    assert missing == []


def test_every_term_has_a_definition_in_english_french_and_spanish(ontology):
    missing = [t for t in own_terms(ontology)
               if not LANGUAGES <= languages(ontology, t, SKOS.definition)]
    assert missing == []


def test_every_concept_belongs_to_a_closed_code_list(ontology):
    for concept in ontology.subjects(RDF.type, SKOS.Concept):
        if str(concept).startswith(CODE):
            scheme = ontology.value(concept, SKOS.inScheme)
            cls = ontology.value(scheme, WLX.conceptClass)
            assert (concept, RDF.type, cls) in ontology, concept


def test_shapes_parse_and_target_every_contributed_class():
    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl")
    targeted = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    for name in ("Jurisdiction", "Coverage", "Instrument", "Provision", "Offence",
                 "Penalty", "PlatformDuty", "JurisdictionRule"):
        assert WLX[name] in targeted, name


def test_code_lists_come_from_pycountry():
    assert {"KE", "FR", "US", "EU"} <= set(country_codes())
    assert "XK" not in country_codes()
    assert {"KES", "EUR", "USD"} <= set(currency_codes())
