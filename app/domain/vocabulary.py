"""Every enumeration of Essaim: a stable code (stored, exchanged) and its French label (shown).

Codes never change once released; labels may. The labels are marked with
`QT_TRANSLATE_NOOP("vocabulary", …)` so that Qt's lupdate extracts them and the GUI shows them
through `QCoreApplication.translate("vocabulary", label)`. This module does not import Qt.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation without translating it here."""
    return text


class Coded(StrEnum):
    """A code with a French label and, where the source gives one, its definition (shown as a tooltip and
    in the guide). `Theme("sante").label == "Santé"`."""

    label: str
    definition: str

    def __new__(cls, code: str, label: str = "", definition: str = "") -> Coded:
        # `Theme("sante")` looks a member up by its code: type checkers see that call through this signature.
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.definition = definition
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, label) pairs in display order."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def label_of(cls, code: str) -> str:
        """The label of `code`; an unknown code (from a newer workstation) is shown as it is; empty stays empty."""
        if not code:
            return ""
        return _labels(cls).get(code, code)


@cache
def _labels(vocabulary: type[Coded]) -> dict[str, str]:
    """Code → label of a vocabulary, built once (labels are looked up for every row of a list)."""
    return {member.value: member.label for member in vocabulary}


_ = QT_TRANSLATE_NOOP


class FicheStatus(Coded):
    BROUILLON = "brouillon", _("vocabulary", "Brouillon")
    VALIDEE = "validee", _("vocabulary", "Validée")
    PARTAGEE = "partagee", _("vocabulary", "Partagée")


class StructureType(Coded):
    CCAS = "ccas", _("vocabulary", "CCAS")
    CIAS = "cias", _("vocabulary", "CIAS")
    COMMUNE = "commune", _("vocabulary", "Commune")
    EPCI = "epci", _("vocabulary", "EPCI")
    DEPARTEMENT = "departement", _("vocabulary", "Département")
    REGION = "region", _("vocabulary", "Région")
    ETAT = "etat", _("vocabulary", "Service de l'État")
    UDCCAS = "udccas", _("vocabulary", "Union départementale de CCAS")
    ETABLISSEMENT_PUBLIC = "etablissement_public", _("vocabulary", "Établissement public ou GIP")
    PROTECTION_SOCIALE = "protection_sociale", _("vocabulary", "Organisme de protection sociale (CAF, CARSAT…)")
    ASSOCIATION = "association", _("vocabulary", "Association")
    ESS = "ess", _("vocabulary", "Entreprise de l'ESS")
    ENTREPRISE = "entreprise", _("vocabulary", "Entreprise / start-up")
    FONDATION = "fondation", _("vocabulary", "Fondation")
    AUTRE = "autre", _("vocabulary", "Autre")


class TerritoryKind(Coded):
    URBAIN = "urbain", _("vocabulary", "Urbain")
    PERIURBAIN = "periurbain", _("vocabulary", "Périurbain")
    RURAL = "rural", _("vocabulary", "Rural")
    QPV = "qpv", _("vocabulary", "Quartier prioritaire")
    OUTRE_MER = "outre_mer", _("vocabulary", "Outre-mer")


class Theme(Coded):
    PRECARITE_ENERGETIQUE = "precarite_energetique", _("vocabulary", "Précarité énergétique")
    ACCES_DROITS = "acces_droits", _("vocabulary", "Accès aux droits")
    BIEN_VIEILLIR = "bien_vieillir", _("vocabulary", "Bien vieillir / autonomie")
    INCLUSION_NUMERIQUE = "inclusion_numerique", _("vocabulary", "Inclusion numérique")
    LOGEMENT = "logement", _("vocabulary", "Logement et hébergement")
    EMPLOI_INSERTION = "emploi_insertion", _("vocabulary", "Emploi et insertion")
    SANTE = "sante", _("vocabulary", "Santé")
    ENFANCE_FAMILLE = "enfance_famille", _("vocabulary", "Enfance / jeunesse / famille")
    HANDICAP = "handicap", _("vocabulary", "Handicap")
    MOBILITE = "mobilite", _("vocabulary", "Mobilité")
    ALIMENTATION = "alimentation", _("vocabulary", "Alimentation")
    LIEN_SOCIAL = "lien_social", _("vocabulary", "Lien social / isolement")
    PARTICIPATION = "participation", _("vocabulary", "Participation citoyenne")
    JUSTICE = "justice", _("vocabulary", "Justice / sortants de détention")
    DEVELOPPEMENT_DURABLE = "developpement_durable", _("vocabulary", "Transition écologique")
    INCLUSION_BANCAIRE = "inclusion_bancaire", _("vocabulary", "Inclusion bancaire / budget")
    COMMERCE = "commerce_proximite", _("vocabulary", "Commerce de proximité")
    AUTRE = "autre", _("vocabulary", "Autre")


