"""Developer tool: screenshots of the main window's pages and dialogs, for looking at what we build.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py OUT_DIR [--size 1366x768]

With `--guide`, the screenshots of the user guide instead, under their stable names, in docs/guide/images/
(or OUT_DIR), on a fresh data folder (a temporary one unless `--data-dir` names an empty one):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py --guide

Runs on whatever Qt platform is in force (xcb under Xvfb shows the real window).
"""

from __future__ import annotations

import argparse
import functools
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget  # noqa: E402

from app.gui.application import ensure_application  # noqa: E402
from app.gui.exchange.workspace import ExchangesWorkspace  # noqa: E402
from app.gui.funding.workspace import FundingWorkspace  # noqa: E402
from app.gui.grid.workspace import GridWorkspace  # noqa: E402
from app.gui.main_window import MainWindow  # noqa: E402
from app.locations import resolve_data_dir  # noqa: E402
from app.services.app_context import AppContext  # noqa: E402
from app.services.preferences import Preferences  # noqa: E402

GUIDE_IMAGES = ROOT / "docs" / "guide" / "images"
GUIDE_WIDTH = 1000
"""The guide's screenshots are taken at 1366×768 and scaled down to this width, to keep the files small."""
GUIDE_FICHE = "sgmap-ccas-grenoble-precarite-energetique"
"""The example fiche the guide shows (a CCAS's own initiative, with an economic model)."""


