"""The catalogue of funding and support schemes shipped with Essaim (`db/seed/catalogue.json`): the checks a
reviewer would make against the inventory of the schemes named in the sources and against the sources themselves.

The sources are the SGMAP–CGET report « Ensemble, accélérons ! » (December 2015: the Avise map and the map of
schemes supporting the spread of public innovations in annex 2), the UNCCAS study « Fabriquer » (2019: the funding
open to CCAS/CIAS by level, trainings, support, networks, events) and the Oural report « L'innovation au pouvoir ! »
(April 2015). The inventory lists 124 schemes in its sections A to F, one catalogue entry each; its section G holds
the reports' proposals, which are not existing schemes and stay out. The project has no catalogue loader yet: the
small one below builds `Scheme` records the way the application will (origin « catalogue », origin key = the key).
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.codec import from_dict
from app.domain.schemes import Scheme, SchemeOrigin, is_open, validate_scheme
from app.domain.vocabulary import (
    CALL_KINDS,
    MONEY_KINDS,
    Audience,
    FundingKind,
    FundingLevel,
    ProjectPhase,
    Recurrence,
    SchemeStatus,
    Theme,
)
from app.locations import migrations_dir

CATALOGUE_PATH = migrations_dir() / "seed" / "catalogue.json"


@dataclass(frozen=True)
class CatalogueEntry:
    key: str
    parent_key: str
    scheme: Scheme


def load_catalogue(path: Path = CATALOGUE_PATH) -> list[CatalogueEntry]:
    """The shipped catalogue as `Scheme` records: origin « catalogue », origin key = the entry's stable key. A local
    variant names the scheme it belongs to by `parent_key`; ids, and so `parent_id`, are given when the store saves
    the records."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = []
    for raw in data["schemes"]:
        scheme = from_dict(Scheme, raw)  # `key` and `parent_key` are not fields: from_dict leaves them out
        scheme.origin = SchemeOrigin.CATALOGUE.value
        scheme.origin_key = raw["key"]
        entries.append(CatalogueEntry(raw["key"], raw.get("parent_key", ""), scheme))
    return entries


RAW = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
ENTRIES = load_catalogue()
BY_KEY = {entry.key: entry.scheme for entry in ENTRIES}