class Stage(Coded):
    IDEE = "idee", _("vocabulary", "Idée")
    EXPERIMENTATION = "experimentation", _("vocabulary", "Expérimentation")
    CONSOLIDEE = "consolidee", _("vocabulary", "Consolidée")
    EN_ESSAIMAGE = "en_essaimage", _("vocabulary", "En essaimage")
    ESSAIMEE = "essaimee", _("vocabulary", "Essaimée")
    ARRETEE = "arretee", _("vocabulary", "Arrêtée")


class PartnerRole(Coded):
    OPERATIONNEL = "operationnel", _("vocabulary", "Opérationnel")
    FINANCIER = "financier", _("vocabulary", "Financier")
    LES_DEUX = "les_deux", _("vocabulary", "Opérationnel et financier")


class InnovationNature(Coded):
    TECHNOLOGIQUE = "technologique", _("vocabulary", "Technologique")
    USAGE = "usage", _("vocabulary", "D'usage")
    SOCIALE = "sociale", _("vocabulary", "Sociale")
    AUTRE = "autre", _("vocabulary", "Autre")


class InnovationObject(Coded):
    """The objects of an innovation as the Noov'LR platform names them (Oural report, 2015), with what each covers."""

    PRODUITS_SERVICES = "produits_services", _("vocabulary", "Produits ou services")
    PROCEDES = "procedes", _("vocabulary", "Procédés ou processus"), _(
        "vocabulary", "Production, servuction, logistique, fonctions de soutien.")
    COMMERCIALISATION = "commercialisation", _("vocabulary", "Marketing ou commercialisation"), _(
        "vocabulary", "Conception, conditionnement, méthode de vente, promotion, modèle économique, tarification.")
    ORGANISATION = "organisation", _("vocabulary", "Organisation"), _(
        "vocabulary", "Pratiques de la structure, organisation du travail, relations externes.")


class InnovationIntensity(Coded):
    RUPTURE = "rupture", _("vocabulary", "Rupture")
    INCREMENTALE = "incrementale", _("vocabulary", "Incrémentale")
    ASSEMBLAGE = "assemblage", _("vocabulary", "Assemblage")
    ADAPTATION = "adaptation", _("vocabulary", "Adaptation")


class EvaluationMethod(Coded):
    """Ways of evaluating an initiative, as the SGMAP–CGET (Propositions 5 and 6) and Oural (factor 7) reports name
    them. The code `controlee` is kept from earlier versions for the randomised methods."""

    AUTO = "auto", _("vocabulary", "Auto-évaluation"), _(
        "vocabulary", "La structure évalue elle-même son action avec une méthode et des indicateurs choisis.")
    PAIRS = "pairs", _("vocabulary", "Évaluation par les pairs"), _(
        "vocabulary", "D'autres porteurs ou collectivités portent un jugement construit sur l'initiative.")
    EXTERNE = "externe", _("vocabulary", "Évaluation externe"), _(
        "vocabulary", "Un évaluateur indépendant est associé à la structure porteuse.")
    CONTROLEE = "controlee", _("vocabulary", "Méthodes d'évaluation randomisées"), _(
        "vocabulary", "Comparaison avec un groupe témoin tiré au sort : utiles mais coûteuses et pas toujours "
                      "mobilisables.")
    PROTOCOLE = "protocole", _("vocabulary", "Protocole d'expérimentation"), _(
        "vocabulary", "Durée, indicateurs suivis et comité de suivi fixés avant de commencer.")
    RECHERCHE_ACTION = "recherche_action", _("vocabulary", "Recherche-action"), _(
        "vocabulary", "Des chercheurs en sciences sociales suivent l'initiative et en tirent des enseignements.")
    PARTICIPATIVE = "participative", _("vocabulary", "Évaluation participative"), _(
        "vocabulary", "Conduite avec les acteurs et les bénéficiaires, souvent par des approches qualitatives.")


