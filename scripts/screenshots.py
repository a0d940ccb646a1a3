"""Developer tool: screenshots of the main window's pages and dialogs, for looking at what we build.

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py OUT_DIR [--size 1366x768]

Runs on whatever Qt platform is in force (xcb under Xvfb shows the real window).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox  # noqa: E402

from app.gui.application import ensure_application  # noqa: E402
from app.gui.exchange.workspace import ExchangesWorkspace  # noqa: E402
from app.gui.funding.workspace import FundingWorkspace  # noqa: E402
from app.gui.grid.workspace import GridWorkspace  # noqa: E402
from app.gui.main_window import MainWindow  # noqa: E402
from app.locations import resolve_data_dir  # noqa: E402
from app.services.app_context import AppContext  # noqa: E402


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--data-dir")
    parser.add_argument("--fiche", default="", help="id of the fiche to show in the editor shots")
    parser.add_argument("--package", type=Path, help="a package to import (preview and kept-versions shots)")
    parser.add_argument("--catalogue-file", type=Path, help="a catalogue file to preview (update dialog shot)")
    args = parser.parse_args()
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