# One catalogue entry per line of the inventory's sections A–F (`shared/domain/schemes-inventory.md`, §3a). Keys are
# stable: once shipped, a key never changes (an update from the catalogue finds a scheme again by it).
INVENTORY: dict[str, str] = {
    "A01": "avise-dla", "A02": "avise-crib", "A03": "avise-structures-paritaires",
    "A04": "avise-points-appui-vie-associative", "A05": "avise-passerelles-et-competences",
    "A06": "avise-pro-bono-lab", "A07": "avise-makesense", "A08": "avise-reseaux-associatifs-federations",
    "A09": "avise-dispositifs-territoriaux", "A10": "avise-scale-up-antropia", "A11": "avise-ashoka-programme-impact",
    "A12": "avise-pins-fondation-macif", "A13": "avise-la-france-s-engage", "A14": "avise-dasi-adasi",
    "A15": "avise-fabriques-a-initiatives", "A16": "avise-transfert-savoir-faire",
    "A17": "avise-fonds-de-confiance-france-active", "A18": "avise-incubateurs-locaux",
    "A19": "avise-ansa-accelerateur-emploi-chomeurs-longue-duree", "B01": "sgmap-cget-defense-mip-prix-audace",
    "B02": "sgmap-cget-menesr-demarche-innovation", "B03": "sgmap-cget-menesr-prix-impulsion",
    "B04": "sgmap-cget-menesr-e-fran", "B05": "sgmap-cget-fej", "B06": "sgmap-cget-gendarmerie-ateliers-performance",
    "B07": "sgmap-cget-apie", "B08": "sgmap-cget-val-d-oise-zip-95", "B09": "sgmap-cget-futurs-publics",
    "C01": "sgmap-cget-unccas-banque-experiences", "C02": "sgmap-cget-unccas-prix-innovation-sociale-locale",
    "C03": "sgmap-cget-unccas-trophee-energie", "C04": "sgmap-cget-unccas-soutien-bien-vieillir",
    "C05": "sgmap-cget-semaine-innovation-publique", "C06": "sgmap-cget-h2020-smart-cities", "C07": "sgmap-cget-pia",
    "C08": "sgmap-cget-labo-ess", "C09": "sgmap-cget-mouves-marseille-solutions", "D01": "unccas-fse",
    "D02": "unccas-eser-2019", "D03": "unccas-easi-progress", "D04": "unccas-feder", "D05": "unccas-leader",
    "D06": "unccas-aap-hebergement-acces-logement", "D07": "unccas-territoires-d-innovation",
    "D08": "unccas-french-impact-2018", "D09": "unccas-aap-departements-regions",
    "D10": "unccas-aap-bien-vieillir-2018", "D11": "unccas-conference-financeurs-perte-autonomie",
    "D12": "unccas-fiso", "D13": "unccas-portail-dauphin", "D14": "unccas-programmes-regions-metropoles",
    "D15": "unccas-pays-de-la-loire-innovation", "D16": "unccas-subventions-annuelles-departement-commune",
    "D17": "unccas-agences-regionales-innovation", "D18": "unccas-mecenat-collectivite",
    "D19": "unccas-fondations-partenaires-unccas", "D20": "unccas-financements-ess",
    "D21": "unccas-ditp-aap-labs-2016", "D22": "unccas-ditp-aap-thematiques", "D23": "unccas-concours-futurs-publics",
    "E01": "unccas-fabrique-ccas-cias", "E02": "unccas-ditp-comment-faire", "E03": "unccas-opsi-ocde",
    "E04": "unccas-ditp-mooc-lab-innovation-publique", "E05": "unccas-formations-unccas",
    "E06": "unccas-formations-cnfpt", "E07": "unccas-cnfpt-e-communaute", "E08": "unccas-cnfpt-defis-territoriaux",
    "E09": "unccas-ditp-campus", "E10": "unccas-27e-region-mailing-list", "E11": "unccas-ditp-coach-projet",
    "E12": "unccas-communaute-futurs-publics", "E13": "unccas-journees-echanges-matinales-rh",
    "E14": "unccas-speed-datings-projets", "E15": "unccas-27e-region-journees-decouvertes",
    "E16": "unccas-aventuriers-innovation-publique", "E17": "unccas-innovater", "E18": "unccas-la-27e-region",
    "E19": "unccas-fp21", "E20": "unccas-congres-parcours-innovation", "E21": "unccas-trophees-ccas-cias",
    "E22": "unccas-trophees-gazette-gmf-mnt", "E23": "unccas-outils-communication-unccas",
    "E24": "unccas-lab-occitanie-montpellier", "F01": "oural-paca-lights", "F02": "oural-noov-lr",
    "F03": "oural-referentiel-innovation-nouvelle-generation", "F04": "oural-france-active-fonds-territorial-alsace",
    "F05": "oural-financement-participatif", "F06": "oural-participation-capital-scic",
    "F07": "oural-partenariat-innovation", "F08": "oural-pret-taux-zero-champ-commun", "F09": "oural-nord-actif",
    "F10": "oural-cite-lab", "F11": "oural-concours-talents-des-cites",
    "F12": "oural-agrement-atelier-chantier-insertion", "F13": "oural-dispositifs-cg-etat-insertion",
    "F14": "oural-clauses-insertion-marches-publics", "F15": "oural-prix-national-jeunes-entrepreneurs-solidaires",
    "F16": "oural-bretagne-aap-tourisme-innovant", "F17": "oural-fonds-intervention-services-artisanat-commerce",
    "F18": "oural-pia-culture-scientifique-egalite-chances", "F19": "oural-poles-competitivite",
    "F20": "oural-label-pole-excellence-rurale", "F21": "oural-feoga", "F22": "oural-ademe",
    "F23": "oural-anr-bpifrance", "F24": "oural-interreg", "F25": "oural-fondation-de-france-carsat",
    "F26": "oural-gniac-gain", "F27": "oural-bleu-blanc-zebre", "F28": "oural-ecossolies-incubateur-nantes",
    "F29": "oural-cellule-experimentation-paris-ile-de-france", "F30": "oural-comptoir-innovation-seine-saint-denis",
    "F31": "oural-reacteur-public", "F32": "oural-territoire-camp", "F33": "oural-start-up-d-etat",
    "F34": "oural-reporters-d-espoirs", "F35": "oural-cooperative-tiers-lieux-aquitaine",
    "F36": "oural-observatoire-biovallee", "F37": "oural-cper-2015-2020", "F38": "oural-droit-experimentation",
    "F39": "oural-prix-projet-citoyen-union-architectes", "F40": "oural-laboratoires-usages-numeriques-auvergne",
}

