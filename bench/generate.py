"""Generate a store of a given size for the benchmarks: fiches with partners, themes, indicators."""

from __future__ import annotations

import random
import uuid
from decimal import Decimal
from pathlib import Path

from app.domain.fiche import Contact, FicheData, Indicator, Partner, Step
from app.domain.vocabulary import FicheStatus, ScalingModel, Stage, StructureType, Theme
from app.storage import fiche_repository
from app.storage.store import Store

WORDS = ["précarité", "énergétique", "accès", "aux", "droits", "vieillir", "autonomie", "numérique", "logement",
         "insertion", "santé", "famille", "handicap", "mobilité", "alimentation", "isolement", "participation",
         "épicerie", "solidaire", "garage", "ferme", "jardin", "partagé", "médiation", "bancaire", "accompagnement",
         "bénévoles", "habitants", "quartier", "rural", "tournée"]
PLACES = [("Isère", "Auvergne-Rhône-Alpes"), ("Nord", "Hauts-de-France"), ("Gironde", "Nouvelle-Aquitaine"),
          ("Morbihan", "Bretagne"), ("Hérault", "Occitanie"), ("Yvelines", "Île-de-France")]


def generated_fiche(rng: random.Random, n: int) -> FicheData:
    departement, region = rng.choice(PLACES)
    return FicheData(
        id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        title=f"Initiative {n} — " + " ".join(rng.choices(WORDS, k=4)),
        summary=" ".join(rng.choices(WORDS, k=60)), status=rng.choice(list(FicheStatus)).value,
        tags=rng.choices(WORDS, k=3), structure_name=f"CCAS n°{n % 500}",
        structure_type=rng.choice(list(StructureType)).value, commune=f"Commune {n % 900}",
        departement=departement, region=region, need=" ".join(rng.choices(WORDS, k=30)),
        themes=sorted({rng.choice(list(Theme)).value for _ in range(2)}), stage=rng.choice(list(Stage)).value,
        steps=[Step(" ".join(rng.choices(WORDS, k=12))) for _ in range(3)],
        partners=[Partner(f"Partenaire {rng.randrange(2000)}", "association", "operationnel", "Apport")
                  for _ in range(3)],
        contacts=[Contact(f"Agent {n}", "Chargé de mission", f"agent{n}@ccas.fr", "01 23 45 67 89")],
        indicators=[Indicator("Bénéficiaires", "personnes", Decimal(0), Decimal(rng.randrange(50, 500)))],
        scaling_models=[rng.choice(list(ScalingModel)).value],
    )


def generate_store(data_dir: Path, fiches: int, seed: int = 7) -> Path:
    """A store in `data_dir` with `fiches` generated fiches (added to what is there), in one transaction."""
    rng = random.Random(seed)
    store = Store.open(data_dir)
    try:
        with store.transaction() as session:
            for n in range(fiches):
                fiche_repository.save(session, generated_fiche(rng, n))
                if n % 500 == 499:
                    session.flush()
                    session.expunge_all()
        return store.path
    finally:
        store.close()
