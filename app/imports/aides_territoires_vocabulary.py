"""Aides-territoires' vocabularies read as Essaim's codes (`app.domain.vocabulary`).

Every table is keyed by folded text (`territories.fold`: lower case, no accents, words separated by one space),
so that one key reads the current labels (singular: « Commune »), the Django-era ones (plural: « Communes »),
and the slugs of either era (`public-org`, `public_org`).

Decisions, from the Aides-territoires field description (`shared/domain/aides-territoires.md`):

- Audiences: the twelve of Aides-territoires are Essaim's twelve, code for code. Aides-territoires has no CCAS
  or CIAS audience: an aid for « Commune » or « Etablissement public dont services de l'Etat » is open to a
  CCAS, and the finder knows it (`vocabulary.AUDIENCES_OF`: a CCAS matches commune and public-org, a CIAS epci
  and public-org); the reader adds `ccas` or `cias` only when the aid's name or eligibility names them
  (`named_audiences`).
- Aid types: grant → subvention, loan → prêt, recoverable advance → avance, the three engineering types →
  ingénierie; a CEE (certificat d'économie d'énergie) is a premium paid for works, read as a subvention; « Autre
  aide financière » says nothing Essaim's kinds can say (a guarantee? a prize?) and gives no kind.
- Steps: « Réflexion / conception » → émergence, « Mise en œuvre / réalisation » → expérimentation, « Usage /
  valorisation » → consolidation; an aid for all three serves every phase, changement d'échelle included.
- Recurrence: Ponctuelle → ponctuel, Permanente → permanent, Récurrente → annuel (Essaim's only recurring code).
- Categories (« Thème / Catégorie », « Thème|Catégorie » in the 1.2–1.6 copies): the category is read through
  `CATEGORY_THEMES`; one that gives no theme is read through its theme with `THEME_FALLBACKS` (« Énergies /
  Déchets » → transition écologique); what neither reads is left for the description (see
  `aides_territoires_mapping`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.domain.territories import fold
from app.domain.vocabulary import Audience, FundingKind, ProjectPhase, Recurrence, Theme

AUDIENCES: dict[str, str] = {
    **dict.fromkeys(("commune", "communes"), Audience.COMMUNE),
    **dict.fromkeys(("epci", "intercommunalite pays", "intercommunalites pays", "intercommunalite",
                     "intercommunalites"), Audience.EPCI),
    **dict.fromkeys(("department", "departement", "departements"), Audience.DEPARTEMENT),
    **dict.fromkeys(("region", "regions"), Audience.REGION),
    **dict.fromkeys(("special", "collectivite d outre mer a statut particulier",
                     "collectivites d outre mer a statuts particuliers",
                     "collectivites d outre mer a statut particulier"), Audience.SPECIAL),
    **dict.fromkeys(("public org", "etablissement public dont services de l etat",
                     "etablissements publics ecoles bibliotheques services de l etat",
                     "etablissement public", "etablissements publics", "services de l etat"), Audience.PUBLIC_ORG),
    **dict.fromkeys(("public cies", "entreprise publique locale sem spl semop",
                     "entreprises publiques locales sem spl semop"), Audience.PUBLIC_CIES),
    **dict.fromkeys(("association", "associations"), Audience.ASSOCIATION),
    **dict.fromkeys(("private sector", "entreprise privee", "entreprises privees"), Audience.PRIVATE_SECTOR),
    **dict.fromkeys(("private person", "particulier", "particuliers"), Audience.PRIVATE_PERSON),
    **dict.fromkeys(("farmer", "agriculteur", "agriculteurs"), Audience.FARMER),
    **dict.fromkeys(("researcher", "recherche"), Audience.RESEARCHER),
}
"""Audience labels and slugs of both eras, folded → Essaim's audience code."""