def settle(app: QApplication, ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def grab(app: QApplication, widget, path: Path) -> None:  # type: ignore[no-untyped-def]
    settle(app)
    screen = widget.screen()
    frame = widget.frameGeometry()
    shot = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    if shot.isNull() or shot.width() == 0:
        shot = widget.grab()
    shot.save(str(path))
    print(path)


def shoot_exchanges(app: QApplication, window: MainWindow, package: Path, out: Path) -> None:
    """Échanges with the password fields on, the import preview of `package`, then the kept versions."""
    window.show_workspace("echanges")
    exchanges = window.page("echanges")
    assert isinstance(exchanges, ExchangesWorkspace)
    exchanges.send.picker.search_edit.setText("énergie")
    exchanges.send.picker.refresh()
    exchanges.send.picker.check_all.click()
    grab(app, window, out / "echanges-fiches-filtrees.png")
    exchanges.send.correspondent.setEditText("UDCCAS des Côtes-d'Armor")
    exchanges.send.save_package(out / "envoi.essaim")
    settle(app)
    grab(app, exchanges.send.sent_dialog, out / "dialog-package-saved.png")
    exchanges.send.sent_dialog.close()
    exchanges.send.picker.search_edit.clear()
    exchanges.send.picker.refresh()
    exchanges.send.protect.setChecked(True)
    exchanges.send.password.setText("exemple-de-mot-de-passe")
    grab(app, window, out / "echanges-envoi-protege.png")
    exchanges.send.protect.setChecked(False)
    exchanges.receive.import_package(package)
    settle(app)
    grab(app, exchanges.receive.preview, out / "dialog-import-preview.png")
    exchanges.receive.preview.choose_all("mine")

    def shoot_and_close_message() -> None:
        message = QApplication.activeModalWidget()
        if isinstance(message, QMessageBox):
            grab(app, message, out / "dialog-import-done.png")
            message.accept()
        else:
            QTimer.singleShot(200, shoot_and_close_message)

    QTimer.singleShot(200, shoot_and_close_message)
    exchanges.receive.preview.accept()
    settle(app)
    grab(app, window, out / "echanges-apres-import.png")
    grab(app, exchanges.receive.show_kept_versions(), out / "dialog-kept-versions.png")
    exchanges.receive.kept_versions.close()


def shoot_labo(app: QApplication, window: MainWindow, out: Path, size: str) -> None:
    """The new project's questions, then each project's checklist with an item chosen (the second of phase 1)."""
    from app.gui.labs.workspace import LabWorkspace

    page = window.page("labo")
    assert isinstance(page, LabWorkspace)
    window.show_workspace("labo")
    settle(app)
    dialog = page.new_project()
    if dialog is not None:
        dialog.name.setText("Lab d'innovation sociale du CCAS de Vif")
        dialog.structure.setText("CCAS de Vif")
        dialog.population.setValue(8_500)
        settle(app)
        grab(app, dialog, out / f"labo-nouveau-projet-{size}.png")
        dialog.reject()
    for index in range(page.projects.count()):
        page.projects.setCurrentIndex(index)
        settle(app)
        first = page.tree.topLevelItem(0)
        if first is not None and first.childCount() > 1:
            page.tree.setCurrentItem(first.child(1))
        settle(app)
        grab(app, window, out / f"labo-projet-{index + 1}-{size}.png")


# -- the user guide's screenshots (--guide) ------------------------------------------------------------------
def save_for_guide(app: QApplication, widget: QWidget, path: Path) -> None:
    """Grab `widget` as the user sees it, scaled down to `GUIDE_WIDTH` when wider, smoothly, in a compact PNG."""
    settle(app, 400)
    frame = widget.frameGeometry()
    shot = widget.screen().grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    if shot.isNull() or shot.width() == 0:
        shot = widget.grab()
    image = shot.toImage()
    if image.width() > GUIDE_WIDTH:
        image = image.scaledToWidth(GUIDE_WIDTH, Qt.TransformationMode.SmoothTransformation)
    if not image.save(str(path), "PNG", 0):  # quality 0: the strongest compression
        raise OSError(f"cannot write {path}")
    print(path)


def accept_next_message(app: QApplication) -> None:
    """Close the next message box (« Import terminé »…) as soon as it shows."""
    def close_it() -> None:
        message = QApplication.activeModalWidget()
        if isinstance(message, QMessageBox):
            message.accept()
        else:
            QTimer.singleShot(100, close_it)

    QTimer.singleShot(100, close_it)


def prepare_exchange(context: AppContext, folder: Path, fiche_id: str, other_id: str) -> Path:
    """A correspondent, « CCAS de Voiron », receives this station's fiches; then both edit the guide's fiche (a
    conflict) and Voiron edits another one. Returns Voiron's answer, to import in Échanges."""
    from app.services import exchange, fiches
    from app.services.exchange.correspondents import correspondents, rename_workstation
    from app.storage.store import Store
    from app.sync.package_reader import read_package

    here = context.open_store
    voiron = Store.open(folder / "poste-voiron")
    try:
        rename_workstation(voiron, "CCAS de Voiron")
        sent = exchange.export_package(here, context.data_dir, exchange.PackageRequest(
            "all", correspondent="CCAS de Voiron", personal_data=False), folder / "envoi.essaim")
        received = read_package(sent.path, folder)
        try:
            exchange.apply_import(voiron, folder / "poste-voiron", exchange.plan_import(voiron, received))
        finally:
            received.cleanup()

        def edit(store: Store, key: str, **changes: object) -> None:
            fiche = fiches.load(store, key)
            for name, value in changes.items():
                setattr(fiche, name, value)
            fiches.save(store, fiche)

        mine = fiches.load(here, fiche_id)
        edit(here, fiche_id, summary=mine.summary + " Mise à jour par l'accueil du CCAS de Grenoble.")
        edit(voiron, fiche_id, summary=mine.summary + " Complétée par le CCAS de Voiron après sa visite.")
        edit(voiron, other_id, tags=[*fiches.load(voiron, other_id).tags, "repris à Voiron"])
        (grenoble,) = correspondents(voiron)
        answer = exchange.export_package(voiron, folder / "poste-voiron", exchange.PackageRequest(
            "since_last_exchange", correspondent=grenoble.name, personal_data=False), folder / "reponse-voiron.essaim")
        return answer.path
    finally:
        voiron.close()


def prepare_scenarios(context: AppContext, fiche_id: str) -> None:
    """A second scenario beside the example's, so that « Comparer… » and the dossier's choice have two."""
    from app.services import grid

    (first, *_) = grid.scenarios(context.open_store, fiche_id)
    longer = grid.duplicate(context.open_store, first, "Sur cinq ans (illustratif)")
    longer.horizon_years = 5
    grid.save(context.open_store, longer)


def prepare_lab(context: AppContext) -> None:
    """A lab project of the CCAS, a few items done, one under way with its owner and due date."""
    from datetime import date, timedelta

    from app.domain.lab import ItemStatus
    from app.domain.lab_template import LabAnswers, LabModel, LabPath
    from app.services import labs

    store = context.open_store
    template = labs.templates(store)[0]
    view = labs.start(store, "Lab d'innovation sociale du CCAS de Grenoble", "CCAS de Grenoble",
                      LabAnswers(LabModel.INTEGRE.value, LabPath.CREER.value, 158_000), template.id)
    applicable = [item for item in view.items if item.status == ItemStatus.A_FAIRE.value]
    for item in applicable[:3]:
        item.status = ItemStatus.FAIT.value
        labs.save_item(store, item)
    under_way = applicable[3]
    under_way.status = ItemStatus.EN_COURS.value
    under_way.owner = "Directrice du CCAS"
    under_way.due_on = date.today() + timedelta(days=21)
    under_way.notes = "Réunion avec les élus prévue ; note de cadrage en cours de rédaction."
    labs.save_item(store, under_way)


def shoot_guide(app: QApplication, window: MainWindow, context: AppContext, out: Path, work: Path) -> None:
    """The screenshots `docs/guide/*.md` shows, from a fresh data folder: the first screen, then the examples."""
    from app.gui.fiches.workspace import FichesWorkspace
    from app.gui.labs.workspace import LabWorkspace
    from app.services.examples import example_id, load_examples

    shoot = functools.partial(save_for_guide, app)

    def show(key: str) -> None:
        """Go to a workspace, with the status bar's last notice (from another workspace) gone."""
        window.statusBar().clearMessage()
        window.show_workspace(key)

    show("accueil")
    shoot(window, out / "accueil.png")

    load_examples(context.open_store)
    target, other = example_id(GUIDE_FICHE), example_id("oural-champ-commun")
    answer = prepare_exchange(context, work, target, other)
    prepare_scenarios(context, target)
    prepare_lab(context)
    window.events.announce()
    settle(app)

    fiches_page = window.page("fiches")
    assert isinstance(fiches_page, FichesWorkspace)
    show("fiches")
    fiches_page.select_fiche(target)
    fiches_page.editor.show_section("identite")
    shoot(window, out / "fiches.png")
    fiches_page.editor.show_section("porteur")
    shoot(window, out / "fiche-porteur.png")

    grid_page = window.page("modele")
    assert isinstance(grid_page, GridWorkspace)
    show("modele")
    grid_page.show_fiche(target)
    grid_page.editor.tabs.setCurrentIndex(1)
    shoot(window, out / "modele-economique.png")

    funding_page = window.page("financements")
    assert isinstance(funding_page, FundingWorkspace)
    show("financements")
    settle(app)
    funding_page.fiche_combo.setCurrentIndex(max(0, funding_page.fiche_combo.findData(target)))
    funding_page.refresh()
    funding_page.table.selectRow(0)
    shoot(window, out / "financements.png")
    funding_page.add_to_shortlist()
    shoot(window, out / "financements-sollicites.png")
    deadlines = funding_page.show_deadlines()
    if deadlines is not None:
        shoot(deadlines, out / "financements-echeances.png")
        deadlines.close()

    lab_page = window.page("labo")
    assert isinstance(lab_page, LabWorkspace)
    show("labo")
    settle(app)
    first = lab_page.tree.topLevelItem(0)
    if first is not None and first.childCount() > 3:
        lab_page.tree.setCurrentItem(first.child(3))
    shoot(window, out / "labo.png")
    dialog = lab_page.new_project()
    if dialog is not None:
        dialog.name.setText("Lab d'innovation sociale du CCAS de Vif")
        dialog.structure.setText("CCAS de Vif")
        dialog.population.setValue(8_500)
        shoot(dialog, out / "labo-nouveau-projet.png")
        dialog.reject()

    exchanges = window.page("echanges")
    assert isinstance(exchanges, ExchangesWorkspace)
    show("echanges")
    exchanges.send.picker.search_edit.setText("énergie")
    exchanges.send.picker.refresh()
    exchanges.send.picker.check_all.click()
    exchanges.send.correspondent.setEditText("CCAS de Voiron")
    exchanges.send.protect.setChecked(True)
    exchanges.send.password.setText("exemple-de-mot-de-passe")
    exchanges.send.password_again.setText("exemple-de-mot-de-passe")
    shoot(window, out / "echanges-envoi.png")
    exchanges.send.protect.setChecked(False)
    exchanges.receive.import_package(answer)
    settle(app)
    shoot(exchanges.receive.preview, out / "echanges-apercu.png")
    exchanges.receive.preview.choose_all("mine")
    accept_next_message(app)
    exchanges.receive.preview.accept()
    settle(app, 600)
    shoot(exchanges.receive.show_kept_versions(), out / "echanges-versions-conservees.png")
    exchanges.receive.kept_versions.close()

    show("fiches")
    fiches_page.select_fiche(target)
    window.export_dossier()
    window.exporter.dialog.folder.setText(str(Path.home() / "Documents" / "Dossiers"))
    shoot(window.exporter.dialog, out / "dossier.png")
    window.exporter.dialog.reject()

    window.backup_now()
    for name, opener in (("sauvegardes-restaurer", window.open_restore), ("verification", window.run_integrity_check)):
        opener()
        settle(app)
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
        shoot(dialog, out / f"{name}.png")
        dialog.close()


def run_guide(app: QApplication, out: Path, data_dir: Path | None) -> int:
    """The guide's screenshots on a fresh data folder, with Essaim's default preferences (never the user's)."""
    with tempfile.TemporaryDirectory(prefix="essaim-guide-") as scratch:
        work = Path(scratch)
        folder = data_dir or work / "donnees"
        if folder.exists() and any(folder.iterdir()):
            print(f"--guide needs a fresh data folder; {folder} is not empty", file=sys.stderr)
            return 2
        context = AppContext.open(folder, Preferences())
        context.save_preferences = lambda: None  # type: ignore[method-assign]  # the user's file stays as it is
        try:
            from app.services.exchange.correspondents import rename_workstation

            rename_workstation(context.open_store, "CCAS de Grenoble — accueil")
            window = MainWindow(context)
            window.move(0, 0)
            window.resize(1366, 768)
            window.show()
            try:
                shoot_guide(app, window, context, out, work)
            finally:
                window.close()
        finally:
            context.close(with_auto_backup=False)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path, nargs="?", help="where to write (with --guide: docs/guide/images/)")
    parser.add_argument("--guide", action="store_true", help="the user guide's screenshots, on a fresh data folder")
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--data-dir")
    parser.add_argument("--fiche", default="", help="id of the fiche to show in the editor shots")
    parser.add_argument("--package", type=Path, help="a package to import (preview and kept-versions shots)")
    parser.add_argument("--catalogue-file", type=Path, help="a catalogue file to preview (update dialog shot)")
    args = parser.parse_args()
    if args.out is None and not args.guide:
        parser.error("OUT is needed (or --guide)")
    if args.guide:
        out = args.out or GUIDE_IMAGES
        out.mkdir(parents=True, exist_ok=True)
        return run_guide(ensure_application(), out, Path(args.data_dir).resolve() if args.data_dir else None)
    args.out.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in args.size.split("x"))
    app = ensure_application()
    context = AppContext.open(resolve_data_dir(args.data_dir, None))
    window = MainWindow(context)
    window.move(0, 0)
    window.resize(width, height)
    window.show()
    try:
        for row in range(window.sidebar.count()):
            window.sidebar.setCurrentRow(row)
            grab(app, window, args.out / f"page-{row}-{window.current_workspace()}-{args.size}.png")
        fiches_page = window.page("fiches") if "fiches" in window._pages else None
        if fiches_page is not None and fiches_page.model.rowCount():
            window.show_workspace("fiches")
            target = args.fiche or fiches_page.model.row_id(0)
            fiches_page.select_fiche(target if fiches_page.model.row_of(target) >= 0 else fiches_page.model.row_id(0))
            for key in ("identite", "porteur", "besoin", "dispositif", "partenaires", "caracterisation", "resultats",
                        "facteurs", "essaimage", "ressources", "sources"):
                fiches_page.editor.show_section(key)
                grab(app, window, args.out / f"fiche-{key}-{args.size}.png")
            grid_page = window.page("modele")
            assert isinstance(grid_page, GridWorkspace)
            window.show_workspace("modele")
            grid_page.show_fiche(target)
            for index in range(grid_page.editor.tabs.count()):
                grid_page.editor.tabs.setCurrentIndex(index)
                grab(app, window, args.out / f"grille-{index}-{args.size}.png")
            funding_page = window.page("financements")
            assert isinstance(funding_page, FundingWorkspace)
            window.show_workspace("financements")
            funding_page.fiche_combo.setCurrentIndex(max(0, funding_page.fiche_combo.findData(target)))
            funding_page.refresh()
            grab(app, window, args.out / f"financements-correspondance-{args.size}.png")
            funding_page.side.setCurrentWidget(funding_page.shortlist_panel)
            grab(app, window, args.out / f"financements-sollicites-{args.size}.png")
            if args.catalogue_file:
                update = funding_page.update_from(args.catalogue_file)
                if update is not None:
                    grab(app, update, args.out / "dialog-catalogue-update.png")
                    update.reject()
            deadlines = funding_page.show_deadlines()
            if deadlines is not None:
                grab(app, deadlines, args.out / f"financements-echeances-{args.size}.png")
                deadlines.close()
            window.show_workspace("fiches")
            window.export_dossier()
            settle(app)
            grab(app, window.exporter.dialog, args.out / "dialog-export.png")
            window.exporter.dialog.folder.setText(str(args.out / "dossier"))
            window.exporter.dialog.accept()
            settle(app)
            if window.exporter.done_dialog is not None:
                grab(app, window.exporter.done_dialog, args.out / "dialog-export-done.png")
                window.exporter.done_dialog.close()
        if "labo" in window._pages:
            shoot_labo(app, window, args.out, args.size)
        if args.package:
            shoot_exchanges(app, window, args.package, args.out)
        for name, opener in (("preferences", window.open_preferences), ("about", window.open_about),
                             ("check", window.run_integrity_check), ("restore", window.open_restore)):
            opener()
            settle(app)
            dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible())
            grab(app, dialog, args.out / f"dialog-{name}.png")
            dialog.close()
    finally:
        window.close()
        context.close(with_auto_backup=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
