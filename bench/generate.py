"""A synthetic corpus shaped like the real one, for the benchmark: seeded, so every run is the same.

    python bench/generate.py OUT_DIR [--jurisdictions 200] [--seed 7]

OUT_DIR becomes a project folder (ontology/, queries/, site/ copied from the repository,
corpus/ generated). The text is placeholder prose, clearly not law.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parent.parent
WORDS = ("specimen wildlife trade permit online listed species offer sale advertisement person "
         "platform conviction imprisonment fine authority marketplace export import possession").split()
CONDUCT = ["sale", "offer_for_sale", "advertising", "purchase", "possession_for_sale", "possession",
           "transport", "import", "export", "facilitation"]
ONLINE = ["express", "medium_neutral", "not_covered"]
SPECIES = ["cites_appendices", "national_list", "foreign_protected", "all_wildlife"]
CURRENCIES = ["USD", "EUR", "GBP", "KES", "INR", "BRL", "ZAR", "MYR"]
HEADER = """@prefix wlx: <https://w3id.org/wildlex/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix jur: <https://w3id.org/wildlex/id/> .
@prefix itype: <https://w3id.org/wildlex/code/itype/> .
@prefix review: <https://w3id.org/wildlex/code/review/> .
@prefix conduct: <https://w3id.org/wildlex/code/conduct/> .
@prefix online: <https://w3id.org/wildlex/code/online/> .
@prefix species: <https://w3id.org/wildlex/code/species/> .
@prefix kind: <https://w3id.org/wildlex/code/kind/> .
@prefix person: <https://w3id.org/wildlex/code/person/> .
@prefix fine: <https://w3id.org/wildlex/code/fine/> .
@prefix duty: <https://w3id.org/wildlex/code/duty/> .
@prefix bearer: <https://w3id.org/wildlex/code/bearer/> .
@prefix jbasis: <https://w3id.org/wildlex/code/jbasis/> .
@prefix topic: <https://w3id.org/wildlex/code/topic/> .
"""


def sentence(rng: random.Random, words: int = 18) -> str:
    return "Synthetic text, not law: " + " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def instrument(rng: random.Random, code: str, index: int, provisions: int) -> str:
    ns = f"https://w3id.org/wildlex/id/{code}/act-{index}"
    out = [HEADER, f"@prefix : <{ns}/> .", "",
           f"<{ns}> a wlx:Instrument ; eli:title \"Synthetic Act {index} of {code.upper()}\"@en ;",
           f"  wlx:jurisdiction jur:{code} ; wlx:instrumentType itype:act ; wlx:originalLanguage \"en\" ;",
           f"  eli:first_date_entry_in_force \"{2000 + index}-01-01\"^^xsd:date ;",
           f"  wlx:officialText <https://example.org/{code}/act-{index}> ."]
    for p in range(1, provisions + 1):
        changed = 2005 + rng.randrange(18)
        out += ["", f":s{p} a wlx:Provision ; eli:is_part_of <{ns}> ; wlx:citation \"s. {p}\" ;",
                f"  wlx:excerpt \"{sentence(rng)}\"@en ; wlx:sourceUrl <https://example.org/{code}/act-{index}#s{p}> ;",
                "  wlx:consulted \"2026-01-01\"^^xsd:date ; wlx:reviewStatus review:checked_official ."]
        kind = p % 6
        if kind in (0, 1, 2, 3):
            conduct = ", ".join(f"conduct:{c}" for c in rng.sample(CONDUCT, 3))
            out += [f":s{p}-offence a wlx:Offence ; wlx:definedIn :s{p} ; wlx:conduct {conduct} ;",
                    f"  wlx:onlineScope online:{rng.choice(ONLINE)} ; wlx:speciesScope species:{rng.choice(SPECIES)} ;",
                    f"  wlx:legalPersonsLiable {rng.choice(['true', 'false'])} ."]
            old, new = rng.randrange(6, 48), rng.randrange(12, 120)
            currency = rng.choice(CURRENCIES)
            out += [f":s{p}-penalty-old a wlx:Penalty ; wlx:penalises :s{p}-offence ; wlx:definedIn :s{p} ;",
                    "  wlx:penaltyKind kind:criminal ; wlx:appliesTo person:natural ;",
                    f"  wlx:maxImprisonment \"P{old // 12}Y{old % 12}M\"^^xsd:duration ; wlx:maxFine {rng.randrange(1, 500) * 1000} ;",
                    f"  wlx:currency \"{currency}\" ; wlx:inForceUntil \"{changed - 1}-12-31\"^^xsd:date .",
                    f":s{p}-penalty a wlx:Penalty ; wlx:penalises :s{p}-offence ; wlx:definedIn :s{p} ;",
                    "  wlx:penaltyKind kind:criminal ; wlx:appliesTo person:natural, person:legal ;",
                    f"  wlx:maxImprisonment \"P{new // 12}Y{new % 12}M\"^^xsd:duration ; wlx:maxFine {rng.randrange(1, 900) * 1000} ;",
                    f"  wlx:currency \"{currency}\" ; wlx:confiscation {rng.choice(['true', 'false'])} ;",
                    f"  wlx:inForceFrom \"{changed}-01-01\"^^xsd:date ; wlx:supersedes :s{p}-penalty-old ."]
        elif kind == 4:
            out += [f":s{p}-duty a wlx:PlatformDuty ; wlx:definedIn :s{p} ;",
                    f"  wlx:dutyType duty:{rng.choice(['notice_and_takedown', 'trader_verification', 'record_keeping'])} ;",
                    f"  wlx:dutyBearer bearer:{rng.choice(['marketplace', 'social_network', 'host'])} ;",
                    "  wlx:wildlifeSpecific false ."]
        else:
            out += [f":s{p}-rule a wlx:JurisdictionRule ; wlx:definedIn :s{p} ;",
                    f"  wlx:basis jbasis:{rng.choice(['territorial', 'nationality', 'effects'])} ."]
    return "\n".join(out) + "\n"


def coverage(code: str, instruments: int) -> str:
    reviewed = ", ".join(f"<https://w3id.org/wildlex/id/{code}/act-{i}>" for i in range(1, instruments + 1))
    return (HEADER + f"\njur:{code} a wlx:Jurisdiction ; wlx:code \"{code.upper()}\" .\n"
            f"<https://w3id.org/wildlex/id/{code}/coverage> a wlx:Coverage ; wlx:jurisdiction jur:{code} ;\n"
            f"  wlx:reviewedOn \"2026-01-01\"^^xsd:date ; wlx:reviewedInstrument {reviewed} ;\n"
            "  wlx:officialHost \"example.org\" ;\n"
            "  wlx:coversTopic topic:offence, topic:penalty, topic:platform_duty, topic:jurisdiction_rule .\n")


def generate(out: Path, jurisdictions: int = 200, instruments: int = 5, provisions: int = 18,
             seed: int = 7) -> int:
    """Write the project; return the number of corpus files."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for folder in ("ontology", "queries", "site"):
        shutil.copytree(REPO / folder, out / folder)
    codes = sorted(c.alpha_2.lower() for c in pycountry.countries)
    files = 0
    for code in (codes * (jurisdictions // len(codes) + 1))[:jurisdictions]:
        folder = out / "corpus" / code
        folder.mkdir(parents=True, exist_ok=True)
        start = len(list(folder.glob("act-*.ttl")))
        for i in range(start + 1, start + instruments + 1):
            (folder / f"act-{i}.ttl").write_text(instrument(rng, code, i, provisions))
            files += 1
        (folder / "coverage.ttl").write_text(coverage(code, start + instruments))
        files += 1
    return files


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--jurisdictions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{generate(args.out, args.jurisdictions, seed=args.seed)} files written to {args.out}")
