"""`wildlex build` writes the site: built aside, then published by swapping one symlink.

build/site always points at a complete site, the previous one or the new one; a build
that fails or is killed leaves the previous one in place. The site is read as of the
latest review date in the corpus unless told otherwise, so the same corpus gives the
same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import operator
import os
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

from ..compare import RANK
from ..export import KeptParts, export_table, write_datasets
from ..output import ask_records, ask_table, csv_table
from ..parallel import cores, fork_map
from ..questions import bound_question
from ..store import dataset_parts
from .inputs import (
    criterion_inputs,
    headings_digest,
    jurisdiction_inputs,
    levels_digest,
    overview_inputs,
    platform_inputs,
    region_inputs,
)
from .pages import TOPICS, Portal, Shared, ask_shared, build_portal, site_path
from .render import LANGUAGES, collation_key, country, make_environment, relative, translations
from .reuse import (
    RECORD,
    InputTexts,
    Kept,
    common_inputs,
    dataset_inputs,
    input_digest,
    kept_pages,
    load_record,
    read_record,
    record_pages,
    site_inputs,
)
from .search import bundle, index_for_search, search_parts
from .spare import RECORD as SPARE_RECORD
from .spare import file_of, fresh, keep_as_spare, make_twin, remove_stale, stage
from .worldmap import map_class, outlines, view_box, world_map

PAGES = ("matrix", "compare", "penalties", "duties", "changes", "data", "vocabulary", "method",
         "about", "criteria")


def default_as_of(project, source) -> str:
    dates = [r["reviewedOn"] for r in ask_records(project, source, "coverage") if r["reviewedOn"]]
    return max(dates) if dates else "today"


def json_ld(data: dict) -> str:
    """JSON for a <script> element: no character of the data can end or open markup."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def squeeze(html: str) -> str:
    """Each run of whitespace that holds a line break, as one line break (the text
    re.sub(r"\\s*\\n\\s*", "\\n", html) gives, five times quicker: a line at a time).

    Such whitespace renders as one space (no page has <pre> or <textarea>): one line
    break keeps what a reader sees and drops the templates' indentation, a tenth of a
    large table page."""
    lines = html.split("\n")
    if len(lines) == 1:
        return html
    first, *middle, last = lines
    return "\n".join([first.rstrip(), *[line for line in map(str.strip, middle) if line], last.lstrip()])


