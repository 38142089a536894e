"""Errors the supervisor may see. Each carries a translatable message and its arguments."""

from __future__ import annotations

from typing import Any

from console.i18n import QT_TRANSLATE_NOOP, translate

CTX = "Errors"


class WatchfloorError(Exception):
    """Base for expected, user-facing failures.

    ``text`` is the untranslated English message (marked for lupdate), ``args`` fill its ``{}`` fields.
    ``str(err)`` is the translated message, so the CLI and the UI show the same words.
    """

    text: str = QT_TRANSLATE_NOOP("Errors", "Something went wrong.")
    # Fields whose values are themselves marked strings: field name -> their translation context.
    translated_fields: dict[str, str] = {}

    def __init__(self, text: str | None = None, **fields: Any) -> None:
        if text is not None:
            self.text = text
        self.fields = fields
        super().__init__(self.english())

    def english(self) -> str:
        return self.text.format(**self.fields)

    def message(self) -> str:
        marked = self.translated_fields
        fields = {k: translate(marked[k], v) if k in marked else v for k, v in self.fields.items()}
        return translate("Errors", self.text).format(**fields)

    def __str__(self) -> str:
        return self.message()


class PermissionDenied(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{user} ({role}) may not {action}.")
    translated_fields = {"role": "Role", "action": "Perm"}


class NotFound(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{what} {key} does not exist.")
    translated_fields = {"what": "Entity"}


# What NotFound names (``what=``): marked here so the message is whole in every language.
ENTITIES = (
    QT_TRANSLATE_NOOP("Entity", "Agent"),
    QT_TRANSLATE_NOOP("Entity", "Department"),
    QT_TRANSLATE_NOOP("Entity", "Floor"),
    QT_TRANSLATE_NOOP("Entity", "Handoff"),
    QT_TRANSLATE_NOOP("Entity", "Handover"),
    QT_TRANSLATE_NOOP("Entity", "Incident"),
    QT_TRANSLATE_NOOP("Entity", "Indicator"),
    QT_TRANSLATE_NOOP("Entity", "Leave request"),
    QT_TRANSLATE_NOOP("Entity", "Review"),
    QT_TRANSLATE_NOOP("Entity", "Action item"),
    QT_TRANSLATE_NOOP("Entity", "Runbook item"),
    QT_TRANSLATE_NOOP("Entity", "Seat"),
    QT_TRANSLATE_NOOP("Entity", "Shift log entry"),
    QT_TRANSLATE_NOOP("Entity", "Shift"),
    QT_TRANSLATE_NOOP("Entity", "User"),
    QT_TRANSLATE_NOOP("Entity", "Zone"),
    QT_TRANSLATE_NOOP("Entity", "Staffing requirement"),
    QT_TRANSLATE_NOOP("Entity", "Shift swap"),
)


class Conflict(WatchfloorError):
    """Someone else changed or claimed the same thing first. Says who, when the winner is known."""

    text = QT_TRANSLATE_NOOP("Errors", "{what} was changed by someone else; reload and try again.")
    text_who = QT_TRANSLATE_NOOP(
        "Errors", "{what} was just changed by {who}: look at it again before you act."
    )

    def __init__(self, text: str | None = None, **fields: Any) -> None:
        if text is None and "who" in fields:
            text = self.text_who
        super().__init__(text, **fields)


class InvalidInput(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Invalid input: {detail}")


class IllegalTransition(WatchfloorError):
    """A move the incident's current state does not allow (:data:`console.services.lifecycle.TRANSITIONS`)."""

    text = QT_TRANSLATE_NOOP("Errors", "{ref} is {status}: it cannot be {verb} from there.")
    translated_fields = {"status": "Status", "verb": "Transition"}


class OpenHandoffs(WatchfloorError):
    """Resolving an incident whose handoffs are not closed, without an override reason."""

    text = QT_TRANSLATE_NOOP(
        "Errors",
        "{ref} still waits on {departments}: close the handoff first, or give a reason to resolve it anyway.",
    )


class NoOwner(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "{user} is not linked to an agent of this floor: choose who claims {ref}."
    )


class SelfDuplicate(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{ref} cannot be a duplicate of itself.")


class DuplicateOfDuplicate(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "{target} is itself a duplicate of {of}: merge {ref} into {of} instead."
    )


class HandoffClosed(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "The handoff of {ref} to {department} is closed already.")


class HandoffUnanswered(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "{department} has not answered the handoff of {ref}: give a reason to close it unanswered."
    )


class ReviewConflict(Conflict):
    """Someone saved the review (or changed the action item) since this form read it."""

    text = QT_TRANSLATE_NOOP(
        "Errors", "The review of {ref} was changed by someone else; reload it and try again."
    )
    text_who = QT_TRANSLATE_NOOP(
        "Errors", "The review of {ref} was just changed by {who}: read it again before you save."
    )


class NotClosable(WatchfloorError):
    """The closing rule (:func:`console.services.reviews.require_closable`): what is still missing, each
    part a marked string (context ``Errors``) with its own fields, joined in the reader's language."""

    text = QT_TRANSLATE_NOOP("Errors", "{ref} cannot be {verb} yet: {missing}.")
    translated_fields = {"verb": "Transition"}

    def __init__(self, *, ref: str, verb: str, missing: list[tuple[str, dict[str, Any]]]) -> None:
        self.missing = missing
        super().__init__(ref=ref, verb=verb, missing="; ".join(t.format(**f) for t, f in missing))

    def message(self) -> str:
        parts = "; ".join(translate("Errors", t).format(**f) for t, f in self.missing)
        verb = translate("Transition", self.fields["verb"])
        return translate("Errors", self.text).format(ref=self.fields["ref"], verb=verb, missing=parts)


# The parts a NotClosable names (marked here so lupdate sees them with their context).
NO_REVIEW = QT_TRANSLATE_NOOP("Errors", "a P{severity} incident needs a post-incident review")
NO_SUMMARY = QT_TRANSLATE_NOOP("Errors", "the review has no summary")
NO_ROOT_CAUSE = QT_TRANSLATE_NOOP("Errors", "the review names no root cause")
OPEN_ACTIONS = QT_TRANSLATE_NOOP("Errors", "action items still open: {titles}")
DEFERRED_WITHOUT_REASON = QT_TRANSLATE_NOOP("Errors", "action items deferred without a reason: {titles}")


class BadReviewField(WatchfloorError):
    """A review or action item field that does not hold what it must; ``field`` names it (context Review)."""

    text = QT_TRANSLATE_NOOP("Errors", "{field}: {value} is not valid.")
    translated_fields = {"field": "Review"}


class BadAmount(BadReviewField):
    text = QT_TRANSLATE_NOOP("Errors", "{field}: “{value}” is not an amount; write it like 12,500.50.")


class NegativeAmount(BadReviewField):
    text = QT_TRANSLATE_NOOP("Errors", "{field} cannot be negative ({value}).")


class BadCount(BadReviewField):
    text = QT_TRANSLATE_NOOP("Errors", "{field}: “{value}” is not a whole number of 0 or more.")


class BadCurrency(BadReviewField):
    text = QT_TRANSLATE_NOOP("Errors", "{field}: “{value}” is not an ISO currency code such as USD or MYR.")


class UnknownRootCause(BadReviewField):
    text = QT_TRANSLATE_NOOP("Errors", "{field}: “{value}” is not one of the root-cause categories.")


class MissingField(BadReviewField):
    text = QT_TRANSLATE_NOOP("Errors", "{field} is required.")


class DeferralNeedsReason(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "Say why “{title}” is deferred: an action item is deferred with a reason, never silently."
    )


class ActionItemMove(WatchfloorError):
    """An action item asked to move from a status that does not allow it (done twice, deferred when done)."""

    text = QT_TRANSLATE_NOOP("Errors", "“{title}” is {status} already.")
    translated_fields = {"status": "ActionStatus"}


class NoRunbookItem(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "The runbook for {category} has no item “{item}”.")
    translated_fields = {"category": "Category"}


class EmptyLogEntry(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "A shift log entry needs some text: nothing was added.")


class LogEntryTooLong(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "A shift log entry holds at most {limit} characters ({length} given): shorten it."
    )


class UnknownLink(WatchfloorError):
    """A shift log entry linked to an incident, agent or indicator this floor does not have."""

    text = QT_TRANSLATE_NOOP(
        "Errors", "The log entry names {what} {key}, which this floor does not have: nothing was added."
    )
    translated_fields = {"what": "Entity"}


class NoShift(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "No shift runs at {at}: there is no shift to hand over.")


class OwnHandover(WatchfloorError):
    """The supervisor handing over cannot also be the one who takes the shift over."""

    text = QT_TRANSLATE_NOOP(
        "Errors",
        "{user} prepared this handover: the incoming supervisor signs it off, not the one handing over.",
    )


class HandoverSignedOff(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "The handover of the {shift} shift was already signed off by {who} at {at}."
    )
    translated_fields = {"shift": "Handover"}  # the floor's shift names (Morning, …) are marked there


def shown_path(path: str) -> str:
    """A file name as a message shows it: on one line whatever it holds (a newline, a control character)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)


class BadDatabaseAddress(WatchfloorError):
    """A database address (``--db``, ``database_url``) that names nothing Watchfloor can open."""

    text = QT_TRANSLATE_NOOP(
        "Errors",
        "Unsupported database address ({kind}): give a SQLite file path or postgresql://user@host:port/db.",
    )


class NoSuchFolder(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "Cannot open the database file {path}: the folder {folder} does not exist."
    )


class NoSuchDatabaseFile(WatchfloorError):
    """An explicit SQLite path that is not there: refused, not created (only the embedded default is)."""

    text = QT_TRANSLATE_NOOP(
        "Errors", "There is no database file {path}; to make a new one: watchfloor db create {arg}"
    )

    @classmethod
    def for_path(cls, path: str) -> NoSuchDatabaseFile:
        import shlex

        shown = shown_path(path)
        return cls(path=shown, arg=shlex.quote(shown))


class DatabaseFileExists(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "{path} already exists: 'watchfloor db create' makes only new database files."
    )


class NotASqlitePath(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "'watchfloor db create' makes SQLite files ({kind} given): create a PostgreSQL database on its "
        "server, then run 'watchfloor db upgrade' on it.",
    )


class NotADatabase(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{path} is not a SQLite database file.")


class DatabaseDamaged(WatchfloorError):
    """A SQLite file that fails ``PRAGMA quick_check`` (or that SQLite calls malformed)."""

    text = QT_TRANSLATE_NOOP(
        "Errors", "The database file {path} is damaged ({detail}); restore it from a backup."
    )


class DatabaseUnavailable(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "Cannot reach the database at {where}: {reason}")


class SchemaTooNew(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "The database schema ({found}) is newer than this Watchfloor knows ({known}). "
        "It is opened read-only; upgrade Watchfloor to make changes.",
    )


class SchemaOutdated(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "The database schema ({found}) is older than this Watchfloor needs ({known}). "
        "Run 'watchfloor db upgrade'.",
    )


class ReadOnly(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "This database is open read-only: {reason}")


class PasswordRequired(WatchfloorError):
    """The server wants a password and none was at hand; ``reason`` (translated) says why not."""

    text = QT_TRANSLATE_NOOP("Errors", "A password is needed for {where}: {reason}")


class PasswordNeedsTerminal(PasswordRequired):
    """As :class:`PasswordRequired`, from a command with no terminal to ask on: says what to do instead."""

    text = QT_TRANSLATE_NOOP(
        "Errors",
        "A password is needed for {where}: {reason} There is no terminal to ask for it: run the command in a "
        "terminal, or store the password first with 'watchfloor db password'.",
    )
    text_no_keyring = QT_TRANSLATE_NOOP(
        "Errors",
        "A password is needed for {where}: {reason} There is no terminal to ask for it: run the command in a "
        "terminal.",
    )


class WrongPassword(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "The database at {where} did not accept the password.")


class FloorExists(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "{where} already has a floor: use an empty database (or --reset to replace a demo floor).",
    )


class NotDemoFloor(WatchfloorError):
    """``demo --reset`` deletes only a floor the demo built (and recorded so in the audit log)."""

    text = QT_TRANSLATE_NOOP(
        "Errors",
        "{where} has a floor the demo did not build (or an older Watchfloor built it without recording "
        "so): --reset replaces only a demo floor, and nothing was changed.",
    )


class ConfirmationNeeded(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "--reset deletes the demo floor in {where}: run it on a terminal to confirm, or add --yes.",
    )


class Cancelled(WatchfloorError):
    """Raised from a progress callback to stop a long operation; its transaction is rolled back."""

    text = QT_TRANSLATE_NOOP("Errors", "Cancelled: nothing was written.")


# Make lupdate see the base message's context too.
_ = QT_TRANSLATE_NOOP("Errors", "Something went wrong.")


class NotAUser(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "{user} is not a user of this floor ({where}). An admin adds you with: watchfloor user add {user} "
        "--role ROLE",
    )


class AccountDisabled(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "The account {user} is disabled on this floor; ask an admin.")


class RoleChanged(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "{user} now holds the role {role} on this floor; sign in again (restart) to act with it."
    )
    translated_fields = {"role": "Role"}


class UnknownRole(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "There is no role {role}; the roles are: {roles}.")


class LastAdmin(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors", "{user} is the last active admin of this floor; make someone else admin first."
    )


class BadAuditHead(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "{value} is not an audit head; it looks like 1234:3fa9… (ID:SHA-256).")


class SchemaNewerThanBuild(WatchfloorError):
    text = QT_TRANSLATE_NOOP(
        "Errors",
        "The database schema ({found}) is newer than this Watchfloor knows ({known}): it is left as it is; "
        "use a Watchfloor at least as new as the one that migrated it.",
    )


class MigrationRefused(WatchfloorError):
    text = QT_TRANSLATE_NOOP("Errors", "The schema was not changed: {reason}")
