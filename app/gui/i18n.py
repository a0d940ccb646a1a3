"""Qt translators: Qt's own French strings (standard buttons, dialogs) and Essaim's catalogues."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.domain.economics import FORMULA_CAPTION, INDICATOR_EXPLANATIONS, INDICATOR_FORMULAS
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


def translate_indicator(text: str) -> str:
    """A text of app.domain.economics' indicator explanations and formulas through Qt's translation."""
    return QCoreApplication.translate("indicators", text)


def indicator_tooltip(key: str) -> str:
    """What indicator `key` tells, then its formula in words: rich text, so that the tooltip wraps."""
    explanation = translate_indicator(INDICATOR_EXPLANATIONS[key])
    formula = translate_indicator(INDICATOR_FORMULAS[key])
    caption = translate_indicator(FORMULA_CAPTION)
    return f"<p>{escape(explanation, quote=False)}</p><p><b>{escape(caption)}</b> {escape(formula, quote=False)}</p>"