class Writer:
    def __init__(self, root: Path, env, portal: Portal, kept: Kept | None = None, common: str = "",
                 texts: InputTexts | None = None):
        self.root, self.env, self.portal = root, env, portal
        self.kept, self.common, self.texts = kept or Kept(), common, texts or InputTexts()
        # Each page written, with the digest of its file (for the search index).
        self.written: dict[str, str] = {}
        # Each page written with named inputs: [input digest, file digest] (see reuse.py).
        self.recorded: dict[str, list[str]] = {}
        # The pages of each group left as the folder written in holds them (see kept_group).
        self.held: list[str] = []
        self._folders: set[Path] = set()  # made already (a mkdir per page cost 2 %)

    def page(self, path: str, template: str, inputs: tuple | None = None, make=None,
             **context) -> None:
        """Render `template` to `path` (a folder path such as en/ke/ gets index.html).

        With `inputs` (everything the page shows beyond the portal's date and labels), a
        page made from the same inputs as the one in the folder written in (the spare
        brought up to date: spare.py) is left as it is, and one made from the same inputs
        as the published one is linked; neither is rendered, nor is `make`, which returns
        more of the context, called. A file is never written in place (it may be a link
        to the published site's)."""
        if inputs is not None:
            digest = input_digest(self.common, template, path, self.texts(inputs))
            if self._here(path, digest):
                return  # (before any path is made: most pages of a rebuild end here)
        file_path = file_of(path)
        target = self.root / file_path
        if inputs is not None:
            self._folder(target)
            kept = self._link(path, file_path, digest, target)
            if kept is not None:
                self.written[path] = kept
                return
        self._folder(target)
        if make is not None:
            context |= make()
        alternates = {lang: lang + path[2:] for lang in LANGUAGES}
        html = self.env.get_template(template).render(
            portal=self.portal, here=path, alternates=alternates,
            url=lambda target: relative(target, file_path), topics=TOPICS, **context)
        data = squeeze(html).encode("utf-8")
        fresh(target).write_bytes(data)
        self.written[path] = hashlib.sha256(data).hexdigest()
        if inputs is not None:
            self.recorded[path] = [digest, self.written[path]]

    def kept_group(self, pages: list[str], inputs: tuple) -> str | None:
        """A group of pages (a law's and its provisions') whose inputs are all within
        `inputs`: if the published site recorded the same digest of them with the first
        page, each page is kept as the published one (left in the folder written in, or
        linked) without working out its own inputs, and None is returned (a rebuild kept
        18,000 provision pages, a digest each, for one changed excerpt); else the group's
        digest, for `record_group` once its pages are written."""
        digest = input_digest(self.common, "+group", pages[0], self.texts(inputs))
        staged = self.kept.staged
        held = staged.get(pages[0])
        if held is not None and len(held) > 2 and held[2] == digest and all(p in staged for p in pages):
            # The folder written in (the spare brought up to date) recorded this digest
            # with the group's first page once all the group's pages were there, made from
            # these inputs: each is left as it is, as recorded there, without a look at
            # its entry (most of a rebuild's 58,000 pages end here).
            self.held += pages
            return None
        published = self.kept.pages
        first = published.get(pages[0])
        if first is None or len(first) < 3 or first[2] != digest:
            return digest
        entries = [published.get(page) for page in pages]
        if None in entries:
            return digest
        for page, (inputs_digest, file_digest, *_) in zip(pages, entries, strict=True):
            if self._here(page, inputs_digest):
                continue
            file_path = file_of(page)
            target = self.root / file_path
            self._folder(target)
            if self._link(page, file_path, inputs_digest, target) is None:
                return digest  # removed from the published site by hand: written as new
            self.written[page] = file_digest
        self.record_group(pages[0], digest)
        return None

    def record_group(self, first: str, digest: str) -> None:
        """Record the digest of a group's inputs with its first page (see kept_group)."""
        self.recorded[first] = [*self.recorded[first][:2], digest]

    def other(self, path: str, inputs: tuple, make) -> None:
        """A file that is not a page (no search index, no sitemap): linked from the
        published site when made from the same inputs, else `make()`'s bytes."""
        digest = input_digest(self.common, "", path, self.texts(inputs))
        if self.kept.here(path, digest) is not None:
            self.recorded[path] = [digest, ""]
            return
        target = self.root / path
        self._folder(target)
        if self._link(path, path, digest, target) is None:
            fresh(target).write_bytes(make())
            self.recorded[path] = [digest, ""]

    def _folder(self, target: Path) -> None:
        """Make the folder of file `target`, once."""
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)

    def _here(self, path: str, digest: str) -> bool:
        """Whether the folder written in (the spare brought up to date) holds the page
        made from the same inputs; then it is recorded, and left as it is."""
        found = self.kept.here(path, digest)
        if found is None:
            return False
        self.written[path] = found
        self.recorded[path] = [digest, found]
        return True

    def _link(self, path: str, file_path: str, digest: str, target: Path) -> str | None:
        """Link the published file made from the same inputs, if any, and record it;
        return its file's digest (None: it must be made)."""
        kept = self.kept.file(path, file_path, digest)
        if kept is None:
            return None
        try:
            os.link(kept[0], fresh(target))
        except FileNotFoundError:
            return None  # removed from the published site by hand: made again
        self.recorded[path] = [digest, kept[1]]
        return kept[1]


