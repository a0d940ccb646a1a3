"""Essaim's benchmark: generates a store and measures, over several runs, with medians.

    python bench/bench.py --fiches 10000 --runs 7

Measures the time from launching `python -m app` to a shown, usable main window (the GUI is told to
quit once shown), then searches, filters and fiche openings through the services, the grid, and the
dossier of the richest example in each format, and a 1 000-fiche package exported and imported. Results are
printed and written as JSON to bench/out/.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate_store  # noqa: E402

if TYPE_CHECKING:
    from app.storage.store import Store


def launch_once(data_dir: Path) -> dict[str, float]:
    """`python -m app` on `data_dir`: seconds from launch to a shown, usable main window (ESSAIM_READY), and to
    every workspace built behind it (ESSAIM_PAGES_BUILT)."""
    from bench.floors import process_env, time_to_ready

    env = process_env(ESSAIM_CONFIG_DIR=str(data_dir.parent / "config"), ESSAIM_LOG_DIR=str(data_dir.parent / "logs"))
    return time_to_ready([sys.executable, "-m", "app", "--data-dir", str(data_dir), "--quit-when-shown"], env, ROOT)


def measure_in_process(data_dir: Path, runs: int) -> list[dict[str, float | str | int]]:
    """Search, filter and open a fiche through the services.

    `list_*` is what the fiche list does (sorted ids, then the rows of the first screenfuls);
    `all_rows_*` materialises every matching row (the command line's `fiche list`).
    """
    from app.domain.fiche_search import FicheQuery
    from app.services import fiches
    from app.storage.store import Store

    store = Store.open(data_dir)
    try:
        ids = [row.id for row in fiches.search(store, FicheQuery())]
        cases = {
            "search_selective": FicheQuery(text="partenaire 1234"),
            "search_broad_9800_hits": FicheQuery(text="precarite energ"),
            "search_prefix_2_words": FicheQuery(text="jard part"),
            "filter_theme_stage": FicheQuery(themes={"sante"}, stages={"experimentation"}),
            "search_and_filters": FicheQuery(text="solidaire", departement="Isère", structure_types={"ccas"}),
            "list_all_sorted": FicheQuery(sort_key="updated_at", descending=True),
        }
        results = []
        for name, query in cases.items():
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                ids = fiches.search_ids(store, query)
                fiches.summaries(store, ids[:200])
                timings.append(time.perf_counter() - started)
            results.append(summarize(f"list_{name}", timings))
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                fiches.search(store, query)
                timings.append(time.perf_counter() - started)
            results.append(summarize(f"all_rows_{name}", timings))
        timings = []
        for n in range(runs * 3):
            started = time.perf_counter()
            fiches.load(store, ids[(n * 997) % len(ids)])
            timings.append(time.perf_counter() - started)
        results.append(summarize("open_fiche", timings))
        timings = []
        for _ in range(max(3, runs // 2)):
            started = time.perf_counter()
            store.rebuild_search_index()
            timings.append(time.perf_counter() - started)
        results.append(summarize("rebuild_index_after_migration", timings))
        return results
    finally:
        store.close()


def measure_grid(runs: int, lines: int = 500) -> list[dict[str, float | str | int]]:
    """Recompute and export a grid of `lines` lines."""
    import random
    from decimal import Decimal

    from app.domain.economics import Block, GridLine, Scenario, compute
    from app.exports.grid_workbook import write_grid_workbook

    rng = random.Random(3)
    blocks = [block.value for block in Block]
    scenario = Scenario(name="Banc d'essai", horizon_years=5, beneficiaries_per_year=400, lines=[
        GridLine(block=blocks[n % 6], label=f"Ligne {n}", scope=rng.choice(["unique", "par_site"]),
                 days=Decimal(rng.randrange(1, 200)), daily_cost=Decimal(rng.randrange(150, 500)),
                 amount=Decimal(rng.randrange(100, 90000)), year=rng.randrange(1, 6),
                 depreciation_years=rng.randrange(1, 8))
        for n in range(lines)])
    compute_times, export_times = [], []
    out = Path(tempfile.mkdtemp(prefix="essaim-grid-"))
    for n in range(runs):
        started = time.perf_counter()
        compute(scenario)
        compute_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        write_grid_workbook(scenario, "Banc d'essai", out / f"grille-{n}.xlsx")
        export_times.append(time.perf_counter() - started)
    return [summarize(f"grid_compute_{lines}_lines", compute_times),
            summarize(f"grid_export_{lines}_lines", export_times)]


def measure_dossier(runs: int, lines: int = 100) -> list[dict[str, float | str | int]]:
    """Build and write the dossier of the richest example fiche, given a grid of `lines` more lines, per format."""
    import random
    import uuid
    from decimal import Decimal

    from app.domain.economics import Block, GridLine, Scenario
    from app.domain.fiche_search import FicheQuery
    from app.exports.dossier_files import FORMATS, write_dossier_file
    from app.services import examples, fiches, grid
    from app.services.dossier import build_dossier
    from app.storage.store import Store

    work = Path(tempfile.mkdtemp(prefix="essaim-dossier-"))
    store = Store.open(work / "data")
    try:
        examples.load_examples(store)
        ids = [row.id for row in fiches.search(store, FicheQuery())]
        richest = max(ids, key=lambda fiche_id: sum(len(s.items) for s in build_dossier(store, fiche_id).sections))
        rng = random.Random(5)
        blocks = [block.value for block in Block]
        grid.save(store, Scenario(id=str(uuid.uuid4()), fiche_id=richest, name=f"Banc d'essai {lines} lignes",
                                  horizon_years=5, beneficiaries_per_year=400, lines=[
            GridLine(block=blocks[n % 6], label=f"Ligne {n} — « poste » d'œuvre",
                     scope=rng.choice(["unique", "par_site"]),
                     days=Decimal(rng.randrange(1, 200)), daily_cost=Decimal(rng.randrange(150, 500)),
                     amount=Decimal(rng.randrange(100, 90000)), year=rng.randrange(1, 6),
                     depreciation_years=rng.randrange(1, 8)) for n in range(lines)]))
        results = []
        for key, spec in FORMATS.items():
            timings = []
            for n in range(runs):
                started = time.perf_counter()
                write_dossier_file(build_dossier(store, richest), key, work / f"dossier-{n}{spec.suffix}")
                timings.append(time.perf_counter() - started)
            results.append(summarize(f"dossier_{key}_richest_+{lines}_lines", timings))
        return results
    finally:
        store.close()


def measure_packages(runs: int, count: int = 1000, attachments: int = 200) -> list[dict[str, float | str | int]]:
    """Export `count` fiches, each with a scenario, and `attachments` attachments, plain and password-protected;
    import each into an empty store; then import an update of every fiche into those stores."""
    import random
    import uuid
    from decimal import Decimal

    from app.domain.economics import Block, GridLine, Scenario
    from app.services import exchange
    from app.services.attachments import import_file
    from app.storage import fiche_repository, grid_repository
    from app.storage.store import Store
    from app.sync.package_reader import read_package
    from bench.generate import generated_fiche

    work = Path(tempfile.mkdtemp(prefix="essaim-paquets-"))
    rng = random.Random(11)
    source = Store.open(work / "source")
    try:
        files = []
        for n in range(attachments):
            path = work / f"piece-{n}.pdf"
            path.write_bytes(rng.randbytes(rng.randrange(20_000, 120_000)))
            files.append(import_file(work / "source", path))
        with source.transaction() as session:
            for n in range(count):
                fiche = generated_fiche(rng, n)
                if n < attachments:
                    fiche.attachments = [files[n]]
                fiche_repository.save(session, fiche)
                grid_repository.save(session, Scenario(id=str(uuid.uuid4()), fiche_id=fiche.id, name="Base", lines=[
                    GridLine(Block.MONTAGE.value, "Chef de projet", days=Decimal(10), daily_cost=Decimal(300)),
                    GridLine(Block.AUTRES_DEPENSES.value, "Loyer", amount=Decimal(6000))]))
        times: dict[str, list[float]] = {"export": [], "import": [], "export_protected": [], "import_protected": [],
                                         "import_updates": []}
        for n in range(runs):
            for protected in (False, True):
                password = "banc-de-mesure" if protected else None
                suffix = "_protected" if protected else ""
                package = work / f"tout-{n}{suffix}.essaim"
                started = time.perf_counter()
                exchange.export_package(source, work / "source",
                                        exchange.PackageRequest("all", password=password or ""), package)
                times["export" + suffix].append(time.perf_counter() - started)
                target_dir = work / f"cible-{n}{suffix}"
                target = Store.open(target_dir)
                try:
                    started = time.perf_counter()
                    received = read_package(package, password=password)
                    exchange.apply_import(target, target_dir, exchange.plan_import(target, received))
                    received.cleanup()
                    times["import" + suffix].append(time.perf_counter() - started)
                finally:
                    target.close()
        edited = _edit_every_fiche(source)
        for n in range(runs):
            package = work / f"mises-a-jour-{n}.essaim"
            exchange.export_package(source, work / "source", exchange.PackageRequest("all"), package)
            target_dir = work / f"cible-{n}"
            target = Store.open(target_dir)
            try:
                started = time.perf_counter()
                received = read_package(package)
                plan = exchange.plan_import(target, received)
                assert sum(entry.status == "updated" for entry in plan.entries) == edited
                exchange.apply_import(target, target_dir, plan)
                received.cleanup()
                times["import_updates"].append(time.perf_counter() - started)
            finally:
                target.close()
        label = f"{count}_fiches_{attachments}_attachments"
        return [summarize(f"package_{name}_{label}", timings) for name, timings in times.items()]
    finally:
        source.close()


def generate_schemes(store: Store, count: int = 10_000) -> None:
    """`count` random schemes over every facet, a dozen territories and deadlines around today."""
    import random
    from datetime import date, timedelta
    from decimal import Decimal

    from app.domain.schemes import Deadline, Scheme
    from app.domain.vocabulary import Audience, FundingKind, FundingLevel, ProjectPhase, Theme
    from app.storage import scheme_repository

    rng = random.Random(17)
    words = ["fonds", "appel", "solidaire", "innovation", "sociale", "mobilité", "énergie", "inclusion", "jeunesse",
             "logement", "santé", "territoire", "rural", "numérique", "emploi", "vieillir", "alimentation"]
    places = ["FR", "R84", "R93", "R11", "R53", "D38", "D69", "D13", "D75", "D971", "C38185", "E200077014"]
    today = date.today()
    with store.transaction() as session:
        for n in range(count):
            scheme_repository.save(session, Scheme(
                id=f"00000000-0000-4000-8000-{n:012d}", name=" ".join(rng.sample(words, 4)) + f" {n}",
                financers=[f"Financeur {rng.randrange(300)}"], level=rng.choice(list(FundingLevel)).value,
                kinds=rng.sample([k.value for k in FundingKind], 2),
                audiences=rng.sample([a.value for a in Audience], 3),
                themes=rng.sample([t.value for t in Theme], 2),
                stages=rng.sample([p.value for p in ProjectPhase], 2),
                territories=[rng.choice(places)], amount_max=Decimal(rng.randrange(1000, 500000)),
                deadlines=[Deadline(today + timedelta(days=rng.randrange(-60, 300)))],
                description=" ".join(rng.choices(words, k=40)), eligibility=" ".join(rng.choices(words, k=20))))


def measure_funding(runs: int, count: int = 10_000) -> list[dict[str, float | str | int]]:
    """The finder over `count` generated schemes: searches and filters with their counts, a match of one fiche."""
    from datetime import date

    from app.domain.fiche import FicheData
    from app.domain.scheme_finder import SchemeQuery
    from app.services.funding import Finder
    from app.storage.store import Store

    work = Path(tempfile.mkdtemp(prefix="essaim-financements-"))
    store = Store.open(work / "data")
    try:
        generate_schemes(store, count)
        finder = Finder(store)
        started = time.perf_counter()
        finder.schemes()
        results = [summarize("funding_load_10000_schemes_in_memory", [time.perf_counter() - started])]
        started = time.perf_counter()
        finder.catalogue().day(date.today())
        results.append(summarize("funding_index_10000_schemes_for_today", [time.perf_counter() - started]))
        cases = {
            "all_with_counts": SchemeQuery(),
            "text_2_words": SchemeQuery(text="solidaire energ"),
            "filters_ccas_theme_stage": SchemeQuery(audiences={"ccas"}, themes={"precarite_energetique"},
                                                    stages={"experimentation"}),
            "territory_commune": SchemeQuery(territory="38185"),
            "text_territory_open_sorted": SchemeQuery(text="fonds", territory="38185", open_now=True,
                                                      sort="date_limite"),
        }
        for name, query in cases.items():
            finder.search(query)
            timings = []
            for _ in range(runs):
                started = time.perf_counter()
                finder.search(query)
                timings.append(time.perf_counter() - started)
            results.append(summarize(f"funding_search_{name}", timings))
        fiche = FicheData(id="f", title="Visites énergie", structure_name="CCAS de Grenoble", structure_type="ccas",
                          insee_code="38185", themes=["precarite_energetique"], stage="experimentation",
                          scaling_models=["duplication"])
        finder.match(fiche)
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            finder.match(fiche)
            timings.append(time.perf_counter() - started)
        results.append(summarize("funding_match_one_fiche_10000_schemes", timings))
        return results
    finally:
        store.close()


def write_aides_territoires_file(path: Path, count: int = 10_000) -> Path:
    """`count` aids in the shape Aides-territoires publishes (one page of its API with every result)."""
    import random

    rng = random.Random(18)
    words = ["solidarité", "seniors", "énergie", "mobilité", "inclusion", "numérique", "logement", "santé", "emploi"]
    audiences = ["Commune", "Intercommunalité / Pays", "Etablissement public dont services de l'Etat", "Association"]
    perimeters = [("France", "Pays"), ("Isère", "Département"), ("Auvergne-Rhône-Alpes", "Région"),
                  ("Grenoble", "commune"), ("Communes littorales", "Ad-hoc")]
    results = []
    for n in range(count):
        perimeter, scale = rng.choice(perimeters)
        results.append({
            "id": 100000 + n, "slug": f"{n:04x}-aide", "url": f"/aides/{n:04x}-aide/",
            "name": f"Aide {n} : " + " ".join(rng.sample(words, 3)), "name_initial": None, "short_title": None,
            "financers": [f"Financeur {rng.randrange(300)}"], "instructors": [],
            "programs": [rng.choice(["Fonds vert - Édition 2024", "LEADER"])],
            "description": "<p>" + " ".join(rng.choices(words, k=60)) + "</p><ul><li>un</li><li>deux</li></ul>",
            "eligibility": "<p>" + " ".join(rng.choices(words, k=30)) + "</p>", "contact": "<p>contact@example.fr</p>",
            "perimeter": perimeter, "perimeter_scale": scale, "mobilization_steps": ["Mise en œuvre / réalisation"],
            "origin_url": "https://example.fr/aide", "application_url": None,
            "categories": [rng.choice(["Solidarités / Personnes âgées", "Énergie / Précarité énergétique"])],
            "is_call_for_project": rng.random() < 0.4, "targeted_audiences": rng.sample(audiences, 2),
            "aid_types": ["Subvention"], "destinations": ["Dépenses de fonctionnement"],
            "start_date": "2026-01-01", "predeposit_date": None,
            "submission_deadline": f"2027-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "subvention_rate_lower_bound": None, "subvention_rate_upper_bound": rng.choice([None, 50, 80]),
            "loan_amount": None, "recoverable_advance_amount": None, "recurrence": "Ponctuelle",
            "date_created": "2026-01-01T10:00:00+00:00", "date_updated": "2026-06-01T10:00:00+00:00",
            "is_live": True})
    path.write_text(json.dumps({"count": count, "previous": None, "next": None, "results": results},
                               ensure_ascii=False), encoding="utf-8")
    return path


def measure_catalogue_import(runs: int, count: int = 10_000) -> list[dict[str, float | str | int]]:
    """An Aides-territoires file of `count` aids: read and previewed, then applied, each on a new empty store."""
    from app.services import catalogue_update
    from app.storage.store import Store

    work = Path(tempfile.mkdtemp(prefix="essaim-import-"))
    source = write_aides_territoires_file(work / "aides.json", count)
    previews, applies = [], []
    for run in range(runs):
        store = Store.open(work / f"data-{run}")
        try:
            started = time.perf_counter()
            result = catalogue_update.preview_file(store, source)
            previews.append(time.perf_counter() - started)
            started = time.perf_counter()
            catalogue_update.apply(store, result)
            applies.append(time.perf_counter() - started)
        finally:
            store.close()
    label = f"aides_territoires_{count}_aids"
    return [summarize(f"catalogue_import_preview_{label}", previews),
            summarize(f"catalogue_import_apply_{label}", applies)]


def _edit_every_fiche(store) -> int:  # type: ignore[no-untyped-def]
    """Change the summary of every fiche (what a correspondent's update package then carries)."""
    from app.domain.fiche_search import FicheQuery
    from app.services import fiches
    from app.storage import fiche_repository

    ids = [summary.id for summary in fiches.search(store, FicheQuery())]
    with store.transaction() as session:
        for fiche_id in ids:
            fiche = fiche_repository.load(session, fiche_id)
            fiche.summary += " Mis à jour."
            fiche_repository.save(session, fiche)
    return len(ids)


def summarize(name: str, timings: list[float]) -> dict[str, float | str | int]:
    return {
        "measure": name,
        "runs": len(timings),
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
    }


def measure_startup_floors(data_dir: Path, runs: int) -> list[dict[str, float | str | int]]:
    """Launch and light commands on the generated store, beside the floors measured in the same run (issue 20)."""
    from bench.floors import bare_window_once, process_env, whole_process

    env = process_env(ESSAIM_CONFIG_DIR=str(data_dir.parent / "config"), ESSAIM_LOG_DIR=str(data_dir.parent / "logs"))
    essaim = [sys.executable, "-m", "app", "--data-dir", str(data_dir)]
    first = subprocess.run([*essaim, "fiche", "list"], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    fiche_id = first.stdout.split()[0]
    # Essaim and its floors one after the other in each run, so that the machine's changes of speed (a third
    # within minutes on a shared machine) weigh on both alike
    launches, windows = [], []
    for _ in range(runs):
        launches.append(launch_once(data_dir))
        windows.append(bare_window_once())
    results = [summarize("startup_to_window", [moments["ESSAIM_READY"] for moments in launches]),
               summarize("startup_to_every_workspace_built", [moments["ESSAIM_PAGES_BUILT"] for moments in launches]),
               summarize("floor_bare_pyside6_window", windows),
               summarize("floor_python_pass", whole_process([sys.executable, "-c", "pass"], runs)),
               summarize("cli_version", whole_process([sys.executable, "-m", "app", "--version"], runs, ROOT, env)),
               summarize("cli_help", whole_process([sys.executable, "-m", "app", "--help"], runs, ROOT, env)),
               summarize("cli_fiche_show", whole_process([*essaim, "fiche", "show", fiche_id], runs, ROOT, env)),
               summarize("cli_check", whole_process([*essaim, "check"], runs, ROOT, env))]
    results += measure_pdf_against_libreoffice(essaim, fiche_id, data_dir.parent / "dossiers", runs, env)
    by_name = {str(result["measure"]): float(result["median_s"]) for result in results}
    window, python = by_name["floor_bare_pyside6_window"], by_name["floor_python_pass"]
    print(f"launch / bare window: {by_name['startup_to_window'] / window:.2f} (bar 4.5) ; "
          f"--version / python -c pass: {by_name['cli_version'] / python:.1f}")
    if "libreoffice_docx_to_pdf" in by_name:
        print(f"LibreOffice's PDF / Essaim's PDF: {by_name['libreoffice_docx_to_pdf'] / by_name['cli_dossier_pdf']:.2f}"
              " (bar 2)")
    return results


def measure_pdf_against_libreoffice(essaim: list[str], fiche_id: str, out: Path, runs: int, env: dict[str, str]
                                    ) -> list[dict[str, float | str | int]]:
    """`essaim export dossier --format pdf`, whole process, beside LibreOffice converting the same dossier's .docx
    (whole process, its profile made once before) when `soffice` is on this machine."""
    import shutil

    from bench.floors import whole_process

    out.mkdir(parents=True, exist_ok=True)
    export = [*essaim, "export", "dossier", fiche_id, "--overwrite", "--with-personal-data", "-o"]
    results = [summarize("cli_dossier_pdf", whole_process([*export, str(out / "dossier.pdf"), "--format", "pdf"],
                                                          runs, ROOT, env))]
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice absent: LibreOffice's conversion is not measured")
        return results
    subprocess.run([*export, str(out / "dossier.docx"), "--format", "docx"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    convert = [soffice, f"-env:UserInstallation={(out / 'profil-libreoffice').as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(out / "libreoffice"), str(out / "dossier.docx")]
    subprocess.run(convert, check=True, capture_output=True, timeout=300)
    results.append(summarize("libreoffice_docx_to_pdf", whole_process(convert, runs)))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fiches", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it; reuse it if it holds a store")
    parser.add_argument("--only", choices=["funding", "import", "startup"], help="run only this group of measures")
    args = parser.parse_args()

    if args.only in ("funding", "import"):
        measure = measure_funding if args.only == "funding" else measure_catalogue_import
        for result in measure(args.runs):
            print(f"{result['measure']:<56} median {result['median_s'] * 1000:8.1f} ms (runs {result['runs']})")
        return 0
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="essaim-bench-"))
    data_dir = work / "data"
    if (data_dir / "essaim.sqlite3").exists():
        print(f"reusing the store at {data_dir}")
    else:
        t0 = time.perf_counter()
        generate_store(data_dir, args.fiches)
        print(f"store of {args.fiches} fiches generated in {time.perf_counter() - t0:.1f} s at {data_dir}")

    results = measure_startup_floors(data_dir, args.runs)
    if args.only == "startup":
        for result in results:
            print(f"{result['measure']:<34} median {result['median_s'] * 1000:8.1f} ms (runs {result['runs']})")
        return 0
    results += measure_in_process(data_dir, args.runs)
    results += measure_grid(args.runs)
    results += measure_dossier(args.runs)
    results += measure_packages(max(3, args.runs // 2))
    results += measure_funding(args.runs)
    results += measure_catalogue_import(args.runs)
    for result in results:
        print(f"{result['measure']:<34} median {result['median_s'] * 1000:8.1f} ms "
              f"(min {result['min_s'] * 1000:.1f}, max {result['max_s'] * 1000:.1f}, runs {result['runs']})")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps({"fiches": args.fiches, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
