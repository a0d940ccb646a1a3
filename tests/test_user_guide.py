"""The user guide (docs/guide/*.md, opened by Aide › Guide d'utilisation): its links and images lead somewhere,
every page is reachable from the index, it is plain Markdown that Qt renders, its headings are French, and the
menus, workspaces and labels it quotes are those of the application."""

from __future__ import annotations

import ast
import re
import struct
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide"
IMAGES = GUIDE / "images"
GUI = ROOT / "app" / "gui"

MAX_IMAGES_BYTES = 2_500_000
"""All the screenshots together (scripts/screenshots.py --guide scales them to 1000 pixels wide)."""
MAX_IMAGE_WIDTH = 1000

PENDING_LABELS: set[str] = set()
"""Labels of features being built in the same issue (21) that no part of the app writes yet: the Aide menu's
entry that opens this guide. Remove one from here once the app has it. (The home page's « Charger les exemples »,
« Nouvelle fiche », « Importer un paquet » and the fiche list's « Réinitialiser les filtres » need no entry: the
menus and Financements write them already.)"""

NOT_LABELS = {
    "2009", "11/2014", "preca ener", "précarité énergétique", "CCAS de Grenoble — accueil", "Fabriquer",
    "Faut-il créer un lab ?", "3/7 faits · 43 %",
}
"""What the guide quotes that is not a label of the app: an example typed, a report's title, a value shown."""

ENGLISH_WORDS = {
    "the", "and", "of", "to", "how", "your", "with", "for", "getting", "started", "settings", "overview",
    "introduction", "faq", "frequently", "asked", "backup", "backups", "restore", "funding", "workspace",
    "workspaces", "sharing", "command", "line", "help", "about", "checklist", "scenarios", "screenshot",
    "screenshots", "todo", "tbd", "draft", "user", "first", "steps", "files",
}
"""Words that betray an English heading (none of them is a French word)."""

LINK = re.compile(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)")
BOLD_PATH = re.compile(r"\*\*([^*]+ › [^*]+)\*\*")
QUOTED = re.compile(r"«\s*([^«»]+?)\s*»")
WORKSPACE_MENTION = re.compile(r"espace \*\*([^*]+)\*\*")
SHORTCUT_ROW = re.compile(r"^\|\s*Ctrl\+(\d)\s*\|\s*([^|]+?)\s*\|", re.MULTILINE)


def pages() -> list[Path]:
    return sorted(GUIDE.glob("*.md"))


def text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def links(page: Path) -> Iterator[tuple[bool, str]]:
    """(is an image, target) of every Markdown link and image of `page`."""
    for match in LINK.finditer(text(page)):
        yield match.group(1) == "!", match.group(3)


def is_local(target: str) -> bool:
    return not re.match(r"^[a-z][a-z0-9+.-]*:", target) and not target.startswith("#")


def local_file(page: Path, target: str) -> Path:
    return (page.parent / target.split("#", 1)[0]).resolve()


def clean_label(label: str) -> str:
    """A label as the user reads it: no mnemonic « & », spaces as one."""
    return " ".join(re.sub(r"&(?=\w)", "", label).split())


@cache
def source_strings(folder: Path) -> frozenset[str]:
    """Every string literal of the Python files under `folder`, as the user reads it."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(clean_label(node.value))
    return frozenset(found)


@cache
def menus() -> dict[str, str]:
    """The main window's menus, by their name: Fichier, Édition…"""
    source = (GUI / "main_window.py").read_text(encoding="utf-8")
    return {clean_label(name): name for name in re.findall(r'addMenu\(self\.tr\("([^"]+)"\)\)', source)}


@cache
def workspaces() -> dict[int, str]:
    """The workspaces' titles by their number (Ctrl+number), as the app registers them."""
    from app.gui.workspaces import default_workspaces

    return {spec.number: spec.title for spec in default_workspaces()}


def test_the_guide_is_there_with_its_index() -> None:
    names = {page.name for page in pages()}
    assert "index.md" in names and len(names) >= 10, names
    assert set(menus()) >= {"Fichier", "Édition", "Affichage", "Outils", "Aide"}, menus()
    assert sorted(workspaces()) == [1, 2, 3, 4, 5], workspaces()


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_every_relative_link_and_image_points_to_an_existing_file(page: Path) -> None:
    for is_image, target in links(page):
        if is_image:
            assert is_local(target), f"{page.name}: image {target} must ship with the guide"
            assert target.startswith("images/") and target.endswith(".png"), f"{page.name}: {target}"
        if is_local(target):
            assert local_file(page, target).is_file(), f"{page.name}: {target} does not exist"
            assert local_file(page, target).is_relative_to(GUIDE), f"{page.name}: {target} leaves docs/guide"