EVIDENCE_REFERENCE = QT_TRANSLATE_NOOP(
    "vocabulary", "Référence extérieure aux rapports sources : Nesta, « Standards of Evidence » (Royaume-Uni).")
"""Where the evidence scale comes from: the SGMAP–CGET and Oural reports do not use it."""


class EvidenceLevel(Coded):
    """Nesta's Standards of Evidence: an outside reference, not one of the source reports' lists."""

    N1 = "1", _("vocabulary", "1 — L'impact est décrit et argumenté")
    N2 = "2", _("vocabulary", "2 — Des données montrent un changement")
    N3 = "3", _("vocabulary", "3 — Un groupe de comparaison montre la causalité")
    N4 = "4", _("vocabulary", "4 — Des évaluations indépendantes et répétées")
    N5 = "5", _("vocabulary", "5 — Reproduit ailleurs avec les mêmes résultats")


class KeySuccessFactor(Coded):
    """The transversal lever and the eight key success factors of the Oural report (2015)."""

    CHANGER = "changer", _(
        "vocabulary", "Levier transversal — Changer la posture et la culture de l'administration publique et des élus")
    CONNAITRE = "connaitre", _(
        "vocabulary", "1. Connaître les ressources, enjeux et besoins spécifiques du territoire")
    METTRE_EN_MOUVEMENT = "mettre_en_mouvement", _(
        "vocabulary", "2. Mettre en mouvement les acteurs du territoire et notamment des citoyens, dans le cadre "
                      "d'une démocratie participative renouvelée")
    EXPERIMENTER = "experimenter", _(
        "vocabulary", "3. Expérimenter et savoir faire preuve d'agilité de mise en œuvre des règles")
    MANAGER = "manager", _(
        "vocabulary", "4. Gérer et manager différemment les ressources humaines et les projets au sein de "
                      "l'administration publique")
    ACCOMPAGNER = "accompagner", _(
        "vocabulary", "5. Accompagner les porteurs de projets avec une ingénierie territoriale, des outils et "
                      "compétences adaptés")
    FINANCER = "financer", _(
        "vocabulary", "6. Financer l'innovation et développer de nouveaux modèles économiques")
    EVALUER = "evaluer", _("vocabulary", "7. Évaluer les impacts des démarches d'innovation territoriale")
    DIFFUSER = "diffuser", _("vocabulary", "8. Diffuser massivement et communiquer sur les bonnes initiatives")


class ScalingObjective(Coded):
    """The five scaling objectives of the SGMAP–CGET report (2015)."""

    IMPACT_BENEFICIAIRE = "impact_beneficiaire", _("vocabulary", "Augmenter l'impact sur chaque bénéficiaire")
    BENEFICIAIRES_TERRITOIRE = "beneficiaires_territoire", _(
        "vocabulary", "Augmenter le nombre de bénéficiaires par territoire")
    NOMBRE_TERRITOIRES = "nombre_territoires", _("vocabulary", "Augmenter le nombre de territoires")
    PERENNISER = "perenniser", _("vocabulary", "Pérenniser le modèle économique")
    EFFICACITE = "efficacite", _("vocabulary", "Accroître l'efficacité (économies d'échelle, gains de productivité)")


IMPACT_AIM = QT_TRANSLATE_NOOP("vocabulary", "Accroître l'impact social du projet")
SURVIVAL_AIM = QT_TRANSLATE_NOOP("vocabulary", "Assurer la survie ou la croissance économique de l'organisme")
OBJECTIVE_AIMS: dict[str, str] = {
    ScalingObjective.IMPACT_BENEFICIAIRE: IMPACT_AIM, ScalingObjective.BENEFICIAIRES_TERRITOIRE: IMPACT_AIM,
    ScalingObjective.NOMBRE_TERRITOIRES: IMPACT_AIM, ScalingObjective.PERENNISER: SURVIVAL_AIM,
    ScalingObjective.EFFICACITE: SURVIVAL_AIM,
}
"""The two aims (« finalités ») under which the report groups the five objectives."""


