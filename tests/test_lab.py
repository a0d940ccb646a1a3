"""Labo as a user meets it below the GUI: the shipped checklist, the answers that leave items « sans objet », an item
followed to « fait » with its evidence, progress, late and blocked items, a template updated by file without losing
a user's work, hostile template files refused, and a lab project travelling between two stations."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.codec import to_dict
from app.domain.formats import format_decimal
from app.domain.lab import ItemStatus, LabItem, blocked_by, is_late, phase_tallies, tally
from app.domain.lab_template import LabAnswers, LabTemplate
from app.errors import UserError
from app.imports.lab_template_file import MAX_TEMPLATE_BYTES, TemplateFileError, read_template_file, shipped_templates
from app.services import history, lab_templates, labs
from app.services.errors import ValidationError
from app.services.exchange import PackageRequest, apply_import, export_package, open_package
from app.storage.store import Store
from tests.test_catalogue_package import Station as CatalogueStation

TEMPLATE = "unccas-fabriquer"
OUTLINE = [7, 7, 6, 8, 9, 7, 9, 6, 11, 4]
"""Items per phase in `shared/domain/lab-outline.md` (74), the nine MOOC sessions under 9.3 besides."""
BIG = LabAnswers("lab_dedie", "creer", 50_000)
INSIDE = LabAnswers("lab_integre", "creer", 50_000)
SMALL = LabAnswers("lab_dedie", "creer", 15_000)
JOINING = LabAnswers("lab_integre", "rejoindre", 15_000)
TODAY = date(2026, 11, 26)


def shipped() -> LabTemplate:
    (template,) = shipped_templates()
    return template


def not_applicable(view: labs.ProjectView) -> set[str]:
    return {item.number for item in view.items if item.status == ItemStatus.SANS_OBJET}


def dump(store: Store) -> str:
    """The whole store as SQL, to compare before and after."""
    import sqlite3

    from app.storage.store import store_file

    with sqlite3.connect(store_file(store.data_dir)) as connection:
        return "\n".join(connection.iterdump())


# The shipped template


def test_the_shipped_template_holds_every_item_of_the_outline_with_its_source() -> None:
    template = shipped()
    expected = [f"{phase}.{n}" for phase, count in enumerate(OUTLINE, start=1) for n in range(1, count + 1)]
    expected[expected.index("9.3") + 1:expected.index("9.3") + 1] = [f"9.3.{n}" for n in range(1, 10)]
    assert [item.number for _phase, item in template.items()] == expected
    assert [phase.number for phase in template.phases] == [str(n) for n in range(1, 11)]
    assert template.phases[0].title.startswith("Faut-il créer un")
    for _phase, item in template.items():
        assert item.source.document == "unccas-fabriquer" and item.source.lines, item.number
        assert len(item.guidance) > 60 and item.title, item.number
    sessions = [item for _phase, item in template.items() if item.parent == "p09-i03"]
    assert len(sessions) == 9 and sessions[0].title.startswith("Qu'est-ce qu'un laboratoire")
    assert template.source_title("unccas-fabriquer").startswith("FABRIQUER")


def test_every_scheme_the_template_names_is_in_the_shipped_catalogue() -> None:
    from app.services.funding_catalogue import catalogue_file

    keys = {scheme["key"] for scheme in json.loads(catalogue_file().read_text(encoding="utf-8"))["schemes"]}
    named = {key for _phase, item in shipped().items() for key in item.schemes}
    assert named and named <= keys
    mooc = next(item for _phase, item in shipped().items() if item.number == "9.3")
    assert "unccas-ditp-mooc-lab-innovation-publique" in mooc.schemes


# Answers and « sans objet »


def test_the_two_models_and_a_small_ccas_leave_out_different_items_and_say_why(store: Store) -> None:
    views = {name: labs.start(store, name, "CCAS de Vif", answers, TEMPLATE)
             for name, answers in (("big", BIG), ("inside", INSIDE), ("small", SMALL), ("joining", JOINING))}
    sets = {name: not_applicable(view) for name, view in views.items()}
    assert len({frozenset(found) for found in sets.values()}) == 4, sets
    assert sets["big"] < sets["small"], "a small CCAS creating a lab leaves out what needs a larger structure"
    assert sets["inside"] - sets["big"], "a lab inside the structure has no budget of its own to plan"
    assert len(sets["joining"]) > len(sets["inside"]), "joining a lab leaves out building one's own"
    assert all(len(view.items) == 83 for view in views.values())
    reasons = {item.number: item.not_applicable_reason for item in views["joining"].items if item.not_applicable_reason}
    assert reasons["1.5"].startswith("Sans objet quand on rejoint un lab existant.")
    small = {item.number: item.not_applicable_reason for item in views["small"].items if item.not_applicable_reason}
    assert any(f"en dessous de {format_decimal(20_000)} habitants." in reason for reason in small.values())
    assert views["joining"].items[0].status == ItemStatus.A_FAIRE, "« innovation does not need a lab » applies to all"


def test_joining_an_existing_lab_is_a_valid_outcome_and_answers_can_change(store: Store) -> None:
    view = labs.start(store, "Lab du Trièves", "CCAS de Mens", INSIDE, TEMPLATE)
    first = view.items[0]
    labs.save_item(store, dataclasses.replace(first, status=ItemStatus.FAIT.value, owner="Direction"), TODAY)
    form = next(item for item in view.items if item.number == "1.5")
    labs.save_item(store, dataclasses.replace(form, status=ItemStatus.EN_COURS.value))
    project = dataclasses.replace(view.project, path="rejoindre", population=9_000)
    joined = labs.save_project(store, project)
    by_number = {item.number: item for item in joined.items}
    assert by_number["1.1"].status == ItemStatus.FAIT and by_number["1.1"].done_on == TODAY
    assert by_number["1.5"].status == ItemStatus.EN_COURS, "an item the user moved on is left as it is"
    assert by_number["1.6"].status == ItemStatus.SANS_OBJET and by_number["1.6"].not_applicable_reason
    back = labs.save_project(store, dataclasses.replace(joined.project, path="creer", population=50_000))
    assert not_applicable(back) == not_applicable(labs.start(store, "Témoin", "", INSIDE, TEMPLATE))


# Following items


def test_progress_counts_what_is_done_among_what_applies(store: Store) -> None:
    view = labs.start(store, "Lab", "CCAS", BIG, TEMPLATE)
    phase_one = [item for item in view.items if item.phase_id == "p01"]
    for item in phase_one[:3]:
        labs.save_item(store, dataclasses.replace(item, status=ItemStatus.FAIT.value), TODAY)
    labs.save_item(store, dataclasses.replace(phase_one[3], status=ItemStatus.SANS_OBJET.value))
    labs.save_item(store, dataclasses.replace(phase_one[4], status=ItemStatus.EN_COURS.value))
    now = labs.load(store, view.project.id)
    first = now.phases[0]
    assert (first.tally.done, first.tally.applicable, first.tally.started) == (3, 6, 1)
    assert first.tally.percent == 50
    applicable = 83 - len(not_applicable(view)) - 1
    assert (now.tally.done, now.tally.applicable) == (3, applicable)
    assert now.tally.percent == round(300 / applicable)
    assert [phase.number for phase in now.phases] == [str(n) for n in range(1, 11)]


def test_late_and_blocked_items() -> None:
    decide = LabItem(item_id="a", title="Décider", due_on=date(2026, 11, 1))
    model = LabItem(item_id="b", title="Choisir le modèle", depends_on=["a"], due_on=date(2026, 12, 31))
    assert is_late(decide, TODAY) and not is_late(model, TODAY)
    assert blocked_by(model, [decide, model]) == [decide]
    decide.status = ItemStatus.FAIT.value
    assert not is_late(decide, TODAY) and blocked_by(model, [decide, model]) == []
    decide.status = ItemStatus.SANS_OBJET.value
    assert blocked_by(model, [decide, model]) == [], "an item left out does not block"
    assert tally([decide, model]).applicable == 1 and phase_tallies([decide, model])[0].tally.done == 0


def test_evidence_files_and_links_are_kept_with_the_item(store: Store, tmp_path: Path) -> None:
    view = labs.start(store, "Lab", "CCAS", BIG, TEMPLATE)
    report = tmp_path / "compte-rendu.pdf"
    report.write_bytes(b"%PDF-1.4 compte rendu du comite")
    item, added = labs.attach_evidence(store, view.items[1].id, [report])
    assert [attachment.file_name for attachment in item.evidence] == ["compte-rendu.pdf"]
    assert (store.data_dir / "pieces-jointes").exists() and added[0].size == report.stat().st_size
    linked = labs.add_link(store, item.id, "Dossier partagé", "https://nuage.example.fr/lab")
    assert [(link.title, link.url) for link in linked.links] == [("Dossier partagé", "https://nuage.example.fr/lab")]
    with pytest.raises(ValidationError, match="adresse web"):
        labs.add_link(store, item.id, "Poste", "file:///C:/secret")
    assert labs.load(store, view.project.id).items[1].links == linked.links


def test_an_item_refused_by_its_rules_changes_nothing(store: Store) -> None:
    view = labs.start(store, "Lab", "CCAS", BIG, TEMPLATE)
    before = dump(store)
    with pytest.raises(ValidationError, match="intitulé"):
        labs.save_item(store, dataclasses.replace(view.items[0], title="  "))
    with pytest.raises(ValidationError, match="État inconnu"):
        labs.save_item(store, dataclasses.replace(view.items[0], status="termine"))
    assert dump(store) == before


# Template updates by file


def write_template(path: Path, template: LabTemplate | dict[str, Any]) -> Path:
    data = to_dict(template) if isinstance(template, LabTemplate) else template
    path.write_text(json.dumps({"format": "essaim-modele-labo", "format_version": 1, **_without_empty(data)},
                               ensure_ascii=False), encoding="utf-8")
    return path


def _without_empty(value: Any) -> Any:
    """What `to_dict` writes, without the nulls and empty texts the schema does not take for optional fields."""
    if isinstance(value, dict):
        return {key: _without_empty(item) for key, item in value.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


def without(template: LabTemplate, item_id: str, revision: int) -> LabTemplate:
    """`template` at `revision` without the item `item_id` (and without the dependencies on it)."""
    return dataclasses.replace(template, revision=revision, phases=[dataclasses.replace(phase, items=[
        dataclasses.replace(item, depends_on=[other for other in item.depends_on if other != item_id])
        for item in phase.items if item.id != item_id]) for phase in template.phases])


def next_version(template: LabTemplate) -> LabTemplate:
    """Revision 2: item 1.2 renamed, 1.3 removed, a new item at the end of phase 1."""
    changed = without(template, "p01-i03", 2)
    first = changed.phases[0]
    first.items[1] = dataclasses.replace(first.items[1], title="Envisager de rejoindre un lab ou un réseau")
    first.items.append(dataclasses.replace(first.items[0], id="p01-i99", number="1.8", title="Rencontrer l'UDCCAS",
                                           depends_on=[]))
    return changed


def test_a_new_template_version_keeps_the_users_work_and_marks_removed_items(store: Store, tmp_path: Path) -> None:
    view = labs.start(store, "Lab de Vif", "CCAS de Vif", BIG, TEMPLATE)
    by_number = {item.number: item for item in view.items}
    labs.save_item(store, dataclasses.replace(by_number["1.2"], status="en_cours", owner="Mme Roux",
                                              notes="Appeler le Lab Occitanie"))
    labs.save_item(store, dataclasses.replace(by_number["1.4"], status="fait"), TODAY)
    path = write_template(tmp_path / "modele-v2.json", next_version(shipped()))

    update = lab_templates.preview(store, path)
    assert [item.number for item in update.new] == ["1.8"]
    assert [item.number for item in update.removed] == ["1.3"]
    assert [(item.number, what) for item, what in update.changed] == [("1.2", ["intitulé"])]
    assert update.projects == [lab_templates.ProjectEffect("Lab de Vif", 1, 0, 1)]
    assert "version 2 (ce poste a la version 1)" in update.summary()
    assert lab_templates.apply(store, update) == 1

    now = {item.number: item for item in labs.load(store, view.project.id).items}
    assert now["1.2"].title == "Envisager de rejoindre un lab ou un réseau"
    assert (now["1.2"].owner, now["1.2"].notes, now["1.2"].status) == ("Mme Roux", "Appeler le Lab Occitanie",
                                                                        "en_cours")
    assert now["1.4"].status == "fait" and now["1.8"].status == "a_faire" and "1.3" not in now
    assert labs.load(store, view.project.id).project.template_revision == 2
    assert labs.template(store, TEMPLATE).revision == 2

    third = without(next_version(shipped()), "p01-i02", 3)
    again = lab_templates.preview(store, write_template(tmp_path / "modele-v3.json", third))
    assert again.projects == [lab_templates.ProjectEffect("Lab de Vif", 0, 1, 0)]
    lab_templates.apply(store, again)
    kept = {item.number: item for item in labs.load(store, view.project.id).items}["1.2"]
    assert kept.removed_from_template and kept.notes == "Appeler le Lab Occitanie", "never deleted with user data"


def test_the_same_template_again_changes_nothing_and_an_older_one_is_refused(store: Store, tmp_path: Path) -> None:
    labs.start(store, "Lab", "CCAS", BIG, TEMPLATE)
    same = lab_templates.preview(store, write_template(tmp_path / "meme.json", shipped()))
    assert same.same and lab_templates.apply(store, same) == 0
    lab_templates.apply(store, lab_templates.preview(store, write_template(tmp_path / "v2.json",
                                                                            next_version(shipped()))))
    before = dump(store)
    with pytest.raises(UserError, match="plus ancienne que celle de ce poste"):
        lab_templates.preview(store, write_template(tmp_path / "v1.json", shipped()))
    assert dump(store) == before


def test_a_shipped_template_newer_than_the_one_imported_stands_alone(store: Store) -> None:
    """A new Essaim ships a newer revision than the one a UDCCAS file brought: the shipped one is offered, once."""
    from app.storage import lab_repository

    with store.transaction() as session:
        lab_repository.save_template(session, dataclasses.replace(shipped(), revision=0, title="Ancien"), "v0.json")
    assert [(found.id, found.title) for found in labs.templates(store)] == [(TEMPLATE, shipped().title)]
    with store.transaction() as session:
        lab_repository.save_template(session, dataclasses.replace(shipped(), revision=5, title="Version UDCCAS"),
                                     "v5.json")
    assert [(found.id, found.title) for found in labs.templates(store)] == [(TEMPLATE, "Version UDCCAS")]


def hostile(tmp_path: Path) -> Iterator[tuple[str, Path, str]]:
    base = json.loads((write_template(tmp_path / "base.json", shipped())).read_text(encoding="utf-8"))

    def variant(name: str, change: Any) -> Path:
        data = json.loads(json.dumps(base))
        change(data)
        return write_template(tmp_path / name, data)

    yield "version", variant("v9.json", lambda data: data.update(format_version=9)), "plus récent"
    yield "format", variant("autre.json", lambda data: data.update(format="autre-chose")), "n'est pas un modèle"
    yield "duplicate", variant("double.json", lambda data: data["phases"][1]["items"].append(
        data["phases"][0]["items"][0])), "utilisé deux fois"
    yield "dangling", variant("pendant.json", lambda data: data["phases"][0]["items"][0].update(
        depends_on=["p99-i01"])), "qui n'existe pas dans le modèle"
    yield "cycle", variant("boucle.json", lambda data: (data["phases"][0]["items"][0].update(depends_on=["p01-i02"]),
                                                       data["phases"][0]["items"][1].update(depends_on=["p01-i01"]))),\
        "en boucle"
    yield "unknown field", variant("champ.json", lambda data: data["phases"][0].update(script="<script>")), \
        "champ inconnu"
    huge = tmp_path / "enorme.json"
    huge.write_bytes(b'{"format": "essaim-modele-labo", "x": "' + b"a" * (MAX_TEMPLATE_BYTES + 10) + b'"}')
    yield "huge", huge, "trop gros"
    broken = tmp_path / "coupe.json"
    broken.write_bytes((tmp_path / "base.json").read_bytes()[:5000])
    yield "truncated", broken, "illisible"
    nested = tmp_path / "imbrique.json"
    nested.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    yield "nested", nested, "illisible"
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"format": "essaim-modele-labo", "title": "Modèle"}'.encode("latin-1"))
    yield "not utf-8", latin, "illisible"


def test_hostile_template_files_are_refused_in_french_and_change_nothing(store: Store, tmp_path: Path) -> None:
    labs.start(store, "Lab", "CCAS", BIG, TEMPLATE)
    before = dump(store)
    for name, path, said in hostile(tmp_path):
        with pytest.raises(TemplateFileError) as refused:
            lab_templates.preview(store, path)
        message = str(refused.value)
        assert said in message and "rien n'a été changé" in message.lower(), (name, message)
        assert "Traceback" not in message and "Error" not in message and "line" not in message, (name, message)
    assert dump(store) == before


def test_reading_a_missing_file_says_so_in_french(tmp_path: Path) -> None:
    with pytest.raises(TemplateFileError, match="introuvable"):
        read_template_file(tmp_path / "absent.json")


# Travel


class Station(CatalogueStation):
    """A workstation (`tests.test_catalogue_package.Station`) that sends all it holds."""

    def send(self, path: Path) -> Path:
        export_package(self.store, self.data_dir, PackageRequest("all"), path)
        return path


@pytest.fixture
def stations(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    ccas, udccas = Station(tmp_path / "ccas", "CCAS de Vif"), Station(tmp_path / "udccas", "UDCCAS de l'Isère")
    yield ccas, udccas
    ccas.context.close(with_auto_backup=False)
    udccas.context.close(with_auto_backup=False)


def test_a_lab_travels_with_its_progress_and_evidence_and_a_conflict_on_one_item(
        stations: tuple[Station, Station], tmp_path: Path) -> None:
    ccas, udccas = stations
    view = labs.start(ccas.store, "Lab de Vif", "CCAS de Vif", SMALL, TEMPLATE)
    minutes = tmp_path / "deliberation.pdf"
    minutes.write_bytes(b"%PDF-1.4 deliberation du conseil d'administration")
    labs.attach_evidence(ccas.store, view.items[0].id, [minutes])
    labs.save_item(ccas.store, dataclasses.replace(labs.load(ccas.store, view.project.id).items[0],
                                                   status="fait"), TODAY)
    statuses = udccas.receive(ccas.send(tmp_path / "un.essaim"))
    assert statuses[view.project.id] == "new" and len(statuses) == 84
    received = labs.load(udccas.store, view.project.id)
    assert received.tally == labs.load(ccas.store, view.project.id).tally
    assert received.items[0].evidence[0].file_name == "deliberation.pdf"
    assert (udccas.context.data_dir / "pieces-jointes").exists()

    second = received.items[1]
    labs.save_item(ccas.store, dataclasses.replace(second, owner="Mme Roux (CCAS)"))
    labs.save_item(udccas.store, dataclasses.replace(second, owner="M. Blanc (UDCCAS)"))
    labs.save_item(ccas.store, dataclasses.replace(received.items[2], status="en_cours"))
    with open_package(udccas.store, ccas.send(tmp_path / "deux.essaim")) as plan:
        conflicts = [entry for entry in plan.entries if entry.status == "conflict"]
        assert [entry.id for entry in conflicts] == [second.id] and conflicts[0].changed_labels == ["Responsable"]
        assert {entry.id for entry in plan.entries if entry.status == "updated"} == {received.items[2].id}
        apply_import(udccas.store, udccas.context.data_dir, plan, {second.id: "theirs"})
    now = labs.load(udccas.store, view.project.id).items
    assert now[1].owner == "Mme Roux (CCAS)" and now[2].status == "en_cours"
    (kept,) = history.kept_versions(udccas.store, second.id)
    assert kept.kind_label == "élément de liste de lab"


# Exports and the command line


@pytest.mark.parametrize("format_key", ["docx", "pdf", "xlsx"])
def test_the_action_plan_reads_back_in_each_format(store: Store, tmp_path: Path, format_key: str) -> None:
    from app.domain.lab_sections import lab_dossier
    from tests.dossier_reading import docx_text, missing, pdf_text, xlsx_text

    view = labs.start(store, "Lab de Vif", "CCAS de Vif", SMALL, TEMPLATE)
    first, second = view.items[0], view.items[1]
    labs.save_item(store, dataclasses.replace(first, status="fait", owner="Mme Roux", notes="Vu en bureau"), TODAY)
    labs.save_item(store, dataclasses.replace(second, owner="M. Blanc", due_on=date(2026, 11, 2)))
    labs.add_link(store, first.id, "Délibération", "https://vif.example.fr/deliberation")
    path = labs.export(store, view.project.id, format_key, tmp_path / f"plan.{format_key}", TODAY)
    text = {"docx": docx_text, "pdf": pdf_text, "xlsx": xlsx_text}[format_key](path)
    now = labs.load(store, view.project.id)
    dossier = lab_dossier(now.project, now.items, now.tally, now.phases, TODAY)
    assert missing(dossier, text) == []
    assert "Plan d'action du lab d'innovation" in text and "Délibération — https://vif.example.fr/deliberation" in text
    assert "en retard" in text, "1.2 was due on 2 November"
    if format_key == "xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path)
        assert workbook.sheetnames == ["Plan d'action", "Liste"]
        listing = workbook["Liste"]
        assert listing.max_row == 84 and listing.freeze_panes == "A2" and listing.auto_filter.ref == "A1:L84"
        header = [cell.value for cell in listing[1]]
        second = dict(zip(header, (cell.value for cell in listing[3]), strict=True))
        assert (second["N°"], second["Responsable"], second["Alerte"]) == ("1.2", "M. Blanc", "en retard")
        assert second["Échéance"].date() == date(2026, 11, 2), "a real date, to sort by"


def test_a_lab_carrying_a_fiche_is_a_part_of_its_dossier(store: Store) -> None:
    from app.domain.fiche import FicheData
    from app.services import fiches
    from app.services.dossier import DossierOptions, build_dossier, part_titles

    fiche = fiches.save(store, FicheData(title="Visites de convivialité", structure_name="CCAS de Vif"))
    labs.start(store, "Lab de Vif", "CCAS de Vif", BIG, TEMPLATE, fiche_ids=[fiche.id])
    assert ("labo", "Lab d'innovation") in part_titles()
    sections = build_dossier(store, fiche.id, DossierOptions(parts=frozenset({"labo"}))).sections
    assert sections[0].title == "Lab d'innovation : Lab de Vif" and sections[0].level == 1
    assert {section.level for section in sections[1:]} == {2} and sections[1].title == "Avancement"
    other = fiches.save(store, FicheData(title="Autre", structure_name="CCAS de Vif"))
    assert build_dossier(store, other.id, DossierOptions(parts=frozenset({"labo"}))).sections == []


def test_the_command_line_starts_shows_exports_and_imports_a_template(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.__main__ import main

    def run(*args: str) -> str:
        assert main(["--data-dir", str(data_dir), "lab", *args]) == 0
        return capsys.readouterr().out

    assert "unccas-fabriquer  Créer ou rejoindre un lab" in run("templates")
    started = run("start", "Lab du Trièves", "--structure", "CCAS de Mens", "--path", "rejoindre",
                  "--population", "9000")
    assert "83 éléments dont 20 sans objet" in started
    lab_id = started.split()[5]
    assert "Lab du Trièves — CCAS de Mens : 0 fait sur 63 (0 %), 20 sans objet" in run("list")
    shown = run("show", lab_id[:8])
    assert "Phase 1. Faut-il créer un lab ?" in shown and "[-] 1.5 " in shown
    assert "Sans objet quand on rejoint un lab existant." in shown
    assert json.loads(run("show", lab_id, "--json"))["progress"]["applicable"] == 63
    assert "Écrit :" in run("export", lab_id, "--format", "pdf", "-o", str(tmp_path / "plan.pdf"))
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF")
    path = write_template(tmp_path / "v2.json", next_version(shipped()))
    dry = run("import-template", str(path), "--dry-run")
    assert "version 2 (ce poste a la version 1)" in dry and "+ 1.8 Rencontrer l'UDCCAS" in dry
    assert "Essai à blanc : rien n'a été changé." in dry
    assert "Modèle enregistré ; 1 projet(s) mis à jour." in run("import-template", str(path))
    assert "(version 2, 10 phases, 83 éléments)" in run("templates")
    assert main(["--data-dir", str(data_dir), "lab", "import-template", str(tmp_path / "absent.json")]) == 1
    assert "introuvable" in capsys.readouterr().err