def test_every_page_is_reachable_from_the_index() -> None:
    seen, waiting = set(), [GUIDE / "index.md"]
    while waiting:
        page = waiting.pop()
        if page in seen:
            continue
        seen.add(page)
        waiting += [local_file(page, target) for is_image, target in links(page)
                    if not is_image and is_local(target) and target.split("#", 1)[0].endswith(".md")
                    and local_file(page, target).is_file()]  # a broken link is the test above's
    assert {page.name for page in pages()} - {page.name for page in seen} == set()


def png_width(path: Path) -> int:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return int(struct.unpack(">I", header[16:20])[0])


def test_every_screenshot_is_used_and_they_stay_small() -> None:
    shots = sorted(IMAGES.glob("*.png"))
    used = {local_file(page, target) for page in pages() for is_image, target in links(page) if is_image}
    assert shots, "scripts/screenshots.py --guide writes them"
    assert [shot.name for shot in shots if shot.resolve() not in used] == [], "screenshots no page shows"
    assert all(png_width(shot) <= MAX_IMAGE_WIDTH for shot in shots)
    assert sum(shot.stat().st_size for shot in shots) < MAX_IMAGES_BYTES


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_plain_markdown_that_qt_renders(page: Path) -> None:
    """No HTML, no admonitions: QTextDocument.setMarkdown reads CommonMark and GitHub's tables only."""
    body = text(page)
    assert re.search(r"</?[A-Za-z][^>]*>", body) is None, f"{page.name}: HTML"
    assert re.search(r"^\s*(>\s*\[!|!!!|:::)", body, re.MULTILINE) is None, f"{page.name}: admonition"
    assert body.startswith("# "), f"{page.name}: a page starts with its title"


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.name)
def test_headings_are_french(page: Path) -> None:
    for heading in re.findall(r"^#+\s+(.+)$", text(page), re.MULTILINE):
        english = set(re.findall(r"[a-z]+", heading.lower())) & ENGLISH_WORDS
        assert not english, f"{page.name}: « {heading} » reads as English ({', '.join(sorted(english))})"


def test_menu_paths_are_menus_and_entries_of_the_app() -> None:
    """« **Aide › Charger les exemples** »: Aide is a menu of the main window, the entry a label of the app."""
    paths = [(page.name, match) for page in pages() for match in BOLD_PATH.findall(text(page))]
    assert len(paths) >= 10, paths
    for name, path in paths:
        menu, *entries = [part.strip() for part in path.split("›")]
        assert menu in menus(), f"{name}: « {menu} » is not a menu of the main window ({', '.join(menus())})"
        for entry in entries:
            assert entry in PENDING_LABELS or entry in source_strings(GUI), f"{name}: no « {entry} » in app/gui"


def test_workspaces_are_named_as_in_the_app() -> None:
    """Each workspace the guide names exists, each is described, and the Ctrl+number tables agree with the app."""
    titles = set(workspaces().values())
    mentioned = {title for page in pages() for title in WORKSPACE_MENTION.findall(text(page))}
    assert mentioned - titles == set(), f"workspaces the app does not have: {mentioned - titles}"
    assert titles - mentioned == set(), f"workspaces the guide does not describe: {titles - mentioned}"
    rows = [(int(number), title) for page in pages() for number, title in SHORTCUT_ROW.findall(text(page))]
    assert rows, "the shortcuts' table of « Premiers pas »"
    for number, title in rows:
        assert (number == 0 and title == "Accueil") or workspaces().get(number) == title, (number, title)
    assert "Accueil" in source_strings(GUI)


def test_quoted_labels_are_the_apps() -> None:
    """What the guide quotes in « » is a string the app writes as it is (a button, a check box, a column, a
    state), but for the examples it quotes and the labels still being built."""
    app_strings = source_strings(ROOT / "app")
    unknown = sorted({(page.name, label) for page in pages() for label in QUOTED.findall(text(page))
                      if label not in NOT_LABELS | PENDING_LABELS and clean_label(label) not in app_strings})
    assert unknown == []