class ScalingModel(Coded):
    """The six scaling models of the SGMAP–CGET report (2015, from Essec and Avise), with their « = » definitions.

    Before format 1.2 of packages and revision 0007 of the store there were eight codes: the three
    `duplication_*` codes are now variants of `duplication`, and `fertilisation` meant « fertilisation /
    dissémination » (see `LEGACY_SCALING_MODELS`).
    """

    APPROFONDISSEMENT = "approfondissement", _("vocabulary", "Approfondissement (scale deep)"), _(
        "vocabulary", "Faire mieux ce que l'on fait déjà : améliorer la qualité et l'impact de l'activité existante "
                      "sur chaque bénéficiaire.")
    DIVERSIFICATION = "diversification", _("vocabulary", "Diversification (scale out)"), _(
        "vocabulary", "Faire autre chose que ce que l'on fait déjà : développer une ou des activités nouvelles, "
                      "plus ou moins proches du cœur de métier.")
    DUPLICATION = "duplication", _(
        "vocabulary", "Diffusion par duplication, ou déploiement géographique (scale up)"), _(
        "vocabulary", "Faire plus de ce que l'on fait déjà : répliquer le modèle sur d'autres territoires en créant "
                      "de nouvelles entités, juridiquement autonomes ou non.")
    FERTILISATION = "fertilisation", _(
        "vocabulary", "Diffusion par mise à disposition, ou fertilisation (scale across)"), _(
        "vocabulary", "Faire faire à d'autres ce que l'on fait déjà : transmettre un savoir-faire à des personnes ou "
                      "structures existantes, sans créer de nouvelle entité.")
    COOPERATION = "cooperation", _("vocabulary", "Coopération (scale together)"), _(
        "vocabulary", "Faire ensemble pour faire plus et mieux : se rapprocher d'autres structures pour accroître "
                      "l'impact social global, chacune restant autonome.")
    FUSION = "fusion", _("vocabulary", "Fusion (scale by mixing)"), _(
        "vocabulary", "S'unir pour renforcer le projet : mettre en commun les patrimoines de deux structures ou "
                      "plus, de manière volontaire ou contrainte.")


class ScalingVariant(Coded):
    """The variants of a scaling model that the report's annex describes; `VARIANT_MODELS` gives each one's model."""

    DIVERSIFICATION_HORIZONTALE = "diversification_horizontale", _("vocabulary", "Diversification horizontale"), _(
        "vocabulary", "Intégrer la phase amont (fournisseur) ou aval (distributeur, intermédiaire).")
    DIVERSIFICATION_VERTICALE = "diversification_verticale", _("vocabulary", "Diversification verticale"), _(
        "vocabulary", "Créer une activité proche de l'activité d'origine, dans le secteur où l'on est identifié.")
    DIVERSIFICATION_CONGLOMERALE = "diversification_conglomerale", _(
        "vocabulary", "Diversification conglomérale"), _(
        "vocabulary", "Développer une activité radicalement différente de celle d'origine (autre secteur).")
    DUPLICATION_SOUPLE = "duplication_souple", _("vocabulary", "Duplication souple"), _(
        "vocabulary", "Partage d'informations en réseau, accompagnement.")
    DUPLICATION_FRANCHISEE = "duplication_franchisee", _("vocabulary", "Duplication franchisée"), _(
        "vocabulary", "Cadre formalisé, engagements réciproques.")
    DUPLICATION_CENTRALISEE = "duplication_centralisee", _("vocabulary", "Duplication centralisée"), _(
        "vocabulary", "La maison-mère crée elle-même des antennes (filiales locales).")
    FERTILISATION_FORMALISEE = "fertilisation_formalisee", _("vocabulary", "Fertilisation formalisée"), _(
        "vocabulary", "La transmission du savoir-faire suit un cadre convenu.")
    DISSEMINATION = "dissemination", _("vocabulary", "Dissémination (« open innovation »)"), _(
        "vocabulary", "La transmission n'est pas formalisée : chacun reprend librement la démarche.")
    COOPERATION_SIMPLE = "cooperation_simple", _("vocabulary", "Coopération simple"), _(
        "vocabulary", "Mutualisation de ressources.")
    COOPERATION_STRATEGIQUE = "cooperation_strategique", _("vocabulary", "Coopération stratégique"), _(
        "vocabulary", "Coordination pour cibler.")
    COOPERATION_RENFORCEE = "cooperation_renforcee", _("vocabulary", "Coopération renforcée"), _(
        "vocabulary", "Création commune d'une activité innovante.")
    FUSION_ABSORPTION = "fusion_absorption", _("vocabulary", "Fusion-absorption"), _(
        "vocabulary", "Dévolution du patrimoine d'une ou plusieurs structures à une autre.")
    FUSION_CREATION = "fusion_creation", _("vocabulary", "Fusion-création"), _(
        "vocabulary", "Réunion de plusieurs structures en une seule.")


