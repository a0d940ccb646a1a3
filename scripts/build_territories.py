"""Developer tool: rebuild `resources/territoires/territoires.json.gz` from Etalab's découpage administratif.

    python scripts/build_territories.py [--version 6.0.0] [--package-dir DIR] [--output-dir DIR]

Fetches the npm package `@etalab/decoupage-administratif` at a pinned version (`npm pack` into a temporary
folder, then untar; `--package-dir` reads an already unpacked `package/` folder instead), keeps what Essaim
needs and writes one gzipped compact JSON plus `SOURCE.md`. Neither the app nor the tests run this script.

Output, every list sorted by code (`app/domain/territories.py` reads it):

    {"format": 1, "source": "@etalab/decoupage-administratif@6.0.0", "millesime": "2026",
     "r": [[code, name], ...],                               # régions ("84")
     "d": [[code, name, region], ...],                       # départements ("38", "2A", "971")
     "e": [[siren, name, nature, [insee, ...]], ...],        # EPCI à fiscalité propre and their member communes
     "c": [[insee, name, departement, population], ...],     # communes actuelles; population may be null
     "a": {old_or_sub_code: insee, ...}}                     # arrondissements municipaux, communes déléguées or
                                                             # associées and former codes -> current commune

A commune's région is its département's; its EPCI is the one listing it as a member.
Only the COG's régions and départements are kept (metropolitan France and the five DROM); the collectivités
d'outre-mer (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, Polynésie française,
Nouvelle-Calédonie, TAAF, Clipperton) have no région, département or EPCI à fiscalité propre and are left out.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "@etalab/decoupage-administratif"
PINNED_VERSION = "6.0.0"
FORMAT = 1
KEPT_ZONES = {"metro", "drom"}
OUTPUT_NAME = "territoires.json.gz"


def fetch_package(version: str, workdir: Path) -> Path:
    """`npm pack` the pinned version into `workdir` and untar it; return the `package/` folder."""
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm est introuvable : installez Node.js, ou passez --package-dir avec le paquet déjà décompressé.")
    result = subprocess.run(
        [npm, "pack", f"{PACKAGE}@{version}", "--pack-destination", str(workdir), "--json"],
        check=True, capture_output=True, text=True,
    )
    tarball = workdir / json.loads(result.stdout)[0]["filename"]
    with tarfile.open(tarball) as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def publication_date(version: str) -> str:
    """The date npm gives for this version's publication (YYYY-MM-DD), or "" when npm cannot tell."""
    npm = shutil.which("npm")
    if npm is None:
        return ""
    try:
        result = subprocess.run([npm, "view", PACKAGE, "time", "--json"], check=True, capture_output=True, text=True)
        return str(json.loads(result.stdout).get(version, ""))[:10]
    except (subprocess.CalledProcessError, json.JSONDecodeError, AttributeError):
        return ""


def vintage(package_dir: Path, version: str) -> str:
    """The COG year of this version, read from the package README's table « Année | Version du package »."""
    readme = (package_dir / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"^\|\s*(\d{{4}})\s*\|\s*{re.escape(version)}\s*\|", readme, re.MULTILINE)
    if match is None:
        sys.exit(f"Millésime introuvable pour la version {version} dans README.md du paquet.")
    return match.group(1)