def compare_data(portal: Portal, gettext) -> dict:
    """What the compare view's script needs, in the page's language."""
    lang = portal.language
    return {
        "order": [j.code for j in portal.jurisdictions],
        "names": {j.code: country(j.code, lang) for j in portal.jurisdictions},
        "pages": {j.code: f"../{j.code.lower()}/" for j in portal.jurisdictions},
        "basis": {j.code: {c.id: portal.basis(j.code, c.id) for c in portal.criteria
                           if portal.basis(j.code, c.id)} for j in portal.jurisdictions},
        "marks": {"checked_copy": ["‡", gettext("rests on a copy of the official text")],
                  "secondary": ["†", gettext("rests on a secondary source")],
                  "unconfirmed": ["?", gettext("rests on an unconfirmed source")]},
        "criteria": [{"id": c.id, "label": c.label, "url": f"../criteria/{c.id}/"}
                     for c in portal.criteria],
        "assessments": {j.code: {a.criterion: a.level for a in j.scorecard}
                        for j in portal.jurisdictions},
        "levels": {"met": gettext("met"), "partly": gettext("partly met"),
                   "not_met": gettext("not met"), "not_known": gettext("not known")},
        "messages": {"choose": gettext("Choose at least one jurisdiction to compare with."),
                     "unknown": gettext("Not reviewed for {first}, met or partly met elsewhere"),
                     "evidence": gettext("evidence"),
                     "caption": gettext("Best-practice criteria"),
                     "criterion": gettext("Criterion"),
                     "gaps": gettext("Where the others go further than {first}"),
                     "nogap": gettext("No gap: where a topic was reviewed, "
                                      "no other jurisdiction goes further."),
                     "noneunknown": gettext("None.")},
    }


def map_classes(shared: Shared) -> dict[str, str]:
    """Each jurisdiction's class on the world map (map.svg, the same for every language:
    its words are in the page): all it is made from but the outlines' package."""
    return {j.code: map_class(j.count("met"), j.count("partly"),
                              len(j.scorecard) - j.count("not_known"))
            for j in shared.jurisdictions}


def keep_or_make(kept: Kept, recorded: dict[str, list[str]], root: Path, path: str,
                 inputs: tuple, make) -> None:
    """File `path` of the site written in `root`, made from `inputs` (texts, or bytes:
    answers): linked from the published site when made from the same inputs, else
    written with `make()`'s text; recorded as pages are (the second digest unused)."""
    hasher = hashlib.sha256()
    for part in inputs:
        hasher.update(part if isinstance(part, bytes) else repr(part).encode())
        hasher.update(b"\0")
    digest = hasher.hexdigest()
    found = kept.file(path, path, digest)
    target = root / path
    if found is None or not _linked([found[0]], [target]):
        target.write_text(make(), encoding="utf-8")
    recorded[path] = [digest, digest]


def answer_bodies(project, source, asks: list[tuple[str, dict]]) -> bytes:
    """The answers (SPARQL TSV) to `asks` (question, values), one after the other, as
    the build's snapshot gave them: what a table made from them shows."""
    bodies = []
    for name, given in asks:
        question, bound = bound_question(project, source, name, given)
        bodies.append(source.prepare(question, bound)[2])
    return b"\0".join(bodies)


def instrument_ld(instrument, jurisdiction, lang: str) -> str:
    return json_ld({
        "@context": "https://schema.org", "@type": "Legislation",
        "@id": instrument.iri, "name": instrument.title(lang),
        "legislationIdentifier": instrument.number or instrument.iri,
        "legislationJurisdiction": country(jurisdiction.code, "en"),
        "legislationDate": instrument.adopted or None,
        "url": instrument.official_text})


def provision_ld(provision, instrument) -> str:
    return json_ld({
        "@context": "https://schema.org", "@type": "Legislation",
        "@id": provision.iri, "name": provision.citation,
        "isPartOf": {"@id": instrument.iri}, "text": provision.excerpt,
        "url": provision.source_url})