VARIANT_MODELS: dict[str, str] = {
    **dict.fromkeys((ScalingVariant.DIVERSIFICATION_HORIZONTALE, ScalingVariant.DIVERSIFICATION_VERTICALE,
                     ScalingVariant.DIVERSIFICATION_CONGLOMERALE), ScalingModel.DIVERSIFICATION),
    **dict.fromkeys((ScalingVariant.DUPLICATION_SOUPLE, ScalingVariant.DUPLICATION_FRANCHISEE,
                     ScalingVariant.DUPLICATION_CENTRALISEE), ScalingModel.DUPLICATION),
    **dict.fromkeys((ScalingVariant.FERTILISATION_FORMALISEE, ScalingVariant.DISSEMINATION),
                    ScalingModel.FERTILISATION),
    **dict.fromkeys((ScalingVariant.COOPERATION_SIMPLE, ScalingVariant.COOPERATION_STRATEGIQUE,
                     ScalingVariant.COOPERATION_RENFORCEE), ScalingModel.COOPERATION),
    **dict.fromkeys((ScalingVariant.FUSION_ABSORPTION, ScalingVariant.FUSION_CREATION), ScalingModel.FUSION),
}
"""The model each variant belongs to (the annex « Six modèles de changement d'échelle »)."""


def variants_of(model: str) -> list[ScalingVariant]:
    return [variant for variant in ScalingVariant if VARIANT_MODELS[variant] == model]


SUGGESTED_MODELS: dict[str, tuple[str, ...]] = {
    ScalingObjective.IMPACT_BENEFICIAIRE: (
        ScalingModel.APPROFONDISSEMENT, ScalingModel.DIVERSIFICATION, ScalingModel.COOPERATION, ScalingModel.FUSION),
    ScalingObjective.BENEFICIAIRES_TERRITOIRE: (
        ScalingModel.DIVERSIFICATION, ScalingModel.DUPLICATION, ScalingModel.COOPERATION, ScalingModel.FUSION),
    ScalingObjective.NOMBRE_TERRITOIRES: (
        ScalingModel.DUPLICATION, ScalingModel.FERTILISATION, ScalingModel.COOPERATION, ScalingModel.FUSION),
    ScalingObjective.PERENNISER: (
        ScalingModel.APPROFONDISSEMENT, ScalingModel.DIVERSIFICATION, ScalingModel.COOPERATION, ScalingModel.FUSION),
    ScalingObjective.EFFICACITE: (
        ScalingModel.APPROFONDISSEMENT, ScalingModel.DIVERSIFICATION, ScalingModel.DUPLICATION,
        ScalingModel.COOPERATION, ScalingModel.FUSION),
}
"""The report's table « objectifs → modèles suggérés » (SGMAP–CGET 2015, partie II.A): a cross per pair."""


def suggested_models(objectives: list[str]) -> list[ScalingModel]:
    """The models the report suggests for any of `objectives`, in the models' order."""
    wanted = {model for objective in objectives for model in SUGGESTED_MODELS.get(objective, ())}
    return [model for model in ScalingModel if model in wanted]


LEGACY_SCALING_MODELS: dict[str, tuple[str, str]] = {
    "duplication_souple": (ScalingModel.DUPLICATION, ScalingVariant.DUPLICATION_SOUPLE),
    "duplication_franchisee": (ScalingModel.DUPLICATION, ScalingVariant.DUPLICATION_FRANCHISEE),
    "duplication_centralisee": (ScalingModel.DUPLICATION, ScalingVariant.DUPLICATION_CENTRALISEE),
    "fertilisation": (ScalingModel.FERTILISATION, ScalingVariant.DISSEMINATION),
}
"""The old scaling-model codes that name a model and a variant now (the others keep their meaning)."""


