"""Property-based tests of the two paths that read what contributors hand us."""

import re
from xml.sax.saxutils import escape

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.akn import AknError, read_act
from kb.fmt import Writer, format_text
from kb.site.build import squeeze
from kb.turtle import read_turtle

TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
               min_size=1, max_size=300)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_give_a_graph_or_located_problems_never_a_crash(tmp_path, data):
    path = tmp_path / "x.ttl"
    path.write_bytes(data)
    result = read_turtle(path, "corpus/xx/x.ttl")
    assert result.graph is not None or result.problems  # no graph without saying why
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1 and " — " in problem.message


@SETTINGS
@given(TEXT)
def test_any_text_survives_quoting_parsing_and_fmt(tmp_path, text):
    literal = Writer({}).term(ox.Literal(text, language="en"))
    turtle = ("<https://w3id.org/wildlex/id/xx/a/s1> <https://w3id.org/wildlex/ontology#excerpt> "
              f"{literal} .\n")
    path = tmp_path / "x.ttl"
    path.write_text(turtle, encoding="utf-8")
    result = read_turtle(path, "x.ttl")
    if "\r" in text:  # the reader refuses CR anywhere in a file, by design
        return
    assert not result.problems, result.problems
    assert [str(o) for o in result.graph.objects()] == [text]
    assert format_text(format_text(turtle, {}), {}) == format_text(turtle, {})


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_given_to_the_importer_fail_cleanly(tmp_path, data):
    path = tmp_path / "x.xml"
    path.write_bytes(data)
    try:
        read_act(path)
    except AknError as error:
        assert str(error).startswith(str(path))


AKN = """<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="act"><meta>
<identification source="#x"><FRBRWork><FRBRthis value="/akn/ke/act/2020/1/!main"/>
<FRBRuri value="/akn/ke/act/2020/1"/><FRBRdate date="2020-01-01" name="Generation"/>
<FRBRauthor href="#x"/><FRBRcountry value="ke"/><FRBRname value="Act"/></FRBRWork>
<FRBRExpression><FRBRthis value="/akn/ke/act/2020/1/eng@/!main"/><FRBRuri value="/akn/ke/act/2020/1/eng@"/>
<FRBRdate date="2020-01-01" name="Generation"/><FRBRauthor href="#x"/><FRBRlanguage language="eng"/>
</FRBRExpression></identification></meta><body><section eId="sec_1"><num>1.</num>
<heading>{heading}</heading><content><p>{text}</p></content></section></body></act></akomaNtoso>"""

XML_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xD7FF), min_size=1, max_size=200)


@SETTINGS
@given(XML_TEXT, XML_TEXT)
def test_imported_text_is_the_text_of_the_document(tmp_path, heading, text):
    path = tmp_path / "act.xml"
    path.write_text(AKN.format(heading=escape(heading), text=escape(text)), encoding="utf-8")
    act = read_act(path)
    normalise = " ".join
    assert act.provisions[0].heading == normalise(heading.split())
    expected = normalise(text.split())
    if expected and len(expected) <= 1400:
        assert act.provisions[0].text == expected


# Text of pages: words, markup, and every kind of whitespace a template or an excerpt holds.
PAGE_TEXT = st.lists(st.sampled_from(["\n", " ", "\t", "\r", "\u00a0", "\u2003", "\x1c", "a", "<p>", "é"]),
                     max_size=60).map("".join)


@settings(max_examples=500, deadline=None)
@given(PAGE_TEXT)
def test_a_squeezed_page_is_the_regular_expressions_text(html):
    """squeeze works a line at a time for speed; what it gives is defined by the expression."""
    assert squeeze(html) == re.sub(r"\s*\n\s*", "\n", html)