def write_jurisdiction(writer: Writer, lang: str, jurisdiction, levels: str) -> None:
    """A jurisdiction's page, its comparison with all the others (`levels`: their
    digest, see inputs.levels_digest), and the pages of its instruments and provisions.
    (Their JSON-LD is made from their inputs, so only for a page rendered.)"""
    writer.page(f"{lang}/{jurisdiction.code.lower()}/", "jurisdiction.html",
                inputs=jurisdiction_inputs(writer.portal, jurisdiction),
                jurisdiction=jurisdiction)
    writer.page(f"{lang}/compare/{jurisdiction.code.lower()}/", "compare_focus.html",
                inputs=(jurisdiction.code, levels, tuple(sorted(RANK.items()))),
                focus=jurisdiction, rank=RANK)  # (rank: for a project's own older template)
    for instrument in jurisdiction.instruments:
        pages = [site_path(i.iri, lang) for i in (instrument, *instrument.provisions)]
        # The law's page's inputs are all its provisions' pages' are made from too.
        group = writer.kept_group(pages, (instrument, jurisdiction.code))
        if group is None:
            continue
        writer.page(pages[0], "instrument.html", inputs=(instrument, jurisdiction.code),
                    make=lambda i=instrument: {"ld": instrument_ld(i, jurisdiction, lang)},
                    instrument=instrument, jurisdiction=jurisdiction)
        for path, provision in zip(pages[1:], instrument.provisions, strict=True):
            writer.page(path, "provision.html",
                        inputs=(provision, instrument.iri, instrument.titles, jurisdiction.code),
                        make=lambda p=provision, i=instrument: {"ld": provision_ld(p, i)},
                        provision=provision, instrument=instrument, jurisdiction=jurisdiction)
        writer.record_group(pages[0], group)


def write_platforms(writer: Writer, lang: str, portal: Portal, overview: dict,
                    headings: str) -> None:
    """The policy matrix and a page for each platform."""
    writer.page(f"{lang}/platforms/", "platforms.html", inputs=overview["platforms"])
    for platform in portal.platforms:
        writer.page(f"{lang}/platforms/{platform.slug}/", "platform.html",
                    inputs=platform_inputs(portal, platform, headings), platform=platform)


# Each language's portal, environment and digests, made once per process for all the
# tasks it writes of the language, and the pages' inputs as text for all its tasks (an
# object is named by pages of several: a penalty row by its region's page in every
# language): see write_languages; emptied as each build starts.
_languages: dict[str, tuple] = {}
_texts: list[InputTexts] = []


def _forget() -> None:
    _languages.clear()
    _texts.clear()


def language_writer(project, source, root: Path, language: str, shared: Shared,
                    kept: Kept) -> Writer:
    if language not in _languages:
        portal = build_portal(project, source, language, shared)
        _languages[language] = (portal, make_environment(project, language),
                                common_inputs(project, language, portal.as_of, portal.vocabulary), {})
    if not _texts:
        _texts.append(InputTexts())
    portal, env, common, _ = _languages[language]
    return Writer(root, env, portal, kept, common, _texts[0])


def language_digests(portal) -> tuple[str, str, dict[str, tuple]]:
    """(levels_digest, headings_digest, overview_inputs) of `portal`, made once per process."""
    cached = _languages.get(portal.language)
    made = cached[3] if cached is not None and cached[0] is portal else {}
    if "digests" not in made:
        levels, headings = levels_digest(portal), headings_digest(portal)
        made["digests"] = levels, headings, overview_inputs(portal, levels, headings)
    return made["digests"]


# The pages of a language that are not per jurisdiction, in parts written as tasks of
# about the same time, so that two processes end together (three tasks, one per
# language, left one process writing alone for a tenth of a cold build): part 0 and
# part 1 of each language, and the penalties' regions (REGIONS) of all three in one
# task, since their rows are the same objects in each (worked out once, not by each
# process that wrote a language's: 0.07 s each, at 200 jurisdictions).
OVERVIEW_PARTS = 2
REGIONS = OVERVIEW_PARTS  # (the part after a language's)


