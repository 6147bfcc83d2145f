"""The Turtle position scanner finds subjects and predicates where a reader sees them."""

from kb.positions import RDF_TYPE, scan

TEXT = '''@prefix ex: <http://ex/> .
PREFIX y: <http://y/>
# a comment with a "quote and a ; semicolon
ex:a a ex:C ;
   ex:b "x ; y" , """long
   . ; string""" ;
   ex:c [ ex:d ex:e ; ex:f ( 1 2 ) ] .
y:z ex:b "2"^^ex:t ; ex:q "x"@en .
<http://abs/1> ex:p ex:o.
'''


def test_subjects_are_found_at_their_first_character():
    positions = scan(TEXT)
    assert positions.subjects == {"http://ex/a": (4, 1), "http://y/z": (8, 1), "http://abs/1": (9, 1)}


def test_predicates_skip_strings_lists_and_nested_blank_nodes():
    positions = scan(TEXT)
    assert positions.of("http://ex/a", RDF_TYPE) == (4, 6)
    assert positions.of("http://ex/a", "http://ex/c") == (7, 4)
    assert positions.of("http://y/z", "http://ex/q") == (8, 22)
    assert ("http://ex/a", "http://ex/d") not in positions.predicates


def test_an_unknown_predicate_falls_back_to_the_subject():
    assert scan(TEXT).of("http://y/z", "http://ex/nothing") == (8, 1)
