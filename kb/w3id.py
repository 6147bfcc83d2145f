"""`wildlex w3id`: the redirect rules that make the IRIs under https://w3id.org/wildlex/
resolve, in the .htaccess form that w3id.org keeps for each namespace.

Each IRI goes (303 See Other) to its page on the published site, in the reader's
language (Accept-Language: fr or es, else English), or to the data when the client asks
for Turtle, JSON-LD or N-Quads. Instruments, provisions and jurisdictions have pages of
their own; an offence, penalty, duty, rule or coverage record goes to the page of the
provision, instrument or jurisdiction it belongs to (found in the store), anything else
to the data page. The rules are made from the store, so regenerate them after a build.
"""

from __future__ import annotations

import re
from collections import deque

import pyoxigraph as ox

from .namespaces import ID, RDF, WLX

BASE = "https://w3id.org/wildlex/"
WITH_PAGES = {str(WLX.Provision), str(WLX.Instrument), str(WLX.Jurisdiction), str(WLX.Platform)}
# Where a resource is shown: the provision that defines it, else its jurisdiction's page.
FOLLOW_FIRST = {str(WLX.definedIn): 0, str(WLX.jurisdiction): 1}
DATA = (("text/turtle", "wildlex.ttl"), (r"application/ld\+json", "wildlex.jsonld"),
        ("application/n-quads", "wildlex.nq"))


def page_of(store: ox.Store, iri: str) -> str | None:
    """The IRI, under id/, whose page shows `iri`: itself if it has a page, else the
    nearest resource with a page it links to (an offence → its provision)."""
    seen, queue = {iri}, deque([(iri, 0)])
    while queue:
        node, depth = queue.popleft()
        types = {q.object.value for q in store.quads_for_pattern(
            ox.NamedNode(node), ox.NamedNode(str(RDF.type)), None)}
        if types & WITH_PAGES:
            return node
        if depth == 3:
            continue
        links = sorted((FOLLOW_FIRST.get(q.predicate.value, len(FOLLOW_FIRST)), q.object.value)
                       for q in store.quads_for_pattern(ox.NamedNode(node), None, None)
                       if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(str(ID)))
        for _, target in links:
            if target not in seen:
                seen.add(target)
                queue.append((target, depth + 1))
    return None


def id_iris(store: ox.Store) -> list[str]:
    """Every IRI under id/ the store names, as subject or object."""
    found = set()
    for quad in store:
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(str(ID)):
                found.add(term.value)
    return sorted(found)


def htaccess(store: ox.Store, site_url: str) -> str:
    """The .htaccess for https://w3id.org/wildlex/, sending readers to `site_url`."""
    site = site_url.rstrip("/") + "/"
    lines = [
        "# https://w3id.org/wildlex/ — written by `wildlex w3id`; regenerate it after a build.",
        "# Every IRI goes to its page on the published site (English unless the reader asks",
        "# for French or Spanish), or to the data for a client that asks for Turtle, JSON-LD",
        "# or N-Quads.",
        "Options +FollowSymLinks",
        "RewriteEngine on",
        "",
        "# The site itself, as the sitemap names its pages.",
        f"RewriteRule ^site/(.*)$ {site}$1 [R=303,L]",
        "",
        "# Resources without a page of their own: shown on the page of what they belong to.",
    ]
    for iri in id_iris(store):
        page = page_of(store, iri)
        if page != iri:
            # In a substitution, $ and % start back-references: escape them.
            target = re.sub(r"([$%\\])", r"\\\1", page[len(BASE):]) if page else "data"
            lines.append(f"RewriteRule ^{re.escape(iri[len(BASE):])}$ {target}")
    lines += ["", "# Data, for a client that asks for it."]
    for accept, name in DATA:
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {accept}",
                  f"RewriteRule ^(id|ontology|shapes|code|criterion|source|data)(/.*)?$ "
                  f"{site}data/{name} [R=303,L]"]
    lines += [
        "",
        "# The reader's language.",
        "RewriteRule ^ - [E=WLXLANG:en]",
        "RewriteCond %{HTTP:Accept-Language} ^fr [NC]",
        "RewriteRule ^ - [E=WLXLANG:fr]",
        "RewriteCond %{HTTP:Accept-Language} ^es [NC]",
        "RewriteRule ^ - [E=WLXLANG:es]",
        "",
        "# Pages.",
        f"RewriteRule ^(ontology|shapes|code/.*)$ {site}%{{ENV:WLXLANG}}/vocabulary/ [R=303,L]",
        # Platform-policy criteria are the columns of the policy matrix.
        f"RewriteRule ^criterion/policy-[^/]+$ {site}%{{ENV:WLXLANG}}/platforms/ [R=303,L]",
        f"RewriteRule ^criterion/([^/]+)$ {site}%{{ENV:WLXLANG}}/criteria/$1/ [R=303,L]",
        f"RewriteRule ^id/(.+)$ {site}%{{ENV:WLXLANG}}/$1/ [R=303,L]",
        f"RewriteRule ^(data|source/.*)$ {site}%{{ENV:WLXLANG}}/data/ [R=303,L]",
        f"RewriteRule ^ {site}%{{ENV:WLXLANG}}/ [R=303,L]",
    ]
    return "\n".join(lines) + "\n"