def upgrade_scaling_codes(models: list[str], variants: list[str]) -> tuple[list[str], list[str]]:
    """Old models and variants → (models, variants) of the six-model list, nothing lost, nothing doubled."""
    new_models: dict[str, None] = {}
    new_variants = dict.fromkeys(variants)
    for code in models:
        model, variant = LEGACY_SCALING_MODELS.get(code, (code, ""))
        new_models.setdefault(str(model))
        if variant:
            new_variants.setdefault(str(variant))
    return list(new_models), list(new_variants)


class DatePrecision(Coded):
    """How much of a date is known when it is not the day (empty): « 2009 » stays a year, « novembre 2014 » a
    month."""

    MOIS = "mois", _("vocabulary", "Mois")
    ANNEE = "annee", _("vocabulary", "Année")


class ProjectPhase(Coded):
    """Project stages that a funding scheme serves, and the phase in which a partner joins."""

    EMERGENCE = "emergence", _("vocabulary", "Émergence")
    EXPERIMENTATION = "experimentation", _("vocabulary", "Expérimentation")
    CONSOLIDATION = "consolidation", _("vocabulary", "Consolidation")
    CHANGEMENT_ECHELLE = "changement_echelle", _("vocabulary", "Changement d'échelle")


class FundingLevel(Coded):
    """Who runs a funding or support scheme, from the widest to the nearest (and private funders apart)."""

    EUROPEEN = "europeen", _("vocabulary", "Européen")
    NATIONAL = "national", _("vocabulary", "National")
    REGIONAL = "regional", _("vocabulary", "Régional")
    DEPARTEMENTAL = "departemental", _("vocabulary", "Départemental")
    INTERCOMMUNAL = "intercommunal", _("vocabulary", "Intercommunal")
    COMMUNAL = "communal", _("vocabulary", "Communal")
    PRIVE = "prive", _("vocabulary", "Privé")


class FundingKind(Coded):
    """What a scheme gives: money in its several forms, or support without money."""

    SUBVENTION = "subvention", _("vocabulary", "Subvention")
    APPEL_PROJETS = "appel_projets", _("vocabulary", "Appel à projets")
    AMI = "ami", _("vocabulary", "Appel à manifestation d'intérêt")
    PRET = "pret", _("vocabulary", "Prêt")
    AVANCE = "avance", _("vocabulary", "Avance remboursable")
    GARANTIE = "garantie", _("vocabulary", "Garantie")
    MECENAT = "mecenat", _("vocabulary", "Mécénat / fondation")
    PRIX = "prix", _("vocabulary", "Prix ou trophée")
    ACCOMPAGNEMENT = "accompagnement", _("vocabulary", "Accompagnement")
    FORMATION = "formation", _("vocabulary", "Formation")
    INGENIERIE = "ingenierie", _("vocabulary", "Ingénierie")
    RESEAU = "reseau", _("vocabulary", "Mise en réseau")
    FINANCEMENT_PARTICIPATIF = "financement_participatif", _("vocabulary", "Financement participatif")
    PARTICIPATION = "participation", _("vocabulary", "Prise de participation au capital")
    LABEL = "label", _("vocabulary", "Label")


CALL_KINDS = frozenset({FundingKind.APPEL_PROJETS, FundingKind.AMI})
"""Calls: they bring money unless they say not (`Scheme.without_money`, « appels à projets non subventionnés »)."""
MONEY_KINDS = frozenset({FundingKind.SUBVENTION, FundingKind.PRET, FundingKind.AVANCE, FundingKind.GARANTIE,
                         FundingKind.MECENAT, FundingKind.PRIX, FundingKind.FINANCEMENT_PARTICIPATIF,
                         FundingKind.PARTICIPATION}) | CALL_KINDS
"""The kinds that bring money (a call unless it says not)."""