NO_KIND = ""
AID_TYPES: dict[str, str] = {
    **dict.fromkeys(("grant", "subvention"), FundingKind.SUBVENTION),
    **dict.fromkeys(("loan", "pret"), FundingKind.PRET),
    **dict.fromkeys(("recoverable advance", "avance recuperable", "avance remboursable"), FundingKind.AVANCE),
    **dict.fromkeys(("cee", "certificat d economie d energie cee", "certificat d economie d energie",
                     "certificats d economie d energie"), FundingKind.SUBVENTION),
    **dict.fromkeys(("other", "autre aide financiere"), NO_KIND),
    **dict.fromkeys(("technical engineering", "technical", "ingenierie technique", "financial engineering",
                     "financial", "ingenierie financiere", "legal engineering", "legal",
                     "ingenierie juridique administrative"), FundingKind.INGENIERIE),
    **dict.fromkeys(("guarantee", "garantie"), FundingKind.GARANTIE),
}
"""Aid-type labels and slugs, folded → Essaim's kind (`NO_KIND` when Essaim has none for it)."""
ENGINEERING_TYPES = frozenset(key for key, kind in AID_TYPES.items() if kind == FundingKind.INGENIERIE)

STEPS: dict[str, str] = {
    **dict.fromkeys(("preop", "reflexion conception"), ProjectPhase.EMERGENCE),
    **dict.fromkeys(("op", "mise en oeuvre realisation"), ProjectPhase.EXPERIMENTATION),
    **dict.fromkeys(("postop", "usage valorisation"), ProjectPhase.CONSOLIDATION),
}
"""Mobilisation steps, folded → the project phase they serve."""

RECURRENCES: dict[str, str] = {
    **dict.fromkeys(("ponctuelle", "ponctuel", "oneoff"), Recurrence.PONCTUEL),
    **dict.fromkeys(("permanente", "permanent", "ongoing"), Recurrence.PERMANENT),
    **dict.fromkeys(("recurrente", "recurrent", "recurring"), Recurrence.ANNUEL),
}

DESTINATIONS: dict[str, str] = {
    "supply": "Dépenses de fonctionnement",
    "investment": "Dépenses d’investissement",
}
"""Destination slugs → their label (a label arrives as it is)."""


def _words(*fragments: str) -> re.Pattern[str]:
    """A pattern finding any of these folded fragments at the start of a word."""
    return re.compile(r"\b(?:" + "|".join(re.escape(fragment) for fragment in fragments) + ")")


CATEGORY_THEMES: tuple[tuple[re.Pattern[str], str], ...] = (
    (_words("precarite energetique"), Theme.PRECARITE_ENERGETIQUE),
    (_words("acces aux droits", "acces aux services", "lutte contre la precarite", "lutte contre la pauvrete",
            "pauvrete", "exclusion"), Theme.ACCES_DROITS),
    (_words("personnes agees", "seniors", "vieilliss", "bien vieillir", "perte d autonomie", "grand age"),
     Theme.BIEN_VIEILLIR),
    (_words("inclusion numerique", "mediation numerique", "illectronisme"), Theme.INCLUSION_NUMERIQUE),
    (_words("logement", "habitat", "hebergement", "sans abri"), Theme.LOGEMENT),
    (_words("emploi", "insertion", "formation professionnelle", "chomage"), Theme.EMPLOI_INSERTION),
    (_words("sante", "soins", "medico social", "prevention sanitaire"), Theme.SANTE),
    (_words("enfance", "famille", "jeunesse", "jeunes", "parentalite", "petite enfance"), Theme.ENFANCE_FAMILLE),
    (_words("handicap"), Theme.HANDICAP),
    (_words("mobilite"), Theme.MOBILITE),
    (_words("alimentation", "alimentaire", "circuits courts"), Theme.ALIMENTATION),
    (_words("lien social", "isolement", "solitude", "vivre ensemble", "cohesion sociale"), Theme.LIEN_SOCIAL),
    (_words("citoyennete", "participation citoyenne", "democratie participative", "benevolat", "vie associative"),
     Theme.PARTICIPATION),
    (_words("justice", "delinquance", "detenus", "sortants de prison", "aide aux victimes"), Theme.JUSTICE),
    (_words("inclusion bancaire", "inclusion financiere", "surendettement", "microcredit", "education budgetaire"),
     Theme.INCLUSION_BANCAIRE),
    (_words("commerce", "commerces"), Theme.COMMERCE),
    (_words("transition ecologique", "transition energetique", "economie d energie", "renovation energetique",
            "energies renouvelables", "biodiversite", "climat", "economie circulaire", "dechets"),
     Theme.DEVELOPPEMENT_DURABLE),
)
"""A category (folded) → the themes whose fragments it holds (« Personnes âgées » → bien vieillir)."""