def write_overview(project, writer: Writer, part: int | None = None) -> None:
    """The pages of the writer's language that are not per jurisdiction: part 0 (the home
    and top pages, the comparison data, the feed), part 1 (the criteria's and the
    platforms' pages), REGIONS (the penalties' regions' pages), or all."""
    portal, lang = writer.portal, writer.portal.language
    levels, headings, overview = language_digests(portal)
    if part in (0, None):
        writer.page(f"{lang}/", "home.html", inputs=overview["home"],
                    map_size=view_box().split()[2:])
        for name in PAGES:
            writer.page(f"{lang}/{name}/", f"{name}.html",
                        inputs=overview[name] if name in overview else None)
        # The .po catalogue is compiled only when the file is made again.
        writer.other(f"{lang}/compare/data.json", (levels,), lambda: json.dumps(
            compare_data(portal, translations(project, lang).gettext), ensure_ascii=False,
            sort_keys=True).encode("utf-8"))
        writer.other(f"{lang}/changes.atom", overview["changes"], lambda: writer.env.get_template(
            "changes.atom").render(portal=portal, language=lang).encode("utf-8"))
    if part in (1, None):
        for criterion in portal.criteria:
            writer.page(f"{lang}/criteria/{criterion.id}/", "criterion.html",
                        inputs=criterion_inputs(portal, criterion, headings), criterion=criterion)
        write_platforms(writer, lang, portal, overview, headings)
    if part in (REGIONS, None):
        for region in portal.penalty_regions:
            writer.page(f"{lang}/penalties/{region.slug}/", "penalties_region.html",
                        inputs=region_inputs(portal, region, headings), region=region)


def write_jurisdictions(writer: Writer, share: int = 0, shares: int = 1) -> None:
    """The pages of share number `share` of `shares` of the jurisdictions, in the
    writer's language. A share is the same jurisdictions in every language (taken in
    the order of their codes, not of their names in the language), so that a process
    works out their pages' inputs once for the three (reuse.InputTexts): shares taken
    from each language's order made each process work out nearly all of them."""
    portal = writer.portal
    levels = language_digests(portal)[0]
    for jurisdiction in sorted(portal.jurisdictions, key=operator.attrgetter("code"))[share::shares]:
        write_jurisdiction(writer, portal.language, jurisdiction, levels)


# Below this many provisions one process writes the site quicker than several.
SPREAD_ABOVE = 2000


def write_languages(project, source, root: Path, shared: Shared,
                    kept: Kept) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Every page in every language: in one process per core for a large corpus, this
    one and forked ones (jinja2 rendering is single-threaded). Each process takes a
    share of the jurisdictions in every language (their pages' inputs are the same
    objects in each: see reuse.InputTexts), the penalties' regions in every language
    (likewise), or a part of a language's other pages. Returns each page written with
    its file's digest, and the record of the pages written with named inputs."""
    workers = cores()
    overviews = [("regions",)] + [("overview", language, part) for language in LANGUAGES
                                  for part in range(OVERVIEW_PARTS)]
    _forget()  # (a long-lived process builds again: nothing of the last build's)
    if workers < 2 or len(shared.provisions) < SPREAD_ABOVE:
        tasks = [("jurisdictions", 0, 1), *overviews]
        writers = [_taken(kept.staged, held, written, recorded) for written, recorded, held
                   in (_write_task((project, source, root, shared, kept), task) for task in tasks)]
    else:
        # Each language's portal, environment and digests made here once, for every
        # process (each made all three: the digests cost each process more than they
        # cost here, copying on write the pages of the objects they read) and for the
        # search pages after.
        for language in LANGUAGES:
            language_digests(language_writer(project, source, root, language, shared, kept).portal)
        # The jurisdictions' pages first, a share per process (this one's too); the
        # languages' other pages, in smaller tasks, even out the ends.
        tasks = [("jurisdictions", share, workers) for share in range(workers)] + overviews
        writers = [_unpacked(kept.staged, sent) for sent in
                   fork_map(_write_packed, (project, source, root, shared, kept, os.getpid()), tasks,
                            here=True)]
    pages, recorded = {}, {}
    for written, entries in writers:  # (174,000 pages: merged whole, not one by one)
        pages.update(written)
        recorded.update(entries)
    return pages, recorded


def _write_task(state, task) -> tuple[dict[str, str], dict[str, list[str]], list[str]]:
    """The pages of `task` written, their record, and the pages held as the folder written
    in holds them (Writer.held: their record is the staging folder's)."""
    project, source, root, shared, kept = state[:5]
    if task[0] == "overview":
        writer = language_writer(project, source, root, task[1], shared, kept)
        write_overview(project, writer, task[2])
        return writer.written, writer.recorded, writer.held
    written, recorded, held = {}, {}, []
    for language in LANGUAGES:
        writer = language_writer(project, source, root, language, shared, kept)
        if task[0] == "regions":
            write_overview(project, writer, REGIONS)
        else:
            write_jurisdictions(writer, task[1], task[2])
        written |= writer.written
        recorded |= writer.recorded
        held += writer.held
    return written, recorded, held


