"""`essaim funding …`: the funding catalogue on the command line."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from app.cli.fiche_commands import resolve_id
from app.domain.codec import to_dict
from app.domain.fiche import Attachment
from app.domain.formats import format_count, format_date, format_money, parse_date, parse_decimal, shorten
from app.domain.scheme_deadlines import deadlines_within
from app.domain.scheme_finder import FACET_TITLES, FACETS, SchemeQuery
from app.domain.scheme_sections import scheme_values
from app.domain.shortlist import ApplicationStatus, ShortlistEntry
from app.domain.vocabulary import FundingLevel, SchemeStatus
from app.errors import UserError
from app.services import fiches, shortlist
from app.services.funding import Finder, load_scheme, resolve_scheme_id
from app.services.funding_catalogue import catalogue_outcome, load_catalogue
from app.storage.store import Store


def funding_load_catalogue(_args: argparse.Namespace, store: Store) -> int:
    print(catalogue_outcome(load_catalogue(store)))
    return 0


def _query(args: argparse.Namespace) -> SchemeQuery:
    try:
        before = parse_date(args.before) if args.before else None
        amount = parse_decimal(args.min_amount) if args.min_amount else None
    except ValueError as error:
        raise UserError(str(error)) from None
    return SchemeQuery(text=args.text, levels=set(args.level), kinds=set(args.kind), audiences=set(args.audience),
                       themes=set(args.theme), stages=set(args.stage), statuses=set(args.status), open_now=args.open,
                       deadline_before=before, amount_at_least=amount, sort=getattr(args, "sort", "pertinence"),
                       territory=args.territory)


def funding_search(args: argparse.Namespace, store: Store) -> int:
    page = Finder(store).search(_query(args))
    if args.json:
        print(json.dumps({"total": page.total, "counts": page.counts, "results": [
            {"id": found.scheme.id, "name": found.scheme.name, "open": found.open,
             "deadline": found.deadline.isoformat() if found.deadline else None, "soon": found.soon,
             "variants": [variant.id for variant in found.variants]} for found in page.results]},
            ensure_ascii=False, indent=2))
        return 0
    print(format_count(page.total, "dispositif trouvé", "dispositifs trouvés"))
    for found in page.results:
        scheme = found.scheme
        facts = [FundingLevel.label_of(scheme.level), ", ".join(scheme.financers)]
        if found.deadline:
            facts.append(f"date limite {format_date(found.deadline)}" + (" (proche)" if found.soon else ""))
        elif not found.open:
            facts.append(SchemeStatus.label_of(scheme.status) if scheme.status != "ouvert" else "date limite passée")
        if scheme.amount_max is not None:
            facts.append(f"jusqu'à {format_money(scheme.amount_max, 0)}")
        print(f"  {scheme.id[:8]}  {shorten(scheme.name, 70)} — {' · '.join(fact for fact in facts if fact)}")
        for variant in found.variants:
            print(f"      ↳ {variant.id[:8]}  {shorten(variant.name, 66)}")
    for facet in FACETS:
        counts = page.counts[facet]
        if counts:
            title, vocabulary = FACET_TITLES[facet]
            order = {member.value: n for n, member in enumerate(vocabulary)}
            shown = " · ".join(f"{vocabulary.label_of(code)} {count}" for code, count in sorted(
                counts.items(), key=lambda item: (-item[1], order.get(item[0], len(order)), item[0])))
            print(f"{title} : {shown}")
    return 0


def funding_import(args: argparse.Namespace, store: Store) -> int:
    """A catalogue file previewed, then applied (unless --dry-run); a package goes through the package import."""
    from app.imports.detect import is_package
    from app.services import catalogue_update
    from app.services.catalogue_update_text import describe

    path = Path(args.file)
    if is_package(path):
        from app.cli.package_commands import package_import

        package_args = argparse.Namespace(file=args.file, dry_run=args.dry_run, ask_password=False,
                                          password_file=None, on_conflict=args.on_conflict or "fail")
        return package_import(package_args, store)
    result = catalogue_update.preview_file(store, path)
    for line in describe(result):
        print(line)
    if args.dry_run:
        print("Essai à blanc : rien n'a été importé.")
        return 0
    if result.file.problems and not args.skip_bad:
        print("Erreur : des enregistrements sont refusés ; corrigez le fichier, ou relancez avec --skip-bad pour "
              "importer les autres.")
        return 1
    theirs = {change.scheme_id: set(change.conflicts) for change in result.changed} \
        if args.on_conflict == "theirs" else {}
    outcome = catalogue_update.apply(store, result, catalogue_update.Decisions(
        theirs=theirs, separate=set(args.separate), skip_problems=args.skip_bad))
    if outcome.backup is None:
        print("Rien à importer : le catalogue est déjà à jour.")
    else:
        print(f"{format_count(outcome.added, 'dispositif ajouté', 'dispositifs ajoutés')}, "
              f"{format_count(outcome.updated, 'mis à jour', 'mis à jour')}, "
              f"{format_count(outcome.linked, 'lié', 'liés')} à un dispositif déjà là, "
              f"{format_count(outcome.unpublished, 'marqué plus publié', 'marqués plus publiés')} "
              f"(sauvegarde prise avant : {outcome.backup.name}).")
    return 0


def funding_export(args: argparse.Namespace, store: Store) -> int:
    """The schemes the filters find (all open ones by default), with their local variants, written to a file."""
    page = Finder(store).search(_query(args))
    schemes = page.schemes()
    from app.services.catalogue_export import export_catalogue

    path = export_catalogue(store, args.format, schemes, Path(args.output))
    print(f"{format_count(len(schemes), 'dispositif écrit', 'dispositifs écrits')} dans {path}.")
    return 0


def funding_show(args: argparse.Namespace, store: Store) -> int:
    scheme = load_scheme(store, resolve_scheme_id(store, args.scheme_id))
    if args.json:
        print(json.dumps(to_dict(scheme), ensure_ascii=False, indent=2))
        return 0
    print(scheme.name)
    for value in scheme_values(scheme):
        print(f"{value.label} : {value.value}")
    return 0


def funding_match(args: argparse.Namespace, store: Store) -> int:
    fiche = fiches.load(store, resolve_id(store, args.fiche_id))
    finder = Finder(store)
    news = finder.news()
    matches = finder.match(fiche)[:max(args.limit, 0)]
    if args.json:
        print(json.dumps([{"id": m.scheme.id, "name": m.scheme.name, "score": m.score, "open": m.open,
                           "news": news.get(m.scheme.id, ""),
                           "deadline": m.deadline.isoformat() if m.deadline else None, "reasons": list(m.reasons),
                           "misfits": list(m.misfits), "unknowns": list(m.unknowns)} for m in matches],
                         ensure_ascii=False, indent=2))
        return 0
    print(f"Dispositifs pour « {shorten(fiche.title, 70)} »")
    for match in matches:
        deadline = f", date limite {format_date(match.deadline)}" if match.deadline else ""
        mark = {"nouveau": " — nouveau", "modifie": " — modifié"}.get(news.get(match.scheme.id, ""), "")
        print(f"  {match.scheme.id[:8]}  {shorten(match.scheme.name, 70)} (score {match.score}{deadline}){mark}")
        for sign, lines in (("+", match.reasons), ("−", match.misfits), ("?", match.unknowns)):
            for line in lines:
                print(f"      {sign} {line}")
    return 0


def funding_deadlines(args: argparse.Namespace, store: Store) -> int:
    if args.days < 0:
        raise UserError("Le nombre de jours ne peut pas être négatif.")
    from app.services import labs

    entries = deadlines_within(Finder(store).schemes(), date.today(), args.days, labs.tasks(store))
    print(format_count(len(entries), "échéance") + f" d'ici {format_count(args.days, 'jour')}"
          " (et depuis 30 jours) : dates limites des financements et échéances des labs")
    for entry in entries:
        label = f" — {entry.label}" if entry.label else ""
        print(f"  {format_date(entry.on)}  ({entry.when})  {shorten(entry.title, 70)}{label}")
    if args.ics:
        from app.exports.deadlines_ics import write_deadlines_ics

        output = Path(args.ics).expanduser().resolve()
        if output.suffix.lower() != ".ics":
            output = output.with_suffix(".ics")
        write_deadlines_ics([entry for entry in entries if not entry.passed], output)
        print(f"Calendrier écrit : {output}")
    return 0


def funding_shortlist(args: argparse.Namespace, store: Store) -> int:
    fiche = fiches.load(store, resolve_id(store, args.fiche_id))
    if args.action != "list" and not args.target:
        raise UserError(f"« {args.action} » attend un identifiant (dispositif pour add, demande pour set, attach, "
                        "detach et remove).")
    _check_files(args)
    if args.action == "add":
        entry = shortlist.add(store, fiche.id, resolve_scheme_id(store, args.target))
        print(f"Ajouté à la liste de « {shorten(fiche.title, 60)} » : {entry.scheme_name} ({entry.id[:8]}).")
    elif args.action == "list":
        _print_shortlist(store, fiche.id, fiche.title)
    else:
        matching = [e for e in shortlist.entries(store, fiche.id) if e.id.startswith(args.target.strip().lower())]
        if len(matching) != 1:
            raise UserError(f"« {args.target} » ne désigne pas une demande de cette fiche "
                            "(« essaim funding shortlist FICHE_ID » les liste).")
        _change_entry(store, matching[0], args)
    return 0


def _change_entry(store: Store, entry: ShortlistEntry, args: argparse.Namespace) -> None:
    """set, attach, detach or remove the application, and say what was done."""
    if args.action == "attach":
        _entry, added = shortlist.attach_files(store, entry.id, [Path(name).expanduser() for name in args.files])
        print(f"{'Fichiers joints' if len(added) > 1 else 'Fichier joint'} à « {entry.scheme_name} » : "
              + ", ".join(_described(item) for item in added) + ".")
    elif args.action == "detach":
        _entry, removed = shortlist.detach(store, entry.id, args.files[0])
        print(f"Pièce jointe retirée de « {entry.scheme_name} » : {removed.file_name}.")
    elif args.action == "remove":
        shortlist.remove(store, entry.id)
        print(f"Retiré de la liste : {entry.scheme_name}.")
    else:
        try:
            for option, name in (("requested", "amount_requested"), ("obtained", "amount_obtained"),
                                 ("paid", "amount_paid")):
                if getattr(args, option) is not None:
                    setattr(entry, name, parse_decimal(getattr(args, option)))
        except ValueError as error:
            raise UserError(str(error)) from None
        entry.status = args.status or entry.status
        entry.notes = entry.notes if args.notes is None else args.notes
        shortlist.save(store, entry)
        print(f"Demande mise à jour : {entry.scheme_name} — {ApplicationStatus.label_of(entry.status)}.")


def _print_shortlist(store: Store, fiche_id: str, title: str) -> None:
    entries = shortlist.entries(store, fiche_id)
    print(f"Financements sollicités pour « {shorten(title, 60)} » : "
          + format_count(len(entries), "demande", "demandes"))
    for entry in entries:
        amounts = " · ".join(f"{label} {format_money(value)}" for label, value in (
            ("demandé", entry.amount_requested), ("obtenu", entry.amount_obtained), ("versé", entry.amount_paid))
            if value is not None)
        deadline = f", date limite visée {format_date(entry.target_deadline)}" if entry.target_deadline else ""
        print(f"  {entry.id[:8]}  {shorten(entry.scheme_name, 60)} — {ApplicationStatus.label_of(entry.status)}"
              f"{deadline}{' — ' + amounts if amounts else ''}")
        for attachment in entry.attachments:
            print(f"            pièce jointe : {_described(attachment)}")


def _check_files(args: argparse.Namespace) -> None:
    """attach takes files, detach one name, the other actions none."""
    if args.action == "attach" and not args.files:
        raise UserError("« attach » attend la demande puis le ou les fichiers à joindre.")
    if args.action == "detach" and len(args.files) != 1:
        raise UserError("« detach » attend la demande puis le nom d'une pièce jointe (tel que « list » l'écrit).")
    if args.action not in ("attach", "detach") and args.files:
        raise UserError(f"« {args.action} » n'attend pas de fichier : « {shorten(args.files[0], 60)} » est de trop.")


def _described(attachment: Attachment) -> str:
    return f"{attachment.file_name} ({format_count(attachment.size, 'octet')})"