EXPIRED = {"A13", "C06", "D02", "D08", "D10", "D21", "D23", "F31"}
"""The items the inventory marks ⌛: closed or discontinued at the date of their source."""

SGMAP_CGET = ("SGMAP – CGET, « Ensemble, accélérons ! Accompagner les acteurs de l'innovation dans leur changement "
              "d'échelle », rapport, décembre 2015")
UNCCAS_STUDY = "« Fabriquer — Émergence des structures innovantes : Laboratoires & Fabriques »"
OURAL = ("Akim Oural, « L'innovation au pouvoir ! Pour une action publique réinventée au service des territoires », "
         "rapport établi avec l'appui du SGMAP, remis à la ministre de la Décentralisation et de la Fonction publique, "
         "avril 2015")
SOURCES = {"000": (SGMAP_CGET, date(2015, 12, 1)), "003": (UNCCAS_STUDY, date(2019, 1, 1)),
           "004": (OURAL, date(2015, 4, 1))}
"""Each seed's title and the date the catalogue gives it (the first day of the month or year the source gives)."""
SECTION_SOURCE = {"A": "000", "B": "000", "C": "000", "D": "003", "E": "003", "F": "004"}

LEVEL_NOT_SAID = {"A02", "A04", "A09", "A18", "F06", "F08", "F14", "F36"}
"""Local offers whose echelon (communal, intercommunal, departmental…) the sources do not give."""

PRINTED_ADDRESSES = {
    "http://www.modernisation.gouv.fr/semaine-innovation-publique",
    "http://www.la27eregion.fr/",
    "http://www.la27eregion.fr/reacteur-public/",
    "http://www.reportersdespoirs.org/qui-sommes-nous/",
    ("http://emergences-numeriques.regionpaca.fr/innovation-et-economie-numeriques/programme-paca-labs-2014-2020/"
     "pacalights.html"),
}
"""The only web addresses in the catalogue: each is printed in a seed (the Oural report's footnotes)."""

TERRITORY = re.compile(r"FR|R\d{2}|D(\d{2,3}|2A|2B)|E\d{9}|C(\d{5}|2[AB]\d{3})")
KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
SEED_REF = re.compile(r"\((00[034]):\d+")
FORBIDDEN = {"id", "origin", "origin_key", "parent_id", "notes"}
SCHEME_FIELDS = {field.name for field in dataclasses.fields(Scheme)}


def scheme(inventory_id: str) -> Scheme:
    return BY_KEY[INVENTORY[inventory_id]]


def texts(item: Scheme) -> str:
    return " ".join([item.name, item.short_name, item.programme, item.description, item.eligibility,
                     item.constraints, item.territory_note, item.next_round, *item.financers, *item.instructors])


def test_the_file_is_essaim_s_catalogue_with_a_french_note_on_what_empty_means() -> None:
    assert RAW["format"] == "essaim-catalogue"
    assert RAW["version"] == 1
    note = RAW["note"]
    for words in ("Ensemble, accélérons", "Fabriquer", "L'innovation au pouvoir", "vide", "date de la source"):
        assert words in note


def test_one_entry_per_scheme_of_the_inventory_sections_a_to_f() -> None:
    assert len(INVENTORY) == 124
    assert len(ENTRIES) == 124
    assert [entry.key for entry in ENTRIES] == list(INVENTORY.values()), "in the inventory's order"
    sizes = {section: sum(item.startswith(section) for item in INVENTORY) for section in "ABCDEF"}
    assert sizes == {"A": 19, "B": 9, "C": 9, "D": 23, "E": 24, "F": 40}