THEME_FALLBACKS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_words("solidarite", "lien social"), Theme.LIEN_SOCIAL),
    (_words("sante"), Theme.SANTE),
    (_words("energie", "dechets", "nature", "environnement", "eau et milieux", "climat", "biodiversite"),
     Theme.DEVELOPPEMENT_DURABLE),
    (_words("mobilite", "transports"), Theme.MOBILITE),
    (_words("alimentation"), Theme.ALIMENTATION),
)
"""A theme of Aides-territoires (folded) → the Essaim theme a category of it gives when the category itself
gives none (« Solidarités / lien social » › « Égalité des chances » → lien social)."""

_ENERGY_POVERTY = re.compile(r"\bpr[ée]carit[ée]s?\W+[ée]nerg[ée]tiques?\b")


def names_energy_poverty(text: str) -> bool:
    """Whether `text` names energy poverty (« précarité énergétique », any case): such an aid is on that theme,
    whatever its categories. Read on the text in lower case, after a plain search for « carit » rules most texts
    out (folding a whole description, or a search ignoring case, costs ten times more on thousands of aids)."""
    low = text.lower()
    return "carit" in low and _ENERGY_POVERTY.search(low) is not None


def split_category(category: str) -> tuple[str, str]:
    """(theme, category) of « Thème|Catégorie » or « Thème / Catégorie »; the theme may itself hold « / », so the
    split is on the last separator; a text without one is a theme."""
    if "|" in category:
        theme, _, name = category.rpartition("|")
    elif " / " in category:
        theme, _, name = category.rpartition(" / ")
    else:
        theme, name = category, ""
    return theme.strip(), name.strip()


@lru_cache(maxsize=4096)
def folded_label(label: str) -> str:
    """`fold(label)`, remembered: a file repeats the same few hundred labels thousands of times."""
    return fold(label)


@lru_cache(maxsize=4096)
def themes_of_category(category: str) -> tuple[str, ...]:
    """Essaim's themes for one category of Aides-territoires, () when it gives none."""
    theme, name = split_category(category)
    folded = fold(name)
    found = tuple(code for pattern, code in CATEGORY_THEMES if pattern.search(folded))
    if not found:
        folded_theme = fold(theme)
        found = tuple(code for pattern, code in THEME_FALLBACKS if pattern.search(folded_theme))
    return found


_CCAS = re.compile(r"\bccas\b|\bcentres? communa(?:l|ux) d action sociale\b")
_CIAS = re.compile(r"\bcias\b|\bcentres? intercommuna(?:l|ux) d action sociale\b")
_NEGATION = re.compile(r"\b(?:ne|n|pas|non|sauf|exclu\w*|exception|hormis)\b")
_SENTENCE_END = re.compile(r"[.;!?\n]+")
_MENTION = re.compile(r"\bc[ci]as\b|action sociale")


def named_audiences(text: str) -> list[str]:
    """`ccas` and `cias` when a sentence of `text` names them as applicants: a sentence that also says « ne… pas »,
    « sauf », « exclus », « à l'exception » is left aside (« Les CCAS ne sont pas éligibles. »)."""
    found: list[str] = []
    low = text.lower()
    if ("ccas" not in low and "cias" not in low and "action sociale" not in low) or not _MENTION.search(low):
        return found
    for sentence in _SENTENCE_END.split(text):
        folded = fold(sentence)
        if _NEGATION.search(folded):
            continue
        if Audience.CCAS not in found and _CCAS.search(folded):
            found.append(Audience.CCAS)
        if Audience.CIAS not in found and _CIAS.search(folded):
            found.append(Audience.CIAS)
    return found
