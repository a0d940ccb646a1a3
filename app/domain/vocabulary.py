"""Every enumeration of Essaim: a stable code (stored, exchanged) and its French label (shown).

Codes never change once released; labels may. The labels are marked with
`QT_TRANSLATE_NOOP("vocabulary", …)` so that Qt's lupdate extracts them and the GUI shows them
through `QCoreApplication.translate("vocabulary", label)`. This module does not import Qt.
"""

from __future__ import annotations

from enum import StrEnum


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation without translating it here."""
    return text


class Coded(StrEnum):
    """A code with a French label. `Theme("sante").label == "Santé"`."""

    label: str

    def __new__(cls, code: str, label: str = "") -> Coded:
        # `Theme("sante")` looks a member up by its code: type checkers see that call through this signature.
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
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
        try:
            return cls(code).label
        except ValueError:
            return code


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
    ASSOCIATION = "association", _("vocabulary", "Association")
    ESS = "ess", _("vocabulary", "Entreprise de l'ESS")
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
    AUTRE = "autre", _("vocabulary", "Autre")


class Stage(Coded):
    IDEE = "idee", _("vocabulary", "Idée")
    EXPERIMENTATION = "experimentation", _("vocabulary", "Expérimentation")
    CONSOLIDEE = "consolidee", _("vocabulary", "Consolidée")
    EN_ESSAIMAGE = "en_essaimage", _("vocabulary", "En essaimage")
    ESSAIMEE = "essaimee", _("vocabulary", "Essaimée")


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
    PRODUITS_SERVICES = "produits_services", _("vocabulary", "Produits ou services")
    PROCEDES = "procedes", _("vocabulary", "Procédés")
    COMMERCIALISATION = "commercialisation", _("vocabulary", "Commercialisation / modèle économique")
    ORGANISATION = "organisation", _("vocabulary", "Organisation")


class InnovationIntensity(Coded):
    RUPTURE = "rupture", _("vocabulary", "Rupture")
    INCREMENTALE = "incrementale", _("vocabulary", "Incrémentale")
    ASSEMBLAGE = "assemblage", _("vocabulary", "Assemblage")
    ADAPTATION = "adaptation", _("vocabulary", "Adaptation")


class EvaluationMethod(Coded):
    AUTO = "auto", _("vocabulary", "Auto-évaluation")
    PAIRS = "pairs", _("vocabulary", "Évaluation par les pairs")
    EXTERNE = "externe", _("vocabulary", "Évaluation externe")
    CONTROLEE = "controlee", _("vocabulary", "Expérimentation contrôlée")


class EvidenceLevel(Coded):
    """Nesta's Standards of Evidence."""

    N1 = "1", _("vocabulary", "1 — L'impact est décrit et argumenté")
    N2 = "2", _("vocabulary", "2 — Des données montrent un changement")
    N3 = "3", _("vocabulary", "3 — Un groupe de comparaison montre la causalité")
    N4 = "4", _("vocabulary", "4 — Des évaluations indépendantes et répétées")
    N5 = "5", _("vocabulary", "5 — Reproduit ailleurs avec les mêmes résultats")


class KeySuccessFactor(Coded):
    """The transversal lever and the eight key success factors of the Oural report (2015)."""

    CHANGER = "changer", _(
        "vocabulary", "Levier transversal — Changer la posture et la culture de l'administration et des élus")
    CONNAITRE = "connaitre", _("vocabulary", "1. Connaître les ressources, enjeux et besoins du territoire")
    METTRE_EN_MOUVEMENT = "mettre_en_mouvement", _("vocabulary", "2. Mettre en mouvement les acteurs et les citoyens")
    EXPERIMENTER = "experimenter", _("vocabulary", "3. Expérimenter et appliquer les règles avec agilité")
    MANAGER = "manager", _("vocabulary", "4. Gérer et manager autrement les ressources humaines et les projets")
    ACCOMPAGNER = "accompagner", _("vocabulary", "5. Accompagner les porteurs par une ingénierie territoriale")
    FINANCER = "financer", _("vocabulary", "6. Financer l'innovation et développer de nouveaux modèles économiques")
    EVALUER = "evaluer", _("vocabulary", "7. Évaluer les impacts")
    DIFFUSER = "diffuser", _("vocabulary", "8. Diffuser et communiquer sur les bonnes initiatives")