class Audience(Coded):
    """Who may apply: the twelve audiences of Aides-territoires, and the CCAS and CIAS it lacks (both public
    establishments: a CCAS also fits what a commune may get, a CIAS what an intercommunality may get)."""

    CCAS = "ccas", _("vocabulary", "CCAS")
    CIAS = "cias", _("vocabulary", "CIAS")
    COMMUNE = "commune", _("vocabulary", "Commune")
    EPCI = "epci", _("vocabulary", "Intercommunalité / Pays")
    DEPARTEMENT = "department", _("vocabulary", "Département")
    REGION = "region", _("vocabulary", "Région")
    SPECIAL = "special", _("vocabulary", "Collectivité d'outre-mer à statut particulier")
    PUBLIC_ORG = "public-org", _("vocabulary", "Établissement public, services de l'État")
    PUBLIC_CIES = "public-cies", _("vocabulary", "Entreprise publique locale (Sem, Spl, SemOp)")
    ASSOCIATION = "association", _("vocabulary", "Association")
    PRIVATE_SECTOR = "private-sector", _("vocabulary", "Entreprise privée")
    PRIVATE_PERSON = "private-person", _("vocabulary", "Particulier")
    FARMER = "farmer", _("vocabulary", "Agriculteur")
    RESEARCHER = "researcher", _("vocabulary", "Recherche")


AUDIENCES_OF: dict[str, tuple[str, ...]] = {
    StructureType.CCAS: (Audience.CCAS, Audience.COMMUNE, Audience.PUBLIC_ORG),
    StructureType.CIAS: (Audience.CIAS, Audience.EPCI, Audience.PUBLIC_ORG),
    StructureType.COMMUNE: (Audience.COMMUNE,),
    StructureType.EPCI: (Audience.EPCI,),
    StructureType.DEPARTEMENT: (Audience.DEPARTEMENT,),
    StructureType.REGION: (Audience.REGION,),
    StructureType.ETAT: (Audience.PUBLIC_ORG,),
    StructureType.UDCCAS: (Audience.ASSOCIATION,),
    StructureType.ETABLISSEMENT_PUBLIC: (Audience.PUBLIC_ORG,),
    StructureType.PROTECTION_SOCIALE: (Audience.PUBLIC_ORG,),
    StructureType.ASSOCIATION: (Audience.ASSOCIATION,),
    StructureType.ESS: (Audience.PRIVATE_SECTOR, Audience.ASSOCIATION),
    StructureType.ENTREPRISE: (Audience.PRIVATE_SECTOR,),
    StructureType.FONDATION: (Audience.ASSOCIATION,),
}
"""The audiences a structure of each type belongs to, for matching a fiche against a scheme's audiences (an
entreprise de l'ESS may be an association, a SCOP or a SCIC; a fondation applies where associations do; a UDCCAS
is an association of CCAS)."""


class Recurrence(Coded):
    PERMANENT = "permanent", _("vocabulary", "Permanent")
    ANNUEL = "annuel", _("vocabulary", "Annuel")
    PONCTUEL = "ponctuel", _("vocabulary", "Ponctuel")


class SchemeStatus(Coded):
    """Whether one can still apply: a closed call may come back; a discontinued scheme will not."""

    OUVERT = "ouvert", _("vocabulary", "Ouvert")
    FERME = "ferme", _("vocabulary", "Fermé")
    ARRETE = "arrete", _("vocabulary", "Arrêté")


class GridLineScope(Coded):
    UNIQUE = "unique", _("vocabulary", "Unique")
    PAR_SITE = "par_site", _("vocabulary", "Par site")


class GridLineOrigin(Coded):
    """Where a figure of the grid comes from; empty when not said (the user's own figure)."""

    SOURCE = "source", _("vocabulary", "Tirée d'une source")
    ILLUSTRATIVE = "illustrative", _("vocabulary", "Illustrative")


class Confidence(Coded):
    FAIBLE = "faible", _("vocabulary", "Faible")
    MOYENNE = "moyenne", _("vocabulary", "Moyenne")
    FORTE = "forte", _("vocabulary", "Forte")


class ChecklistStatus(Coded):
    A_FAIRE = "a_faire", _("vocabulary", "À faire")
    EN_COURS = "en_cours", _("vocabulary", "En cours")
    FAIT = "fait", _("vocabulary", "Fait")
    SANS_OBJET = "sans_objet", _("vocabulary", "Sans objet")
