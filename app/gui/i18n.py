"""Qt translators: Qt's own French strings (standard buttons, dialogs) and Essaim's catalogues."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.domain.fiche import with_hint
from app.locations import resources_dir

_installed: list[QTranslator] = []


def install_translators(app: QCoreApplication, locale: QLocale | None = None) -> None:
    """French is the source language; Qt's base strings are translated to it too."""
    locale = locale or QLocale(QLocale.Language.French, QLocale.Country.France)
    QLocale.setDefault(locale)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [("qtbase", qt_dir), ("essaim", str(resources_dir() / "translations"))]
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            _installed.append(translator)


def translate_label(label: str) -> str:
    """A vocabulary label (marked in app.domain.vocabulary) through Qt's translation."""
    return QCoreApplication.translate("vocabulary", label)


def translate_section(title: str) -> str:
    """A section title of app.domain.fiche_sections through Qt's translation."""
    return QCoreApplication.translate("sections", title)


def translate_field(label: str) -> str:
    """A field name of app.domain.fiche.FIELD_LABELS or economics.SCENARIO_FIELD_LABELS through Qt's translation."""
    return QCoreApplication.translate("fields", label)


def translate_kind(label: str) -> str:
    """A travelling kind's label (app.travelling, « fiche », « scénario »…) through Qt's translation."""
    return QCoreApplication.translate("kinds", label)


def translate_caption(label: str, hint: str = "", separator: str = "\n") -> str:
    """A field's label from FIELD_LABELS or SCENARIO_FIELD_LABELS, then its hint in brackets, both translated."""
    return with_hint(translate_field(label), translate_field(hint) if hint else "", separator)
