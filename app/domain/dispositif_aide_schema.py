"""The national `etalab/dispositif-aide` table schema (v0.2.0, schema.data.gouv.fr) and how Essaim's schemes map to
it, both ways; `app.exports.dispositif_aide` writes it, `app.imports.dispositif_aide` reads it.

Fifteen fields, all text; lists are pipe-separated (`a|b`), `porteurs` a JSON list `[{"nom": …, "roles": […]}]`.
The schema carries a part of a scheme only: name, description, eligibility, kinds (its coarse `types_aides`),
financers and instructors (`porteurs`), programme, one address, audiences (four `cibles`), territories, the
opening and the last closing date, the last update. Short name, level, themes, stages, essaimage, amounts,
rates, recurrence, pre-deposit, other deadlines and their labels, next round, constraints, contact, the other
address, source, status and the territory in words do not travel.

Territory codes: `FR` ↔ `PAYS-99100`, `R84` ↔ `REG-84`, `D38` ↔ `DEP-38`, `C38185` ↔ `COM-38185`, and
`E200040715` ↔ `EPCI-200040715`. The schema's pattern `^[A-Z]+-\\d+` documents no EPCI code and refuses Corsica
(`DEP-2A`, `COM-2A004`): Essaim writes and reads these anyway, as its own extension.
"""

from __future__ import annotations

from app.domain.vocabulary import Audience, FundingKind

FIELDS = ("id", "titre", "promesse", "description", "eligibilite", "types_aides", "porteurs", "programmes_parents",
          "url_source", "cibles", "eligibilite_geographique", "eligibilite_geographique_exclusions",
          "date_ouverture", "date_cloture", "date_mise_a_jour")
"""The schema's fields, in its order (the columns of a CSV file)."""
REQUIRED = ("id", "titre", "description", "eligibilite", "types_aides", "porteurs", "cibles",
            "eligibilite_geographique", "date_mise_a_jour")
"""The fields the schema marks required."""
PIPE = "|"
DESCRIPTION_LIMIT = 5000
"""The schema's longest description."""

PUBLIC, ASSOCIATIONS, BUSINESSES, PEOPLE = "secteur public", "associations", "professionnels", "particuliers"
TARGETS = (BUSINESSES, PEOPLE, ASSOCIATIONS, PUBLIC)
"""The four `cibles` the schema allows."""
AUDIENCE_TARGETS: dict[str, str] = {
    **dict.fromkeys((Audience.CCAS, Audience.CIAS, Audience.COMMUNE, Audience.EPCI, Audience.DEPARTEMENT,
                     Audience.REGION, Audience.SPECIAL, Audience.PUBLIC_ORG, Audience.PUBLIC_CIES), PUBLIC),
    Audience.ASSOCIATION: ASSOCIATIONS,
    **dict.fromkeys((Audience.PRIVATE_SECTOR, Audience.FARMER), BUSINESSES),
    Audience.PRIVATE_PERSON: PEOPLE,
}
"""Essaim's audience → the schema's target (research has none: its bodies are public or private)."""
TARGET_AUDIENCES: dict[str, tuple[str, ...]] = {
    target: tuple(str(audience) for audience in Audience if AUDIENCE_TARGETS.get(audience) == target)
    for target in TARGETS
}
"""A target read → every audience it stands for (« secteur public » → the CCAS, CIAS, communes, EPCI…)."""

FINANCING, LOAN, ADVICE, STUDY, TRAINING = "financement", "prêt", "conseil", "étude", "formation"
KIND_TYPES: dict[str, str] = {
    **dict.fromkeys((FundingKind.SUBVENTION, FundingKind.APPEL_PROJETS, FundingKind.AMI, FundingKind.MECENAT,
                     FundingKind.PRIX, FundingKind.FINANCEMENT_PARTICIPATIF, FundingKind.PARTICIPATION), FINANCING),
    **dict.fromkeys((FundingKind.PRET, FundingKind.AVANCE, FundingKind.GARANTIE), LOAN),
    FundingKind.ACCOMPAGNEMENT: ADVICE,
    FundingKind.INGENIERIE: STUDY,
    FundingKind.FORMATION: TRAINING,
    FundingKind.RESEAU: "mise en réseau",
    FundingKind.LABEL: "label",
}
"""Essaim's kind → a `types_aides` value. The schema keeps its values in a table that grows (« sentez-vous libre
d'ajouter de nouvelles valeurs »); those seen in its tooling are assistance, avantage fiscal, conseil, étude,
financement, formation, information and prêt. Mise en réseau and label have no equivalent there: Essaim writes
its own words, which it reads back."""
TYPE_KINDS: dict[str, str] = {FINANCING: FundingKind.SUBVENTION, LOAN: FundingKind.PRET,
                              ADVICE: FundingKind.ACCOMPAGNEMENT, STUDY: FundingKind.INGENIERIE,
                              TRAINING: FundingKind.FORMATION}
"""A `types_aides` value read → Essaim's kind (the commonest one it stands for); Essaim's own labels and codes
are read too. Other values (information, assistance, avantage fiscal…) have no kind here."""

FINANCER, INSTRUCTOR = "financeur", "instructeur"

FRANCE_CODE = "PAYS-99100"
"""INSEE's code for France in the COG's country list."""
TERRITORY_PREFIXES = {"R": "REG", "D": "DEP", "C": "COM", "E": "EPCI"}
PREFIX_TERRITORIES = {prefix: letter for letter, prefix in TERRITORY_PREFIXES.items()}


def cog_code(territory: str) -> str:
    """Essaim's territory code → the schema's (« D38 » → « DEP-38 »); "" for a code of no known form."""
    if territory == "FR":
        return FRANCE_CODE
    prefix = TERRITORY_PREFIXES.get(territory[:1])
    return f"{prefix}-{territory[1:]}" if prefix and len(territory) > 1 else ""


def essaim_territory(code: str) -> str:
    """The schema's code → Essaim's (« DEP-38 » → « D38 »); "" for one Essaim has no territory for (a country
    other than France, a canton…)."""
    if code == FRANCE_CODE:
        return "FR"
    prefix, _, number = code.partition("-")
    letter = PREFIX_TERRITORIES.get(prefix)
    return f"{letter}{number}" if letter and number else ""