def _write_packed(state, task) -> tuple[str, dict[str, str], dict[str, list[str]]]:
    """_write_task's pages as a forked process sends them back: the pages left as the
    staging folder's record has them, named in one text, and the others' entries (a
    rebuild's processes sent 60,000 entries, and each waited 50 ms to hand them over).
    In the process that forked (`state`'s last item), nothing is sent: only the held ones
    are named."""
    written, recorded, held = _write_task(state, task)
    if os.getpid() == state[5]:
        return "\n".join(held), written, recorded
    staged = state[4].staged
    same = [page for page, entry in recorded.items()
            if staged.get(page) == entry and written.get(page) == entry[1]]
    for page in same:
        del written[page], recorded[page]
    return "\n".join(same + held), written, recorded


def _unpacked(staged: dict[str, list[str]], sent) -> tuple[dict[str, str], dict[str, list[str]]]:
    same, written, recorded = sent
    return _taken(staged, same.split("\n") if same else [], written, recorded)


def _taken(staged: dict[str, list[str]], pages: list[str], written: dict[str, str],
           recorded: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """`written` and `recorded` with `pages`, left as the staging folder's record has
    them, taken from it (most of a rebuild's pages: taken whole, not one by one)."""
    entries = list(map(staged.__getitem__, pages))
    recorded.update(zip(pages, entries, strict=True))
    written.update(zip(pages, map(operator.itemgetter(1), entries), strict=True))
    return written, recorded


def warm_up(project=None) -> None:
    """Load what every site build reads once per process (the collation table, the
    world's outlines: half a second) and, given the project, the records of its published
    site and of the spare (40 ms): the preview's worker does it while it waits for the
    first save, not after it."""
    collation_key("")
    outlines()
    for name in (RECORD, SPARE_RECORD) if project is not None else ():
        try:
            load_record(project.build_dir / name)
        except (OSError, ValueError):
            pass  # (none yet, or unreadable: the build says so, or does without)


def site_is_current(project, as_of: str | None = None) -> bool:
    """Whether the published site and the kept answers were made from the source files as
    they are now, with the same date, site/, queries/ and code: then a build has nothing
    to do (and opens nothing for writing)."""
    from ..store import answers_path

    record = read_record(project, published_site(project))
    if not record or record.get("inputs") is None or not answers_path(project).exists():
        return False
    return record["inputs"] == site_inputs(project, as_of)


def build_site(project, source, as_of: str | None = None, progress=lambda step: None,
               shown=None, also=None, ahead=()) -> Path:
    """Write the whole site and publish it at build/site; return that path. `progress` is
    told each step as it starts. `shown` (the preview's) is told the folder where the new
    site can be read as soon as its pages are written, before its datasets and search
    index (build/site changes only once both are there), and again once it is renamed.
    `also` is called while the search index is made (the caller keeps the answers then);
    `ahead` are more questions (name, values) to answer with the site's (see ask_shared)."""
    inputs = site_inputs(project, as_of)
    as_of = as_of or default_as_of(project, source)
    sites = project.build_dir / "sites"
    remove_leftovers(project)
    previous = published_site(project)
    kept = kept_pages(project, previous)
    staging, staged = stage(project, previous, lambda folder: discard(project, folder))
    kept.staged = staged.pages
    twin = None
    try:
        progress(f"asking the site's questions (law as of {as_of})")
        shared = ask_shared(project, source, as_of, ahead)
        progress(f"writing the pages in {', '.join(LANGUAGES)}")
        pages, recorded = write_languages(project, source, staging, shared, kept)
        parts = {language: search_parts(pages, language) for language in LANGUAGES}
        pages |= write_search_pages(project, source, staging, shared, parts)
        remove_stale(staging, staged, pages, recorded)
        for layer in reversed(project.layers("site/static")):  # the project's own files last
            shutil.copytree(layer, staging / "static", dirs_exist_ok=True)
        # The files at the top that answers make are linked from the published site when
        # made from the same inputs, as pages are (`top`: what they are all made from).
        top = common_inputs(project, "", as_of)
        classes = map_classes(shared)
        keep_or_make(kept, recorded, staging, "map.svg",
                     (top, "map", version("pygal_maps_world"), classes),
                     lambda: world_map(classes, "Wildlex"))
        env = make_environment(project, "en")
        (staging / "index.html").write_text(env.get_template("root.html").render(
            languages=LANGUAGES), encoding="utf-8")
        if shown:
            shown(staging)
        # (After the preview is told: no page shows the sitemap, 0.25 s at 58,000 pages.)
        in_order = sorted(pages)
        keep_or_make(kept, recorded, staging, "sitemap.xml", (top, "sitemap", in_order),
                     lambda: env.get_template("sitemap.xml").render(pages=in_order))
        progress("writing the tables")
        data = staging / "data"
        data.mkdir()
        export_asks = [("export", {"asOf": as_of}), ("policy-export", {"asOf": as_of})]
        keep_or_make(kept, recorded, staging, "data/wildlex.csv",
                     (top, "table", answer_bodies(project, source, export_asks)),
                     lambda: export_table(project, source, as_of))
        matrix_ask = ("matrix", {"asOf": as_of})
        keep_or_make(kept, recorded, staging, "data/matrix.csv",
                     (top, "table", answer_bodies(project, source, [matrix_ask])),
                     lambda: csv_table(*ask_table(project, source, *matrix_ask)))
        # The pages' answers are no longer needed: their memory goes to the datasets.
        del shared
        if hasattr(source, "forget_rows"):
            source.forget_rows()
        progress(f"indexing {len(pages)} pages for search (the datasets and kept answers meanwhile)")
        written, twin = index_alongside(
            lambda: index_for_search(staging, parts, previous, pages, staged.parts,
                                     lambda folder: discard(project, folder)),
            lambda: alongside_index(project, source, data, kept, also,
                                    twin_of=staging if kept.site is None else None))
        recorded |= written
        final = sites / f"site-{uuid.uuid4().hex}"
        staging.rename(final)
        if shown:
            shown(final)
        spare = keep_as_spare(project, kept.site)
        unrecorded = [file_of(page) for page in set(pages) - set(recorded)]
        if twin is not None:  # (then there was no site to keep: the twin is the spare)
            spare = twin
            record_pages(project, twin, inputs, recorded, unrecorded, SPARE_RECORD)
        record_pages(project, final, inputs, recorded, unrecorded)
    except BaseException:
        if staging.exists():  # (a reused spare is a whole site: removed without waiting)
            discard(project, staging)
        if twin is not None and twin.exists():
            discard(project, twin)
        raise
    return publish(project, final, spare)


def index_alongside(index, work):
    """Run `index` (pagefind, processes of its own that leave a core half idle) in a
    thread while `work` runs here; return what `work` returns, once both are done."""
    with ThreadPoolExecutor(1) as pool:
        indexing = pool.submit(index)
        try:
            return work()
        finally:
            indexing.result()  # waited for even if `work` failed: the staging goes after


def alongside_index(project, source, data: Path, kept: Kept, also=None,
                    twin_of: Path | None = None) -> tuple[dict[str, list[str]], Path | None]:
    """What the build does while the search index is made: the datasets, then `also`,
    then the twin of `twin_of` (spare.make_twin), if given. Returns the datasets' record
    and the twin."""
    recorded = write_changed_datasets(project, source, data, kept)
    if also:
        also()
    return recorded, make_twin(twin_of) if twin_of is not None else None


def write_changed_datasets(project, source, data: Path, kept: Kept) -> dict[str, list[str]]:
    """The datasets in every format: linked from the published site when the store has
    not changed since it was written (a change of a template or a string), else written
    graph by graph, each graph's texts the published files hold copied from them
    (export.KeptParts); returns their record, as pages are recorded (the second digest
    is not the file's: unused)."""
    digest = dataset_inputs(project)
    files = {fmt: data / f"wildlex.{fmt}" for fmt in ("nq", "ttl", "jsonld")}
    paths = {fmt: f"data/wildlex.{fmt}" for fmt in files}
    published = [kept.file(paths[fmt], paths[fmt], digest) for fmt in files]
    if not (all(published) and _linked([found[0] for found in published], list(files.values()))):
        with dataset_parts(project, source.quads(), kept.site / "data" if kept.site else None) as parts:
            with contextlib.ExitStack() as stack:
                where = write_datasets({fmt: stack.enter_context(open(path, "wb"))
                                        for fmt, path in files.items()}, parts)
            if isinstance(parts, KeptParts):  # (once the files are closed: whole)
                parts.record(where, files)
    return {path: [digest, digest] for path in paths.values()}


def _linked(sources: list[Path], targets: list[Path]) -> bool:
    """Whether every one of `sources` was linked to its target (none is, if one fails)."""
    try:
        for source, target in zip(sources, targets, strict=True):
            os.link(source, target)
    except FileNotFoundError:  # removed from the published site by hand
        for target in targets:
            target.unlink(missing_ok=True)
        return False
    return True


def published_site(project) -> Path | None:
    """The site build/site points at, if any."""
    link = project.build_dir / "site"
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def remove_leftovers(project) -> None:
    """Remove what killed builds left behind. The caller holds the store's lock, so no
    other build is running and every staging folder or temporary link is dead."""
    for leftover in project.build_dir.glob(".site-link-*"):
        leftover.unlink(missing_ok=True)
    for leftover in (project.build_dir / "sites").glob(".staging-*"):
        # (A whole site, when the build wrote in the spare: deleted without waiting.)
        leftover.rename(project.build_dir / f".old-site-{leftover.name[1:]}")
    remove_in_background(list(project.build_dir.glob(".old-site-*")))


def discard(project, folder: Path) -> None:
    """Remove `folder` of a staging site without waiting (out of the site at once; a
    removal cut short is taken up by the next build, as an old site's)."""
    trash = project.build_dir / f".old-site-part-{uuid.uuid4().hex}"
    folder.rename(trash)
    remove_in_background([trash])


# The deletions started by this process and not yet reaped: a process that builds again
# and again (the preview's worker) would otherwise keep each one's exit for ever.
_removals: list[int] = []


def remove_in_background(folders: list[Path]) -> None:
    """Delete `folders` in a process of their own: a large site is tens of thousands of
    files, which took a rebuild some 20 s to delete. A deletion cut short is taken up
    again by the next site build."""
    for pid in list(_removals):
        try:
            ended = os.waitpid(pid, os.WNOHANG)[0] == pid
        except ChildProcessError:
            ended = True
        if ended:
            _removals.remove(pid)
    if folders:
        _removals.append(os.posix_spawnp("rm", ["rm", "-rf", "--", *map(str, folders)], os.environ,
                                         setsid=True))


def write_search_pages(project, source, root: Path, shared: Shared, parts) -> dict[str, str]:
    """Each language's search page, which names the parts of its index after the first."""
    written = {}
    try:
        for language in LANGUAGES:
            # (The portal and environment the pages were written with, where made here.)
            writer = language_writer(project, source, root, language, shared, Kept())
            writer.page(f"{language}/search/", "search.html",
                        merged=[bundle(language, n) for n in range(1, len(parts[language]))])
            written |= writer.written
    finally:
        _forget()
    return written


def publish(project, final: Path, spare: Path | None = None) -> Path:
    """Point build/site at `final` in one atomic rename, then remove older builds but
    `spare` (the site published until now, which the next build brings up to date)."""
    link = project.build_dir / "site"
    temporary = project.build_dir / f".site-link-{uuid.uuid4().hex}"
    os.symlink(os.path.relpath(final, project.build_dir), temporary)
    os.replace(temporary, link)
    old_sites = []
    for old in (project.build_dir / "sites").iterdir():
        if old not in (final, spare) and not old.name.startswith(".staging-"):
            # Out of sites/ at once (a rename), then deleted without waiting.
            old_sites.append(old.rename(project.build_dir / f".old-{old.name}"))
    remove_in_background(old_sites)
    return link
