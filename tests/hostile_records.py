"""Hostile package records, one bad value each: what an import must refuse before anything is written.

Each case of `CASES` builds the records (and manifest changes) of one package from the ids of the receiving
station (`Local`), and names a fragment of the French refusal expected. `write_case` writes it as a package
with the hand-written package helpers of `tests/test_package_format.py`.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.domain.codec import to_dict
from app.domain.economics import Block, GridLine, Scenario
from app.domain.schemes import Scheme
from app.sync.package_reader import PackageRecord
from app.travelling import KINDS
from tests.test_package_format import WORKSTATION, fiche_record, raw_package, records_bytes

UPDATED = "2026-11-20T10:00:00+00:00"
CREATED = "2026-11-01T10:00:00+00:00"


@dataclass(frozen=True)
class Local:
    """What the receiving station already holds."""

    fiche_id: str
    scenario_id: str
    workstation_id: str


@dataclass
class Hostile:
    records: list[PackageRecord]
    manifest: dict[str, Any] = field(default_factory=dict)
    attachments: list[bytes] = field(default_factory=list)


@dataclass(frozen=True)
class Case:
    build: Callable[[Local], Hostile]
    refusal: str
    """A fragment of the French refusal."""


def scenario_record(fiche_id: str, scenario_id: str | None = None, **changes: object) -> PackageRecord:
    """A valid scenario of `fiche_id`, then `changes` to its content."""
    scenario = Scenario(id=scenario_id or str(uuid.uuid4()), fiche_id=fiche_id, name="Base", horizon_years=3,
                        beneficiaries_per_year=40, lines=[
                            GridLine(Block.MONTAGE.value, "Chef de projet", days=Decimal("10"),
                                     daily_cost=Decimal("300")),
                            GridLine(Block.INVESTISSEMENTS.value, "Camion", amount=Decimal("30000"), year=1,
                                     depreciation_years=3)])
    data = to_dict(scenario)
    data.update(changes)
    return PackageRecord("scenario", scenario.id, 2, UPDATED, WORKSTATION, None, data, CREATED)


def line_with(**values: object) -> list[dict[str, Any]]:
    """The lines of a scenario whose investment line takes `values`."""
    base = scenario_record(str(uuid.uuid4())).data or {}
    lines: list[dict[str, Any]] = base["lines"]
    lines[1].update(values)
    return lines


def fiche(**changes: object) -> Callable[[Local], Hostile]:
    """A package of one fiche whose content takes `changes`."""
    return lambda _local: Hostile([fiche_record(**changes)])


def scenario(**changes: object) -> Callable[[Local], Hostile]:
    """A package of a valid fiche and of its scenario, whose content takes `changes`."""
    def build(_local: Local) -> Hostile:
        parent = fiche_record()
        return Hostile([parent, scenario_record(parent.id, **changes)])
    return build


def scheme(**changes: object) -> Callable[[Local], Hostile]:
    """A catalogue package of one valid scheme whose content takes `changes`."""
    def build(_local: Local) -> Hostile:
        valid = Scheme(id=str(uuid.uuid4()), name="Fonds isérois d'innovation sociale", level="departemental",
                       kinds=["subvention"], amount_max=Decimal("20000"))
        data = to_dict(valid)
        data.pop("notes")
        data.update(changes)
        return Hostile([PackageRecord("scheme", valid.id, 2, UPDATED, WORKSTATION, None, data, CREATED)],
                       {"content": "catalogue"})
    return build


def envelope(**changes: object) -> Callable[[Local], Hostile]:
    """A package of one valid fiche whose travelling metadata take `changes`."""
    def build(_local: Local) -> Hostile:
        record = fiche_record()
        for name, value in changes.items():
            setattr(record, name, value)
        return Hostile([record])
    return build


def attachment_of_size(size: int) -> Callable[[Local], Hostile]:
    """A package of one fiche whose attachment claims `size` bytes."""
    def build(_local: Local) -> Hostile:
        content = b"%PDF-1.4 plaquette"
        sha = hashlib.sha256(content).hexdigest()
        item = {"sha256": sha, "file_name": "plaquette.pdf", "size": size, "label": ""}
        return Hostile([fiche_record(attachments=[item])], attachments=[content])
    return build


def upper_twin(local: Local) -> Hostile:
    return Hostile([fiche_record(local.fiche_id.upper())])


def fiche_on_local_scenario(local: Local) -> Hostile:
    return Hostile([fiche_record(local.scenario_id)])


def scenario_on_local_fiche(local: Local) -> Hostile:
    parent = fiche_record()
    return Hostile([parent, scenario_record(parent.id, local.fiche_id)])


def same_id_in_two_kinds(_local: Local) -> Hostile:
    parent = fiche_record()
    return Hostile([parent, scenario_record(parent.id, parent.id)])


def from_station(workstation_id: str) -> Hostile:
    return Hostile([fiche_record()], {"workstation": {"id": workstation_id, "label": "Moi"}})


NAN, INFINITY, HUGE = "NaN", "Infinity", "1e999999999"

CASES: dict[str, Case] = {
    # Content the domain's validation refuses (item 1).
    "etp-nan": Case(fiche(human_means=[{"role": "Animatrice", "fte": NAN}]), "n'est pas un nombre"),
    "etp-infini": Case(fiche(human_means=[{"role": "Animatrice", "fte": INFINITY}]), "n'est pas un nombre"),
    "etp-enorme": Case(fiche(human_means=[{"role": "Animatrice", "fte": HUGE}]), "trop grand"),
    "etp-minuscule": Case(fiche(human_means=[{"role": "Animatrice", "fte": "1e-999999999"}]), "décimales"),
    "indicateur-nan": Case(fiche(indicators=[{"name": "Foyers", "baseline": NAN}]), "n'est pas un nombre"),
    "indicateur-moins-infini": Case(fiche(indicators=[{"name": "Foyers", "target": "-Infinity"}]),
                                    "n'est pas un nombre"),
    "indicateur-snan": Case(fiche(indicators=[{"name": "Foyers", "measured": "sNaN"}]), "n'est pas un nombre"),
    "montant-nan": Case(scenario(lines=line_with(amount=NAN)), "n'est pas un nombre"),
    "montant-infini": Case(scenario(lines=line_with(amount=INFINITY)), "n'est pas un nombre"),
    "montant-moins-infini": Case(scenario(lines=line_with(amount="-Infinity")), "n'est pas un nombre"),
    "montant-enorme": Case(scenario(lines=line_with(amount=HUGE)), "trop grand"),
    "jours-nan": Case(scenario(lines=line_with(days=NAN)), "n'est pas un nombre"),
    "remise-nan": Case(scenario(learning_discount=NAN), "n'est pas un nombre"),
    "horizon-0": Case(scenario(horizon_years=0), "L'horizon va de 1 à 50 ans"),
    "horizon-negatif": Case(scenario(horizon_years=-5), "L'horizon va de 1 à 50 ans"),
    "horizon-milliard": Case(scenario(horizon_years=10**9), "L'horizon va de 1 à 50 ans"),
    "note-7": Case(fiche(factors=[{"factor": "connaitre", "rating": 7}]), "va de 0 à 3"),
    "annee-site-99999": Case(fiche(sites=[{"name": "Site", "since_year": 99999}]), "année invalide"),
    "annee-ligne-99999": Case(scenario(lines=line_with(year=99999)), "hors de l'horizon"),
    "date-an-1": Case(fiche(start_date="0001-01-01"), "1900"),
    "beneficiaires-negatifs": Case(fiche(beneficiaries_per_year=-3), "négatif"),
    "beneficiaires-negatifs-grille": Case(scenario(beneficiaries_per_year=-1), "négatif"),
    "beneficiaires-2-63": Case(fiche(beneficiaries_per_year=2**63), "nombre trop long"),
    "amortissement-2-64": Case(scenario(lines=line_with(depreciation_years=2**64)), "nombre trop long"),
    "taille-negative": Case(attachment_of_size(-1), "négati"),
    "titre-vide": Case(fiche(title=""), "Le titre est obligatoire"),
    "titre-blanc": Case(fiche(title="   "), "Le titre est obligatoire"),
    "nom-scenario-vide": Case(scenario(name=""), "Le nom du scénario est obligatoire"),
    "titre-immense": Case(fiche(title="x" * 5000), "trop long"),
    "insee": Case(fiche(insee_code="ABCDE"), "code INSEE"),
    "e-mail": Case(fiche(contacts=[{"name": "Louise", "email": "louise-at-ccas"}]), "adresse e-mail invalide"),
    "200000-mots-cles": Case(fiche(tags=[f"mot-clé {n}" for n in range(200_000)]), "trop d'éléments"),
    "2000-lignes": Case(scenario(lines=line_with() * 1_000), "trop d'éléments"),
    "200000-anciens-modeles": Case(
        fiche(scaling_models=["duplication_souple", *(f"modele-{n}" for n in range(200_000))]), "trop d'éléments"),
    "variante-sans-modele": Case(fiche(scaling_models=["cooperation"], scaling_variants=["fusion_creation"]),
                                 "suppose le modèle"),
    "precision-de-date-inconnue": Case(fiche(start_precision="siècle"), "précision de la date"),
    "origine-inconnue": Case(scenario(lines=line_with(origin="rumeur")), "origine"),
    "dispositif-montant-negatif": Case(scheme(amount_min="-500"), "Le montant ne peut pas être négatif"),
    "dispositif-minimum-au-dessus": Case(scheme(amount_min="50000"), "inférieur au montant minimum"),
    "dispositif-taux-150": Case(scheme(rate_max="150"), "Un taux va de 0 à 100 %"),
    "dispositif-niveau-pas-un-code": Case(scheme(level="Niveau <b>inventé</b>"), "n'est pas un code"),
    "dispositif-etat-inconnu": Case(scheme(status="peut-etre"), "État inconnu"),
    "dispositif-sans-nom": Case(scheme(name="  "), "Le nom du dispositif est obligatoire"),
    "dispositif-description-immense": Case(scheme(description="x" * 200_000), "trop long"),
    # Travelling metadata (item 1).
    "heure-an-1": Case(envelope(updated_at="0001-01-01T00:00:00+05:00"), "date hors limites"),
    "heure-an-9999": Case(envelope(updated_at="9999-12-31T23:59:59-05:00"), "date hors limites"),
    "heure-sans-zone": Case(envelope(updated_at="2026-11-20T10:00:00"), "fuseau"),
    "heure-illisible": Case(envelope(updated_at="hier"), "illisible"),
    "creation-an-1": Case(envelope(created_at="0001-01-01T00:00:00+00:00"), "date hors limites"),
    "suppression-sans-zone": Case(envelope(deleted_at="2026-11-21T10:00:00", data=None), "fuseau"),
    "cree-apres-modifie": Case(envelope(created_at="2026-11-25T10:00:00+00:00"), "modifi"),
    "revision-2-63": Case(envelope(revision=2**63), "nombre trop long"),
    "poste-invalide": Case(envelope(workstation_id="poste-7"), "poste"),
    "poste-majuscules": Case(envelope(workstation_id=WORKSTATION.upper()), "poste"),
    "jumeau-majuscules": Case(upper_twin, "minuscules"),
    # Ids shared across kinds (item 2).
    "fiche-sur-scenario-local": Case(fiche_on_local_scenario, "type « scénario » sur ce poste"),
    "scenario-sur-fiche-locale": Case(scenario_on_local_fiche, "type « fiche » sur ce poste"),
    "meme-id-deux-types": Case(same_id_in_two_kinds, "deux fois"),
    # A package that claims to come from this very station (item 3).
    "ce-poste-ci": Case(lambda local: from_station(local.workstation_id), "Ce paquet a été écrit par ce poste-ci"),
    "ce-poste-ci-en-majuscules": Case(lambda local: from_station(local.workstation_id.upper()),
                                      "L'identifiant du poste qui a écrit le paquet est invalide"),
}


def write_case(case: Case, local: Local, path: Path) -> Path:
    """The case's package, written by hand at `path`."""
    hostile = case.build(local)
    entries = {f"attachments/{hashlib.sha256(content).hexdigest()}": content for content in hostile.attachments}
    entries |= {kind.member: records_bytes(*[r for r in hostile.records if r.kind == kind.name])
               for kind in KINDS if any(r.kind == kind.name for r in hostile.records)}
    counts = {kind.count_key: sum(r.kind == kind.name for r in hostile.records) for kind in KINDS}
    return raw_package(path, entries, {"counts": counts, **hostile.manifest})