class ScalingObjective(Coded):
    """The five scaling objectives of the SGMAP–CGET report (2015)."""

    IMPACT_BENEFICIAIRE = "impact_beneficiaire", _("vocabulary", "Augmenter l'impact sur chaque bénéficiaire")
    BENEFICIAIRES_TERRITOIRE = "beneficiaires_territoire", _(
        "vocabulary", "Augmenter le nombre de bénéficiaires par territoire")
    NOMBRE_TERRITOIRES = "nombre_territoires", _("vocabulary", "Augmenter le nombre de territoires")
    PERENNISER = "perenniser", _("vocabulary", "Pérenniser le modèle économique")
    EFFICACITE = "efficacite", _("vocabulary", "Accroître l'efficacité (économies d'échelle, productivité)")


class ScalingModel(Coded):
    APPROFONDISSEMENT = "approfondissement", _("vocabulary", "Approfondissement")
    DIVERSIFICATION = "diversification", _("vocabulary", "Diversification")
    DUPLICATION_SOUPLE = "duplication_souple", _("vocabulary", "Duplication souple")
    DUPLICATION_FRANCHISEE = "duplication_franchisee", _("vocabulary", "Duplication franchisée")
    DUPLICATION_CENTRALISEE = "duplication_centralisee", _("vocabulary", "Duplication centralisée")
    FERTILISATION = "fertilisation", _("vocabulary", "Fertilisation / dissémination")
    COOPERATION = "cooperation", _("vocabulary", "Coopération")
    FUSION = "fusion", _("vocabulary", "Fusion")


class ProjectPhase(Coded):
    """Project stages that a funding scheme serves, and the phase in which a partner joins."""

    EMERGENCE = "emergence", _("vocabulary", "Émergence")
    EXPERIMENTATION = "experimentation", _("vocabulary", "Expérimentation")
    CONSOLIDATION = "consolidation", _("vocabulary", "Consolidation")
    CHANGEMENT_ECHELLE = "changement_echelle", _("vocabulary", "Changement d'échelle")


class FundingLevel(Coded):
    EUROPEEN = "europeen", _("vocabulary", "Européen")
    NATIONAL = "national", _("vocabulary", "National")
    REGIONAL = "regional", _("vocabulary", "Régional")
    DEPARTEMENTAL = "departemental", _("vocabulary", "Départemental")
    LOCAL = "local", _("vocabulary", "Local")
    PRIVE = "prive", _("vocabulary", "Privé")


class FundingKind(Coded):
    APPEL_PROJETS = "appel_projets", _("vocabulary", "Appel à projets")
    AMI = "ami", _("vocabulary", "Appel à manifestation d'intérêt")
    SUBVENTION = "subvention", _("vocabulary", "Subvention")
    PRET = "pret", _("vocabulary", "Prêt ou avance remboursable")
    GARANTIE = "garantie", _("vocabulary", "Garantie")
    MECENAT = "mecenat", _("vocabulary", "Mécénat et fondations")
    PRIX = "prix", _("vocabulary", "Prix et trophées")
    FORMATION = "formation", _("vocabulary", "Formation")
    ACCOMPAGNEMENT = "accompagnement", _("vocabulary", "Accompagnement")
    RESEAU = "reseau", _("vocabulary", "Mise en réseau")


class Recurrence(Coded):
    PERMANENT = "permanent", _("vocabulary", "Permanent")
    ANNUEL = "annuel", _("vocabulary", "Annuel")
    PONCTUEL = "ponctuel", _("vocabulary", "Ponctuel")


class GridLineScope(Coded):
    UNIQUE = "unique", _("vocabulary", "Unique")
    PAR_SITE = "par_site", _("vocabulary", "Par site")


class Confidence(Coded):
    FAIBLE = "faible", _("vocabulary", "Faible")
    MOYENNE = "moyenne", _("vocabulary", "Moyenne")
    FORTE = "forte", _("vocabulary", "Forte")


class ChecklistStatus(Coded):
    A_FAIRE = "a_faire", _("vocabulary", "À faire")
    EN_COURS = "en_cours", _("vocabulary", "En cours")
    FAIT = "fait", _("vocabulary", "Fait")
    SANS_OBJET = "sans_objet", _("vocabulary", "Sans objet")