def load(package_dir: Path, name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((package_dir / "data" / name).read_text(encoding="utf-8"))
    return data


def derive(package_dir: Path) -> dict[str, Any]:
    """The compact structure described in the module docstring; exits on any inconsistency."""
    regions = [r for r in load(package_dir, "regions.json") if r["zone"] in KEPT_ZONES]
    departements = [d for d in load(package_dir, "departements.json") if d["zone"] in KEPT_ZONES]
    all_communes = load(package_dir, "communes.json")
    communes = [c for c in all_communes if c["type"] == "commune-actuelle" and c["zone"] in KEPT_ZONES]
    epcis = load(package_dir, "epci.json")

    region_codes = {r["code"] for r in regions}
    region_of = {d["code"]: d["region"] for d in departements}
    problems = [f"département {d['code']} : région {d['region']} inconnue"
                for d in departements if d["region"] not in region_codes]
    commune_codes = {c["code"] for c in communes}
    for c in communes:
        if region_of.get(c["departement"]) != c["region"]:
            problems.append(f"commune {c['code']} : département {c['departement']} / région {c['region']} incohérents")
    membership: Counter[str] = Counter()
    epci_rows = []
    for e in epcis:
        members = sorted(m["code"] for m in e["membres"])
        problems += [f"EPCI {e['code']} : membre {m} inconnu" for m in members if m not in commune_codes]
        membership.update(members)
        epci_rows.append([e["code"], e["nom"], e.get("type") or "", members])
    problems += [f"commune {code} dans {n} EPCI" for code, n in membership.items() if n > 1]
    if problems:
        sys.exit("Données incohérentes :\n" + "\n".join(problems[:50]))

    aliases: dict[str, set[str]] = {}
    for c in all_communes:
        if c["type"] == "arrondissement-municipal":
            aliases.setdefault(c["code"], set()).add(c["commune"])
        elif c["type"] in ("commune-deleguee", "commune-associee"):
            aliases.setdefault(c["code"], set()).add(c["chefLieu"])
        elif c["type"] == "commune-actuelle":
            for old in c.get("anciensCodes", []):
                aliases.setdefault(old, set()).add(c["code"])
    # A code that is still a commune's, or that leads to two communes, is no alias.
    alias_rows = {old: next(iter(new)) for old, new in sorted(aliases.items())
                  if old not in commune_codes and len(new) == 1 and next(iter(new)) in commune_codes}

    return {
        "r": sorted([r["code"], r["nom"]] for r in regions),
        "d": sorted([d["code"], d["nom"], d["region"]] for d in departements),
        "e": sorted(epci_rows),
        "c": sorted([c["code"], c["nom"], c["departement"], c.get("population")] for c in communes),
        "a": alias_rows,
    }


def source_md(version: str, year: str, published: str) -> str:
    published_line = f"- Publication de la version sur npm : {published}\n" if published else ""
    return f"""# Territoires : source des données

`territoires.json.gz` est dérivé du paquet npm
[`{PACKAGE}`](https://www.npmjs.com/package/{PACKAGE}) (dépôt
<https://github.com/datagouv/decoupage-administratif>), version **{version}**.

- Millésime : Code officiel géographique (COG) de l'INSEE au 1er janvier {year} ; EPCI à fiscalité propre
  et leur composition selon la DGCL ({year}) ; populations municipales de l'INSEE reprises du paquet.
{published_line}- Licence des données : [Licence Ouverte / Open Licence 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence)
  (Etalab). Le code du paquet est sous licence MIT ; Essaim n'en reprend que les données.

Contenu : régions et départements (métropole et les cinq DROM), EPCI à fiscalité propre avec leurs communes
membres, communes actuelles (code INSEE, nom, département, population), et les anciens codes
(arrondissements municipaux de Paris, Lyon et Marseille, communes déléguées ou associées, codes d'avant une
fusion) menant à la commune actuelle. Les collectivités d'outre-mer (Saint-Pierre-et-Miquelon,
Saint-Barthélemy, Saint-Martin, Wallis-et-Futuna, Polynésie française, Nouvelle-Calédonie, TAAF,
Clipperton) n'y figurent pas.

Reconstruire le fichier (il faut Node.js/npm et un accès au registre npm) :

```
python scripts/build_territories.py --version {version}
```
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=PINNED_VERSION, help=f"version du paquet (défaut {PINNED_VERSION})")
    parser.add_argument("--package-dir", type=Path, help="dossier `package/` déjà décompressé (pas de npm)")
    parser.add_argument("--output-dir", type=Path, default=ROOT / "resources" / "territoires")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="essaim-territoires-") as tmp:
        package_dir = args.package_dir or fetch_package(args.version, Path(tmp))
        found = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))["version"]
        if found != args.version:
            sys.exit(f"Le paquet est en version {found}, {args.version} attendue.")
        year = vintage(package_dir, args.version)
        data = {"format": FORMAT, "source": f"{PACKAGE}@{args.version}", "millesime": year, **derive(package_dir)}

    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as compressed:
        compressed.write(raw)  # mtime=0 and no file name: the same data gives the same bytes
    args.output_dir.mkdir(parents=True, exist_ok=True)
    output = args.output_dir / OUTPUT_NAME
    output.write_bytes(buffer.getvalue())
    (args.output_dir / "SOURCE.md").write_text(source_md(args.version, year, publication_date(args.version)),
                                                encoding="utf-8")

    print(f"{PACKAGE}@{args.version}, millésime {year}")
    print(f"régions {len(data['r'])}, départements {len(data['d'])}, EPCI {len(data['e'])}, "
          f"communes {len(data['c'])}, anciens codes {len(data['a'])}")
    print(f"{output} : {output.stat().st_size / 1024:.0f} Kio (JSON {len(raw) / 1024:.0f} Kio)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