def test_keys_are_unique_stable_and_plain() -> None:
    keys = [entry.key for entry in ENTRIES]
    assert len(set(keys)) == len(keys)
    assert set(INVENTORY.values()) <= set(keys), "a shipped key never disappears nor changes"
    for key in keys:
        assert KEY.fullmatch(key) and len(key) <= 60, key
    prefixes = {"A": "avise-", "B": "sgmap-cget-", "C": "sgmap-cget-", "D": "unccas-", "E": "unccas-", "F": "oural-"}
    for inventory_id, key in INVENTORY.items():
        assert key.startswith(prefixes[inventory_id[0]]), key


def test_every_entry_holds_only_fields_of_a_scheme_and_leaves_the_loader_s_own_to_it() -> None:
    for raw in RAW["schemes"]:
        assert not FORBIDDEN & set(raw), raw["key"]
        assert set(raw) <= (SCHEME_FIELDS - FORBIDDEN) | {"key", "parent_key"}, raw["key"]
    for entry in ENTRIES:
        assert entry.scheme.origin == "catalogue" and entry.scheme.origin_key == entry.key
        assert entry.scheme.id == "" and entry.scheme.parent_id == "" and entry.scheme.notes == ""


def test_every_entry_is_valid() -> None:
    for entry in ENTRIES:
        assert validate_scheme(entry.scheme) == [], entry.key
        assert entry.scheme.name.strip() and entry.scheme.description.strip(), entry.key


def test_every_code_is_known() -> None:
    for inventory_id, key in INVENTORY.items():
        item = BY_KEY[key]
        if inventory_id in LEVEL_NOT_SAID:
            assert item.level == "", key
        else:
            assert item.level in set(FundingLevel), key
        assert set(item.kinds) <= set(FundingKind), key
        assert set(item.audiences) <= set(Audience), key
        assert set(item.themes) <= set(Theme), key
        assert set(item.stages) <= set(ProjectPhase), key
        assert item.recurrence in {"", *Recurrence}, key
        assert item.status in set(SchemeStatus), key
        for codes in (item.kinds, item.audiences, item.themes, item.stages, item.territories):
            assert len(codes) == len(set(codes)), key
        for territory in item.territories:
            assert TERRITORY.fullmatch(territory), (key, territory)


def test_every_entry_names_its_source_its_date_and_the_passage_in_words() -> None:
    for inventory_id, key in INVENTORY.items():
        item = BY_KEY[key]
        seed = SECTION_SOURCE[inventory_id[0]]
        title, day = SOURCES[seed]
        assert title in item.source_title, key
        assert item.source_date == day, key
        assert item.checked_on is None, "not checked online since the source"
        refs = SEED_REF.findall(item.source_ref)
        assert refs and refs[0] == seed, (key, item.source_ref)
        words = re.findall(r"[A-Za-zÀ-ÿ]{4,}", SEED_REF.sub("", item.source_ref))
        assert len(words) >= 2, (key, item.source_ref)


def test_the_unccas_study_is_cited_with_its_authors() -> None:
    study = scheme("D01").source_title
    assert study.startswith("UNCCAS, « Fabriquer") and "2019" in study and "Paris 1" in study


def test_what_the_inventory_marks_closed_or_ended_is_so_and_nothing_else() -> None:
    for inventory_id, key in INVENTORY.items():
        item = BY_KEY[key]
        if inventory_id in EXPIRED:
            assert item.status in {SchemeStatus.FERME, SchemeStatus.ARRETE}, key
            assert not is_open(item, item.source_date or date.today()), key
            assert "fermé" in item.description or "arrêté" in item.description, "the entry says why"
        else:
            assert item.status == SchemeStatus.OUVERT, key


