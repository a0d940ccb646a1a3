"""Reading what Aides-territoires publishes into Essaim's schemes: the shapes of its files (a page of the API,
pages saved one after another, a bare list, the Django-era dump), every field of an aid, and the files that
cannot be read, refused in French. The fixtures are written by hand from the field description
(`shared/domain/aides-territoires.md`)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.domain.schemes import Deadline, Scheme, SchemeOrigin, validate_scheme
from app.domain.territories import load_territories
from app.imports import incoming
from app.imports.aides_territoires import (
    looks_like_aides_territoires,
    read_aides_territoires,
    read_aides_territoires_data,
)
from app.imports.aides_territoires_perimeters import PerimeterReader
from app.imports.aides_territoires_vocabulary import (
    AUDIENCES,
    named_audiences,
    names_energy_poverty,
    split_category,
    themes_of_category,
)
from app.imports.html_text import html_to_text
from app.imports.incoming import CatalogueFile, ImportFileError, incoming_id

FIXTURES = Path(__file__).parent / "fixtures" / "aides-territoires"
ORIGIN = SchemeOrigin.AIDES_TERRITOIRES.value
PYTHON_WORDS = ("Error", "Traceback", "Expecting", "line ", "column", "codec", "byte", "None", "dict", "char ")


def read(name: str) -> CatalogueFile:
    return read_aides_territoires(FIXTURES / name)


def schemes_of(catalogue: CatalogueFile) -> dict[str, Scheme]:
    return {item.scheme.origin_key: item.scheme for item in catalogue.schemes}


def fixture_data(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page() -> CatalogueFile:
    return read("page-courante.json")


@pytest.fixture(scope="module")
def aids(page: CatalogueFile) -> dict[str, Scheme]:
    return schemes_of(page)


@pytest.fixture(scope="module")
def dump() -> dict[str, Scheme]:
    return schemes_of(read("export-django.json"))


# A page of the current API


def test_a_page_gives_every_aid_under_its_name_and_says_what_the_file_is(page: CatalogueFile) -> None:
    assert page.origin == ORIGIN
    assert page.problems == []
    assert [item.scheme.name for item in page.schemes] == [
        "Lutter contre l'isolement et la précarité des habitants",
        "Bien vieillir à domicile : prévenir la perte d'autonomie des seniors",
        "Repérer et accompagner les ménages en situation de précarité énergétique",
        "Appel à projets « Mobilité solidaire »",
        "Mobilité solidaire : déclinaison de Valence Romans Agglo",
        "Aide dont presque rien n'est dit",
        "Revitaliser les commerces de centre-bourg",
        "Accompagner les habitants vers l'autonomie numérique",
    ]
    assert page.label == "Aides-territoires (page-courante.json), 1 page, 8 aides sur 180"
    assert not page.complete, "one page of 180 aids"


def test_each_aid_is_keyed_by_its_id_and_keeps_its_record(page: CatalogueFile) -> None:
    raw = fixture_data("page-courante.json")["results"]
    for item, record in zip(page.schemes, raw, strict=True):
        key = str(record["id"])
        assert item.scheme.origin == ORIGIN and item.scheme.origin_key == key
        assert item.scheme.id == incoming_id(ORIGIN, key)
        assert item.place == f"aide {key}"
        assert item.raw == record


def test_the_solidarity_aid_a_ccas_may_apply_to(aids: dict[str, Scheme], page: CatalogueFile) -> None:
    aid = aids["160001"]
    assert aid.short_name == "Fonds solidarité Drôme"
    assert aid.financers == ["Caisse d'allocations familiales de la Drôme", "Département de la Drôme"]
    assert aid.instructors == ["Direction départementale de l'emploi, du travail et des solidarités de la Drôme"]
    assert aid.programme == ("Stratégie nationale de prévention et de lutte contre la pauvreté ; "
                             "Fonds vert - Édition 2024")
    assert aid.audiences == ["ccas", "cias", "commune", "public-org", "association"], "the eligibility names them"
    assert aid.themes == ["acces_droits"]
    assert aid.kinds == ["subvention"]
    assert aid.stages == ["emergence", "experimentation"]
    assert (aid.territories, aid.territory_note, aid.level) == (["D26"], "", "departemental")
    assert (aid.rate_min, aid.rate_max) == (Decimal(20), Decimal(80))
    assert aid.amount_max is None
    assert (aid.opens_on, aid.predeposit_on) == (date(2025, 1, 15), date(2025, 3, 1))
    assert aid.deadlines == [Deadline(date(2025, 10, 31), "Date limite de dépôt")]
    assert aid.recurrence == "ponctuel"
    assert aid.status == "ouvert", "is_live is false because the deadline is past: the date says it"
    assert aid.source_title == "Aides-territoires"
    assert aid.source_url == "https://www.caf.fr/allocataires/caf-de-la-drome/partenaires/fonds-solidarite"
    assert aid.application_url == "https://demarches.drome.fr/fonds-solidarite"
    assert aid.source_ref == ("https://aides-territoires.beta.gouv.fr/aides/"
                              "4f2a-lutter-contre-lisolement-et-la-precarite-des-habitants/")
    assert aid.source_date == aid.checked_on == date(2025, 2, 3)
    assert page.schemes[0].updated == datetime(2025, 2, 3, 16, 45, 12, tzinfo=UTC)


def test_descriptions_are_html_turned_into_lines(aids: dict[str, Scheme]) -> None:
    aid = aids["160001"]
    assert aid.description.split("\n") == [
        "Le fonds soutient les actions qui rompent l'isolement des personnes en situation de précarité :",
        "– visites de convivialité à domicile ;",
        "– ateliers collectifs & repas partagés ;",
        "– accompagnement vers les droits.",
        "Renseignements sur le site de la CAF (https://www.caf.fr/drome).",
        "",
        "Exemples de projets :",
        "Un CCAS a organisé des visites de convivialité avec des bénévoles.",
        "",
        "Projets de référence : Lutte contre l'isolement des personnes âgées.",
        "",
        "Nom initial : Fonds départemental de solidarité et de lien social.",
    ]
    assert aid.eligibility == ("Sont éligibles les communes, les CCAS et CIAS de la Drôme, ainsi que les "
                               "associations.\nLe projet doit débuter avant la fin de l'année.")
    assert aid.constraints == ("Dépenses financées : fonctionnement.\n"
                               "Taux de subvention : Taux majoré pour les communes de moins de 2 000 habitants.")
    for text in (aid.description, aid.eligibility, aid.constraints):
        assert "<" not in text and "&nbsp;" not in text and "\r" not in text and "\u00a0" not in text


def test_the_aid_for_seniors(aids: dict[str, Scheme], page: CatalogueFile) -> None:
    aid = aids["160002"]
    assert aid.financers == ["Conférence des financeurs de la prévention de la perte d'autonomie de l'Isère"], \
        "from financers_full when it alone is given"
    assert aid.instructors == []
    assert aid.audiences == ["commune", "epci", "association"], "« Les CCAS ne sont pas éligibles » adds none"
    assert aid.themes == ["bien_vieillir", "sante"]
    assert aid.kinds == ["subvention", "appel_projets"]
    assert aid.recurrence == "annuel"
    assert aid.rate_max == Decimal(100) and aid.rate_min is None
    assert aid.constraints == "Dépenses financées : fonctionnement ; investissement."
    assert aid.contact == "Secrétariat de la conférence : conference.financeurs@isere.fr"
    assert aid.source_url == "https://aides-territoires.beta.gouv.fr/aides/9c1e-bien-vieillir-a-domicile/", \
        "without origin_url, the aid's page"
    assert aid.checked_on == date(2024, 11, 18), "never updated: the day it was created"
    assert page.schemes[1].updated is None


def test_the_aid_on_energy_poverty(aids: dict[str, Scheme], page: CatalogueFile) -> None:
    aid = aids["160003"]
    assert aid.themes == ["precarite_energetique", "logement", "developpement_durable"]
    assert aid.kinds == ["subvention", "ingenierie"], "the CEE is read as a subvention"
    assert aid.stages == ["emergence", "experimentation", "consolidation", "changement_echelle"], "all three steps"
    assert (aid.territories, aid.level) == (["R84"], "regional")
    assert aid.recurrence == "permanent"
    assert aid.deadlines == [] and aid.opens_on == date(2024, 9, 1)
    assert aid.short_name == "SLIME" and aid.programme == "CEE - Programme SLIME"
    assert page.schemes[2].updated == datetime(2025, 6, 30, 10, 15, tzinfo=timezone(timedelta(hours=2)))


def test_a_local_variant_is_grouped_under_its_national_aid(aids: dict[str, Scheme]) -> None:
    national, local = aids["160004"], aids["160005"]
    assert (national.territories, national.level, national.parent_id) == (["FR"], "national", "")
    assert national.kinds == ["subvention", "appel_projets"]
    assert local.parent_id == national.id == incoming_id(ORIGIN, "160004")
    assert (local.territories, local.level) == (["E200068781"], "intercommunal")
    assert local.kinds == ["subvention", "avance"]
    assert local.amount_max == Decimal(30000)
    assert local.constraints == "Avance récupérable d'un montant maximum de 30\u202f000\u00a0€."
    assert all(aid.parent_id == "" for key, aid in aids.items() if key != "160005")


def test_an_aid_missing_most_keys_is_kept_with_its_name(aids: dict[str, Scheme]) -> None:
    aid = aids["160006"]
    assert aid.name == "Aide dont presque rien n'est dit"
    assert aid == Scheme(id=incoming_id(ORIGIN, "160006"), name="Aide dont presque rien n'est dit",
                         source_title="Aides-territoires", origin=ORIGIN, origin_key="160006")


def test_an_ad_hoc_perimeter_is_kept_in_words(aids: dict[str, Scheme]) -> None:
    aid = aids["160007"]
    assert (aid.territories, aid.territory_note, aid.level) == (
        [], "Communes de moins de 3 500 habitants de la Drôme", "")
    assert aid.kinds == ["pret"], "« Autre aide financière » gives no kind"
    assert aid.amount_max == Decimal(100000)
    assert aid.constraints == "Prêt d'un montant maximum de 100\u202f000\u00a0€."
    assert aid.audiences == ["commune", "public-cies"]
    assert aid.themes == ["commerce_proximite"]
    assert aid.description.endswith("\n\nAutres thématiques selon Aides-territoires : Culture, sports et loisirs / "
                                    "Musée.")


def test_a_call_bringing_only_engineering_brings_no_money(aids: dict[str, Scheme]) -> None:
    aid = aids["160008"]
    assert aid.kinds == ["appel_projets", "ingenierie"] and aid.without_money
    assert (aid.territories, aid.level) == (["C38185"], "communal")
    assert aid.themes == ["inclusion_numerique"]
    assert aid.constraints == "Prestation payante."
    assert not any(a.without_money for key, a in aids.items() if key != "160008")


# The Django era


def test_the_django_dump_is_complete_and_reads_plural_labels(dump: dict[str, Scheme]) -> None:
    catalogue = read("export-django.json")
    assert catalogue.complete and catalogue.problems == []
    assert catalogue.label == "Aides-territoires (export-django.json), export complet du 05/11/2021, 4 aides"
    seniors, grocery, coast, network = (dump[key] for key in ("52001", "52002", "52003", "52004"))
    assert seniors.audiences == ["commune", "public-org", "association"]
    assert coast.audiences == ["commune", "special", "public-cies", "private-person", "farmer"]
    assert network.audiences == ["department", "region", "public-org", "private-sector", "researcher"]
    assert grocery.audiences == ["ccas", "association"], "« centres communaux d'action sociale » in the eligibility"
    assert seniors.themes == ["bien_vieillir", "handicap"], "« Thème|Catégorie »"
    assert coast.themes == ["developpement_durable"]
    assert network.themes == ["autre"]
    assert network.description.endswith("Autres thématiques selon Aides-territoires : Fonctions support / "
                                        "Animation et mise en réseau.")


def test_django_perimeters_and_plain_text(dump: dict[str, Scheme]) -> None:
    assert (dump["52001"].territories, dump["52001"].level) == (["D26"], "departemental")
    assert (dump["52002"].territories, dump["52002"].level) == (["C26362"], "communal"), "Valence, 26000"
    assert (dump["52003"].territories, dump["52003"].territory_note) == ([], "Communes littorales")
    assert (dump["52004"].territories, dump["52004"].level) == (["FR"], "national")
    assert dump["52001"].description.split("\n") == [
        "Financement d'actions collectives de prévention :", "ateliers équilibre, nutrition, mémoire.", "",
        "Les actions doivent être gratuites pour les participants.", "",
        "Nom initial : Prévention de la perte d'autonomie."]
    assert dump["52001"].kinds == ["subvention", "ingenierie"]
    assert dump["52002"].kinds == ["pret"] and dump["52002"].amount_max == Decimal(20000)
    assert dump["52004"].kinds == ["avance"] and dump["52004"].amount_max == Decimal(15000)
    assert dump["52002"].recurrence == "annuel" and dump["52004"].recurrence == ""
    assert dump["52004"].checked_on == date(2021, 5, 5)


def test_a_dump_holding_fewer_aids_than_it_counts_is_not_complete() -> None:
    data = fixture_data("export-django.json")
    data["count"] = 5
    assert not read_aides_territoires_data(data).complete


# Several pages, a bare list


def test_pages_saved_one_after_another_make_one_listing() -> None:
    catalogue = read("pages-concatenees.json")
    assert catalogue.complete, "/api/aids/all/ unfiltered, the last page there, 3 distinct aids out of 3"
    assert catalogue.label == "Aides-territoires (pages-concatenees.json), 2 pages, 3 aides"
    aids = schemes_of(catalogue)
    assert sorted(aids) == ["170001", "170002", "170003"]
    assert aids["170002"].name == "Jardins partagés (version du 9 mars)", "the copy updated last"
    assert [item.updated for item in catalogue.schemes if item.scheme.origin_key == "170002"] == [
        datetime(2026, 3, 9, 10, tzinfo=UTC)]


def pages() -> list[dict[str, Any]]:
    text = (FIXTURES / "pages-concatenees.json").read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    first, end = decoder.raw_decode(text)
    second, _end = decoder.raw_decode(text, end + 1)
    return [first, second]


def test_a_list_of_pages_is_read_as_the_pages() -> None:
    catalogue = read_aides_territoires_data(pages(), "pages.json")
    assert catalogue.complete
    assert catalogue.label == "Aides-territoires (pages.json), 2 pages, 3 aides"


def test_a_missing_page_a_search_or_a_lone_page_is_not_complete() -> None:
    first, second = pages()
    assert not read_aides_territoires_data(first).complete, "the last page is missing"
    assert not read_aides_territoires_data(second).complete, "the first page is missing"
    searched = [dict(first, next=first["next"] + "&organization_type_slugs=commune"), second]
    assert not read_aides_territoires_data(searched).complete, "a search lists only what matched"
    ordered = [dict(first, next=first["next"] + "&orderBy=date_created"), second]
    assert read_aides_territoires_data(ordered).complete, "sorting filters nothing"
    lone = dict(first, count=2, next=None, results=first["results"])
    assert not read_aides_territoires_data(lone).complete, "which listing a lone page is cannot be told"


def test_a_bare_list_of_aids_and_a_lone_aid() -> None:
    catalogue = read("liste-aides.json")
    assert not catalogue.complete
    assert catalogue.label == "Aides-territoires (liste-aides.json), 2 aides"
    aids = schemes_of(catalogue)
    assert aids["180001"].themes == ["acces_droits", "inclusion_numerique"]
    assert aids["180002"].themes == ["emploi_insertion", "mobilite"]
    lone = read_aides_territoires_data(fixture_data("liste-aides.json")[1])
    assert [item.scheme.name for item in lone.schemes] == ["Plateforme de mobilité inclusive"]


def test_what_looks_like_aides_territoires() -> None:
    assert looks_like_aides_territoires(fixture_data("page-courante.json"))
    assert looks_like_aides_territoires(fixture_data("export-django.json"))
    assert looks_like_aides_territoires(fixture_data("liste-aides.json"))
    assert looks_like_aides_territoires(pages())
    assert looks_like_aides_territoires({"count": 0, "next": None, "previous": None, "results": []})
    backers = {"count": 1, "next": None, "previous": None, "results": [{"id": 3, "name": "CAF", "logo": None}]}
    for other in ("bonjour", 12, None, {"foo": 1}, [], [1, 2], backers, [{"id": 1, "name": "Sans rien d'autre"}]):
        assert not looks_like_aides_territoires(other), other


# Records refused, the others kept


def test_a_record_that_cannot_be_read_is_a_problem_and_the_others_are_kept() -> None:
    catalogue = read("aides-a-refuser.json")
    assert sorted(schemes_of(catalogue)) == ["200001", "200008"]
    assert [str(problem) for problem in catalogue.problems] == [
        "aide 200002 : Un taux va de 0 à 100 %.",
        ("aide 200003 : Date limite de dépôt (submission_deadline) : date illisible « 2025-13-45 » (AAAA-MM-JJ "
         "attendu)."),
        "élément 4 : Aide sans identifiant (id) : elle ne pourrait pas être retrouvée à la prochaine mise à jour.",
        "élément 5 : Cet élément n'est pas une aide (un objet JSON était attendu).",
        "aide 200006 : Le nom du dispositif est obligatoire.",
        "aide 200007 : Montant du prêt (loan_amount) : « beaucoup » n'est pas un nombre.",
    ]
    assert schemes_of(catalogue)["200008"].territory_note == "Saint-Martin (commune)", "many communes have it"


def test_every_scheme_read_passes_validation() -> None:
    for path in sorted(FIXTURES.glob("*.json")):
        for item in read_aides_territoires(path).schemes:
            assert validate_scheme(item.scheme) == [], (path.name, item.place)


def test_hostile_html_leaves_no_script_no_style_and_no_control_character() -> None:
    catalogue = read("description-piegee.json")
    assert catalogue.problems == []
    trapped, long = (item.scheme for item in catalogue.schemes)
    assert trapped.name == "Aide au portage de repas"
    assert trapped.description == "Portage de repas à domicile.\nDeuxième paragraphe."
    assert trapped.eligibility == "Communes."
    assert trapped.contact == "Écrire au service", "a javascript: link gives no address"
    assert trapped.application_url == "", "only web addresses are kept"
    for scheme in (trapped, long):
        for text in texts_of(scheme):
            for hidden in ("pirate", "cookie", "alert", "color", "commentaire", "robots", "cadre", "<", ">"):
                assert hidden not in text, (hidden, text)
            assert all(unicodedata.category(c) not in ("Cc", "Cf") or c == "\n" for c in text), repr(text)
    assert len(long.name) == 300 and long.name.endswith("…")


def texts_of(scheme: Scheme) -> list[str]:
    texts: list[str] = []
    for item in fields(scheme):
        value = getattr(scheme, item.name)
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, list):
            texts.extend(text for text in value if isinstance(text, str))
    return texts


# Files that cannot be read


def write(tmp_path: Path, content: bytes, name: str = "aides.json") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def truncated() -> bytes:
    whole = (FIXTURES / "page-courante.json").read_bytes()
    return whole[:len(whole) // 2]


@pytest.mark.parametrize(("content", "said"), [
    (truncated(), "s'arrête au milieu des données : il est incomplet"),
    (b'{"count": 1, "results": [{"id": 1, "name": "Aide"', "s'arrête au milieu des données"),
    (b'{"count": 1,, "results": []}', "est un JSON abîmé (ligne 1, colonne 13)"),
    (b"Nom;Financeur\nAide;CAF\n", "n'est pas du JSON"),
    (b"<!DOCTYPE html><html><body>Aides-territoires</body></html>", "est une page web (HTML)"),
    (b'"bonjour"', "est bien du JSON, mais pas des aides d'Aides-territoires"),
    (b'{"foo": 1}', "est bien du JSON, mais pas des aides d'Aides-territoires"),
    (b"42", "est bien du JSON, mais pas des aides d'Aides-territoires"),
    (b"[]", "ne contient aucune aide"),
    ('{"name": "Aide énergétique"}'.encode("latin-1"), "n'est pas un texte en UTF-8"),
    (b"  \n", "est vide"),
    (b'{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Cette aide n\'existe pas"}',
     "contient une réponse d'erreur d'Aides-territoires (« Cette aide n'existe pas »)"),
    ((FIXTURES / "liste-aides.json").read_bytes() + b'\n{"foo": 1}', "est bien du JSON, mais pas des aides"),
    (b'{"count": 1, "next": null, "previous": null, "results": [' + b"1" * 5000 + b"]}", "nombre démesuré"),
    (b"[" * 100_000, "est un JSON trop imbriqué pour être lu"),
])
def test_a_file_that_cannot_be_read_is_refused_in_french(tmp_path: Path, content: bytes, said: str) -> None:
    with pytest.raises(ImportFileError) as refusal:
        read_aides_territoires(write(tmp_path, content))
    message = str(refusal.value)
    assert message.startswith("Le fichier « aides.json » ") and said in message, message
    assert not any(word in message for word in PYTHON_WORDS), message


def test_a_deeply_nested_file_is_refused_in_french(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=re.escape("« aides.json » est un JSON trop imbriqué")):
        read_aides_territoires(write(tmp_path, b"[" * 100_000 + b"]" * 100_000))


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, (FIXTURES / "liste-aides.json").read_bytes())
    monkeypatch.setattr(incoming, "MAX_IMPORT_BYTES", 100)

    def no_reading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(ImportFileError) as refusal:
        read_aides_territoires(path)
    assert str(refusal.value) == (
        f"Le fichier « aides.json » est trop gros ({path.stat().st_size // 1024} Ko) : Essaim ne lit pas de "
        "catalogue de plus de 100 octets. Enregistrez les pages d'Aides-territoires dans plusieurs fichiers.")


def test_a_missing_file_is_refused_in_french(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=re.escape("« absent.json » est introuvable")):
        read_aides_territoires(tmp_path / "absent.json")


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + (FIXTURES / "liste-aides.json").read_bytes())
    assert len(read_aides_territoires(path).schemes) == 2


def test_parsed_data_of_a_wrong_shape_is_refused_in_french() -> None:
    with pytest.raises(ImportFileError, match=r"^Le fichier « x\.json » est bien du JSON, mais pas des aides"):
        read_aides_territoires_data({"foo": 1}, "x.json")
    with pytest.raises(ImportFileError, match=r"^Le fichier est bien du JSON"):
        read_aides_territoires_data("bonjour")


# The pieces


@pytest.mark.parametrize(("markup", "text"), [
    ("<p>Un&nbsp;:</p>\r\n<p>deux</p>", "Un :\ndeux"),
    ("<ul><li>a</li><li><p>b</p></li></ul>fin", "– a\n– b\nfin"),
    ("<h3>Titre</h3>Texte<br>suite<br/>fin", "Titre\nTexte\nsuite\nfin"),
    ("<p>R&amp;D &lt;b&gt; &eacute;t&eacute; &#8211; &#x2019;</p>", "R&D <b> été – ’"),
    ("<p>Voir <a href='https://x.fr/a'>ici</a> ou https://x.fr/b via <a href='https://x.fr/b'>https://x.fr/b</a></p>",
     "Voir ici (https://x.fr/a) ou https://x.fr/b via https://x.fr/b"),
    ("<script>var a = '<p>';</script><style>p {}</style><p>visible</p><!-- caché -->", "visible"),
    ("<p>ouvert <!-- jamais fermé <p>caché", "ouvert"),
    ("Texte brut\r\nsur deux lignes\r\n\r\n\r\nAprès trois lignes vides &amp; R&D",
     "Texte brut\nsur deux lignes\n\nAprès trois lignes vides & R&D"),
    ("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"),
    ("<P STYLE='color: red'>Voir <A HREF='https://x.fr'>ici</A></P>", "Voir ici (https://x.fr)"),
    ("<p>\u0007sonnerie\u202e et\u200b espace</p>", "sonnerie et espace"),
    ("", ""),
])
def test_html_to_text(markup: str, text: str) -> None:
    assert html_to_text(markup) == text


def test_every_audience_label_and_slug_of_both_eras() -> None:
    current = ["Commune", "Intercommunalité / Pays", "Département", "Région",
               "Collectivité d’outre-mer à statut particulier", "Etablissement public dont services de l'Etat",
               "Entreprise publique locale (Sem, Spl, SemOp)", "Association", "Entreprise privée", "Particulier",
               "Agriculteur", "Recherche"]
    django = ["Communes", "Intercommunalités / Pays", "Départements", "Régions",
              "Collectivités d'outre-mer à statuts particuliers",
              "Établissements publics (écoles, bibliothèques…) / Services de l'État",
              "Entreprises publiques locales (Sem, Spl, SemOp)", "Associations", "Entreprises privées",
              "Particuliers", "Agriculteurs", "Recherche"]
    slugs = ["commune", "epci", "department", "region", "special", "public-org", "public-cies", "association",
             "private-sector", "private-person", "farmer", "researcher"]
    underscored = [slug.replace("-", "_") for slug in slugs]
    for labels in (current, django, underscored):
        record = {"id": 1, "name": "Aide", "targeted_audiences": labels}
        (item,) = read_aides_territoires_data(record).schemes
        assert item.scheme.audiences == slugs, labels
        assert item.scheme.eligibility == ""
    assert "ccas" not in AUDIENCES.values() and "cias" not in AUDIENCES.values()


def test_an_audience_essaim_does_not_know_is_named_in_the_eligibility() -> None:
    record = {"id": 1, "name": "Aide", "eligibility": "<p>Voir le règlement.</p>",
              "targeted_audiences": ["Commune", "Syndicats mixtes"]}
    (item,) = read_aides_territoires_data(record).schemes
    assert item.scheme.audiences == ["commune"]
    assert item.scheme.eligibility == ("Voir le règlement.\n\n"
                                       "Autres bénéficiaires selon Aides-territoires : Syndicats mixtes.")


@pytest.mark.parametrize(("category", "theme", "name", "themes"), [
    ("Solidarités / lien social / Personnes âgées", "Solidarités / lien social", "Personnes âgées",
     ("bien_vieillir",)),
    ("Solidarités / lien social|Handicap", "Solidarités / lien social", "Handicap", ("handicap",)),
    ("Solidarités / lien social / Égalité des chances", "Solidarités / lien social", "Égalité des chances",
     ("lien_social",)),
    ("Énergies / Déchets|Réseaux de chaleur", "Énergies / Déchets", "Réseaux de chaleur",
     ("developpement_durable",)),
    ("Développement économique / production et consommation / Agriculture et agroalimentaire",
     "Développement économique / production et consommation", "Agriculture et agroalimentaire", ()),
    ("Culture, sports et loisirs", "Culture, sports et loisirs", "", ()),
])
def test_categories_split_on_their_last_separator(category: str, theme: str, name: str,
                                                  themes: tuple[str, ...]) -> None:
    assert split_category(category) == (theme, name)
    assert themes_of_category(category) == themes


@pytest.mark.parametrize(("perimeter", "scale", "territories", "note", "level"), [
    ("France", "Pays", ("FR",), "", "national"),
    ("Europe", "Continent", ("FR",), "", "europeen"),
    ("Métropole", "Métropole", ("R11", "R24", "R27", "R28", "R32", "R44", "R52", "R53", "R75", "R76", "R84", "R93",
                                "R94"), "", "national"),
    ("Outre-mer", 16, ("R01", "R02", "R03", "R04", "R06"), "", "national"),
    ("Auvergne-Rhône-Alpes (Région)", None, ("R84",), "", "regional"),
    ("Corse-du-Sud", "Département", ("D2A",), "", "departemental"),
    ("Grenoble-Alpes-Métropole", "epci", ("E200040715",), "", "intercommunal"),
    ("Ajaccio (Commune – 20000, 20090)", None, ("C2A004",), "", "communal"),
    ("38185", "commune", ("C38185",), "", "communal"),
    ("Valence", "commune", (), "Valence (commune)", "communal"),
    ("Bassin Rhône-Méditerranée", "Bassin hydrographique", (), "Bassin Rhône-Méditerranée", ""),
    ("GAL Pays de Vienne (LEADER)", "Ad-hoc", (), "GAL Pays de Vienne (LEADER)", ""),
    ("Isère", None, ("D38",), "", "departemental"),
])
def test_perimeters(perimeter: str, scale: object, territories: tuple[str, ...], note: str, level: str) -> None:
    area = PerimeterReader(load_territories()).area(perimeter, scale)
    assert (area.territories, area.note, area.level) == (territories, note, level)


def test_numbers_written_as_text_or_with_many_decimals() -> None:
    record = {"id": 1, "name": "Aide", "subvention_rate_upper_bound": 33.333333333, "loan_amount": "12 500,5"}
    (item,) = read_aides_territoires_data(record).schemes
    assert item.scheme.rate_max == Decimal("33.333333")
    assert item.scheme.amount_max == Decimal("12500.5")


def test_html_read_token_by_token_keeps_what_a_reader_sees() -> None:
    markup = ('<!DOCTYPE html><?xml version="1.0"?><p>Taux &lt; 80&nbsp;% si a < b</p>'
              '<ul><li><a href="https://example.fr/?a=1&amp;b=2">le guide</a></li><li>deux</li></ul>'
              "<script>if (a<b) { document.write('</p>') }</script><P CLASS='x'>Fin<br/>ligne</P>")
    assert html_to_text(markup).split("\n") == [
        "Taux < 80 % si a < b", "– le guide (https://example.fr/?a=1&b=2)", "– deux", "Fin", "ligne"]


@pytest.mark.parametrize(("text", "energy"), [
    ("Lutte contre la PRÉCARITÉ ÉNERGÉTIQUE des ménages", True),
    ("Précarités  énergétiques : repérage", True),
    ("precarite energetique", True),
    ("Rénovation énergétique des bâtiments", False),
    ("Précarité alimentaire et énergie solaire", False),
])
def test_energy_poverty_is_named_in_any_case(text: str, energy: bool) -> None:
    assert names_energy_poverty(text) is energy


@pytest.mark.parametrize(("text", "audiences"), [
    ("Sont éligibles les CCAS et les CIAS.", ["ccas", "cias"]),
    ("Les Centres Communaux d'Action Sociale peuvent candidater.", ["ccas"]),
    ("Les ccas ne sont pas éligibles.", []),
    ("Projets d'action sociale portés par des associations.", []),
    ("Dans ce cas, les communes déposent le dossier.", []),
])
def test_ccas_and_cias_are_read_in_any_case(text: str, audiences: list[str]) -> None:
    assert named_audiences(text) == audiences