def test_no_proposal_of_the_reports_is_offered_as_a_scheme() -> None:
    proposals = ["subvention d'essaimage", "agents publics « parrains »", "fonction d'essaimage",
                 "accélérateurs publics", "France en Résidence", "Programme Innovation Territoriale", "PIA 3",
                 "fonds de garantie", "right to challenge", "titres à impact social", "monnaies locales",
                 "contrats de réciprocité", "meilleur essai", "réseau régional d'appui"]
    for entry in ENTRIES:
        found = [words for words in proposals if words.lower() in texts(entry.scheme).lower()]
        assert found == [], (entry.key, found)


def test_addresses_are_only_those_the_sources_print() -> None:
    for entry in ENTRIES:
        for address in (entry.scheme.application_url, entry.scheme.source_url):
            assert address == "" or address in PRINTED_ADDRESSES, (entry.key, address)


def test_a_local_variant_points_to_a_scheme_of_the_catalogue() -> None:
    variants = {entry.key: entry.parent_key for entry in ENTRIES if entry.parent_key}
    assert variants == {INVENTORY["D15"]: INVENTORY["D14"]}
    for key, parent in variants.items():
        assert parent in BY_KEY and parent != key and parent not in variants


def test_regions_of_2015_are_today_s_regions_with_the_old_name_in_words() -> None:
    old_names = {"F02": ("R76", "Languedoc-Roussillon"), "F04": ("R44", "Alsace"), "F35": ("R75", "Aquitaine"),
                 "F40": ("R84", "Auvergne")}
    for inventory_id, (region, old_name) in old_names.items():
        item = scheme(inventory_id)
        assert item.territories == [region] and old_name in item.territory_note, inventory_id
    assert scheme("F01").territories == ["R93"] and scheme("D15").territories == ["R52"]
    assert scheme("F16").territories == ["R53"] and scheme("F29").territories == ["R11"]
    assert scheme("B08").territories == ["D95"] and scheme("F17").territories == ["D56"]


def test_the_avise_map_gives_the_phase_and_the_report_says_who_supports_scaling() -> None:
    consolidation = ["A01", "A02", "A03", "A04", "A08", "A09"]
    also_la_france_s_engage_partners = ["A05", "A06", "A07"]  # « accompagnement au changement d'échelle » (000:430)
    scaling = ["A10", "A11", "A12", "A13", "A14", "A15", "A16", "A17", "A18", "A19"]
    for inventory_id in consolidation:
        assert scheme(inventory_id).stages == ["consolidation"], inventory_id
        assert scheme(inventory_id).supports_scaling is None, inventory_id
    for inventory_id in also_la_france_s_engage_partners:
        assert scheme(inventory_id).stages == ["consolidation", "changement_echelle"], inventory_id
        assert scheme(inventory_id).supports_scaling is True, inventory_id
    for inventory_id in scaling:
        assert scheme(inventory_id).stages == ["changement_echelle"], inventory_id
        assert scheme(inventory_id).supports_scaling is True, inventory_id


def test_the_dla_lasts_three_to_five_days() -> None:
    dla = scheme("A01")
    assert dla.short_name == "DLA"
    assert "3 à 5 jours" in dla.description and "6400 structures accompagnées en 2014" in dla.description
    assert dla.kinds == ["accompagnement"] and dla.level == "national"


def test_la_france_s_engage_ended_with_the_presidential_term_in_2017() -> None:
    engage = scheme("A13")
    assert engage.status == SchemeStatus.ARRETE
    assert "2017" in engage.description and "fin du mandat présidentiel" in engage.description
    assert engage.recurrence == "permanent" and "label" in engage.kinds
    assert engage.supports_scaling is True
    assert set(engage.audiences) == {"private-person", "association", "private-sector"}


def test_two_unccas_study_calls_carry_their_amounts() -> None:
    housing = scheme("D06")
    assert housing.amount_max == Decimal("150000") and housing.amount_min is None
    assert "1,5 million d'euros" in housing.description
    assert {"ccas", "association"} <= set(housing.audiences)
    labs = scheme("D21")
    assert labs.amount_min == labs.amount_max == Decimal("250000")
    assert "deux ans" in labs.description and labs.status == SchemeStatus.ARRETE
    assert "ccas" not in labs.audiences, "the 2016 call was for the State's deconcentrated services"
    fiso = scheme("D12")
    assert "20 millions d'euros" in fiso.description and set(fiso.kinds) == {"avance", "pret"}


def test_eser_closed_on_its_deadline() -> None:
    eser = scheme("D02")
    assert [(deadline.on, deadline.label) for deadline in eser.deadlines] == [
        (date(2019, 1, 31), "Clôture de l'appel à manifestations d'intérêt")]
    assert eser.status == SchemeStatus.FERME


@pytest.mark.parametrize("inventory_id", ["D01", "D03", "D04", "D05", "D06", "D09", "D10", "D12", "D14"])
def test_funding_the_unccas_study_opens_to_ccas_names_them(inventory_id: str) -> None:
    assert {"ccas", "cias"} <= set(scheme(inventory_id).audiences)


def test_funding_the_sources_reserve_to_others_does_not_name_ccas() -> None:
    annual = scheme("D16")
    assert annual.audiences == ["association"] and "loi du 1er juillet 1901" in annual.eligibility
    assert "ccas" not in scheme("D13").audiences and "ccas" not in scheme("D02").audiences
    assert "ccas" not in scheme("D15").audiences and "private-sector" in scheme("D15").audiences
    internal = ["B01", "B02", "B03", "B06", "B07"]
    assert all(scheme(inventory_id).audiences == [] for inventory_id in internal), "agents of one administration"


def test_the_study_s_constraints_follow_each_category() -> None:
    for inventory_id in ["D01", "D02", "D06", "D07", "D08", "D09", "D10"]:
        assert "« Temporalité de l'appel d'offres »" in scheme(inventory_id).constraints, inventory_id
    for inventory_id in ["D03", "D04", "D05", "D12", "D13", "D14", "D15", "D16"]:
        assert "« Financement ponctuel »" in scheme(inventory_id).constraints, inventory_id
    assert "« l'analyse approfondie des attentes des mécènes »" in scheme("D18").constraints
    for inventory_id in ["E04", "E05", "E06"]:
        assert "temps de travail de l'agent" in scheme(inventory_id).constraints, inventory_id
    assert "« La qualité des universités d'été est variable »" in scheme("E08").constraints
    assert "disponibilité et les compétences de l'accompagnant" in scheme("E11").constraints


def test_calls_without_money_bring_none() -> None:
    without = {key for key, item in BY_KEY.items() if item.without_money}
    assert without == {INVENTORY["E08"], INVENTORY["E09"]}
    for key in without:
        assert set(BY_KEY[key].kinds) & MONEY_KINDS <= CALL_KINDS, ("a call without money, nothing else", key)
    assert "Pas de subventions" in scheme("E06").description


def test_the_ditp_mooc_has_nine_sessions_over_nine_weeks_open_to_any_public_agent() -> None:
    mooc = scheme("E04")
    assert "9 séances étalées sur 9 semaines" in mooc.description and "Au-delà du lab" in mooc.description
    assert "6 500 et 7 000 participants" in mooc.description
    assert {"ccas", "cias", "public-org"} <= set(mooc.audiences) and mooc.kinds == ["formation"]


def test_paca_lights_gives_two_thousand_then_ten_thousand_euros() -> None:
    paca = scheme("F01")
    assert (paca.amount_min, paca.amount_max) == (Decimal("2000"), Decimal("10000"))
    assert "novembre 2014" in paca.description and paca.status == SchemeStatus.OUVERT
    assert paca.stages == ["emergence", "experimentation"]


def test_the_amounts_are_those_of_the_sources() -> None:
    amounts = {entry.key: (entry.scheme.amount_min, entry.scheme.amount_max) for entry in ENTRIES
               if entry.scheme.amount_min is not None or entry.scheme.amount_max is not None}
    assert amounts == {
        INVENTORY["D06"]: (None, Decimal("150000")),
        INVENTORY["D21"]: (Decimal("250000"), Decimal("250000")),
        INVENTORY["F01"]: (Decimal("2000"), Decimal("10000")),
    }
    assert all(entry.scheme.rate_min is None and entry.scheme.rate_max is None for entry in ENTRIES)
