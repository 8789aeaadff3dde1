"""Every rule of ``bep check``: a stable code, a default severity, an explanation.

Codes never change meaning; a retired rule keeps its code reserved.  Groups:
N numbers and registry, M metadata, S structure, G segmentation, A
context-for-ai, D Decision Log, L links, B branch and merge target,
X cross-references.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bepkit.check.fixes import FIXABLE

__all__ = ["RULES", "Rule"]

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    explanation: str
    fixable: bool = False


_RULES = [
    # -- numbers and registry ---------------------------------------------------------
    Rule(
        "N001",
        "duplicate-number",
        ERROR,
        "two documents use one number",
        "Each proposal number belongs to one proposal. When two documents carry the same\n"
        "number, the one the registry row links to keeps it and every other one is reported.\n"
        "Give the other proposal a new number with `bep renumber OLD NEW --path FILE`.",
    ),
    Rule(
        "N002",
        "missing-registry-row",
        ERROR,
        "a document has no registry row",
        "The process reserves a number by adding a row to the registry table before the\n"
        "document is written. A document whose number has no row is unregistered.\n"
        "`bep check --fix` adds the row, in numeric order, above the placeholder row.",
    ),
    Rule(
        "N003",
        "registry-link-missing",
        ERROR,
        "a registry row links to a missing file",
        "A registry row's link must lead to the proposal's main document. When the number's\n"
        "document exists under another name, `--fix` relinks the row; when no document\n"
        "exists, remove the link (a reserved row has none) or write the document.",
    ),
    Rule(
        "N004",
        "registry-link-folder",
        ERROR,
        "a registry row links to a folder",
        "The registry links to the main `.md` document, never to the sub-document folder\n"
        "(registry link rule of the process). `--fix` links the main document.",
    ),
    Rule(
        "N005",
        "registry-status-mismatch",
        ERROR,
        "registry status differs from the document",
        "The document's `Status:` is the truth; the registry row repeats it. `--fix` copies\n"
        "the document's status into the row.",
    ),
    Rule(
        "N006",
        "registry-title-mismatch",
        WARNING,
        "registry title differs from the document",
        "The registry row repeats the document's title (its H1, without a `BEP-NNNN:`\n"
        "prefix). Case and punctuation are ignored. `--fix` copies the title into the row.",
    ),
    Rule(
        "N007",
        "number-below-first",
        ERROR,
        "a number below the first number",
        "Numbers start at the configured `first_number` (1000 for BEPs).",
    ),
    Rule(
        "N008",
        "registry-order",
        WARNING,
        "registry rows out of numeric order",
        "Rows are kept in numeric order, with the placeholder row (`_next_`) last.\n"
        "`--fix` sorts them and changes no row's text.",
    ),
    Rule(
        "N009",
        "registry-missing",
        ERROR,
        "no registry table",
        "The registry is the first table under the configured registry heading\n"
        "(`BEP Number Registry`) of the registry file (`proposals/README.md`).",
    ),
    Rule(
        "N010",
        "registry-row-unlinked",
        WARNING,
        "a registry row has a document but no link",
        "Once the document exists, its registry row links to it. `--fix` adds the link.",
    ),
    Rule(
        "N011",
        "duplicate-registry-row",
        ERROR,
        "two registry rows for one number",
        "Each number has one registry row.",
    ),
    Rule(
        "N012",
        "stray-document",
        WARNING,
        "a markdown file that is no proposal",
        "Markdown files in the proposals folder are main documents named\n"
        "`BEP-NNNN-slug.md`, sub-documents inside a `BEP-NNNN/` folder, the registry or the\n"
        "template. Anything else is not seen by the process.",
    ),
    # -- metadata ------------------------------------------------------------------------
    Rule(
        "M001",
        "missing-frontmatter",
        ERROR,
        "a main document has no frontmatter",
        "Every main document starts with the metadata block of the template, between two\n"
        "`---` lines: Author, Status, Created, Created-Version, Target-Version,\n"
        "Implemented-Version.",
    ),
    Rule(
        "M002",
        "missing-metadata-key",
        ERROR,
        "a required metadata key is missing",
        "The keys of the template are all present, even when their value is still empty\n"
        "(Target-Version before acceptance). Configuration: `required_metadata`.",
    ),
    Rule(
        "M003",
        "empty-metadata-value",
        ERROR,
        "a metadata value that must be filled is empty",
        "Author, Status and Created are filled when the document is created.\n"
        "Configuration: `required_values`.",
    ),
    Rule(
        "M004",
        "unknown-metadata-key",
        WARNING,
        "an unknown metadata key",
        "Keys outside the template's set (`metadata_keys`) are not read by the process;\n"
        "often a typo.",
    ),
    Rule(
        "M005",
        "unknown-status",
        ERROR,
        "a status outside the configured set",
        "Status is one of the configured statuses (Draft, Accepted, Implemented, Rejected,\n"
        "Superseded).",
    ),
    Rule(
        "M006",
        "created-not-iso",
        ERROR,
        "Created is not an ISO date",
        "`Created:` is written YYYY-MM-DD, a real calendar date.",
    ),
    Rule(
        "M007",
        "version-format",
        ERROR,
        "a version field not in the configured form",
        "Version fields are written in the configured form (`YY.Sprint.Patch`, e.g. 26.1.0).",
    ),
    Rule(
        "M008",
        "status-requires-key",
        ERROR,
        "a status whose required field is empty",
        "Accepted needs Target-Version; Implemented needs Implemented-Version (the status\n"
        "transition rules). Configuration: `requirements`.",
    ),
    Rule(
        "M009",
        "rejected-without-reason",
        ERROR,
        "Rejected without a written reason",
        "A rejected or cancelled proposal documents why: a `> **Rejected**: reason` line\n"
        "under the title (what `bep status N Rejected --reason` writes), or a section titled\n"
        "like `Rejection Reason`.",
    ),
    Rule(
        "M010",
        "superseded-without-successor",
        ERROR,
        "Superseded without a link to its successor",
        "A superseded proposal links to the proposal that replaces it on a line saying\n"
        "`Superseded by` (what `bep status N Superseded --by M` writes).",
    ),
    # -- structure -----------------------------------------------------------------------
    Rule(
        "S001",
        "missing-section",
        ERROR,
        "a required section is missing",
        "The guide's sections (configuration: `sections`, `required_sections`). A heading\n"
        "counts when it names the section leniently: numbering, case, a suffix, an H1, or a\n"
        "name real documents use for it (`Goal` for Motivation, `Decision Summary` for\n"
        "Decision Log).",
    ),
    Rule(
        "S002",
        "missing-recommended-section",
        WARNING,
        "a recommended section is missing",
        "Sections of the guide that most proposals have (configuration:\n`recommended_sections`).",
    ),
    Rule(
        "S003",
        "section-name-variant",
        WARNING,
        "a section named loosely",
        "The heading names a guide section with numbering, another case, a suffix, at H1,\n"
        "or by another name. It counts as the section; the finding says how to name it.",
    ),
    Rule(
        "S004",
        "section-order",
        WARNING,
        "sections out of the guide's order",
        "The guide orders sections: Related Issues, Motivation, Current Design, Proposed\n"
        "Design, Migration / Compatibility, Implementation Plan, Decision Log, Open Questions,\n"
        "References.",
    ),
    Rule(
        "S005",
        "placeholder-title",
        ERROR,
        "the template's `# Title` is left in",
        "The H1 is the proposal's title, not the template's placeholder.",
    ),
    Rule(
        "S006",
        "multiple-h1",
        WARNING,
        "more than one H1",
        "The H1 is the title; sections are `##`.",
    ),
    Rule(
        "S007",
        "missing-title",
        ERROR,
        "no H1 title",
        "A main document has one H1: the proposal's title.",
    ),
    Rule(
        "S008",
        "template-text",
        ERROR,
        "the template's example or placeholder text is left in",
        "Lines copied from the template (its `Example:` blocks and placeholder sentences)\n"
        "are replaced with the proposal's own text.",
    ),
    Rule(
        "S009",
        "section-length",
        WARNING,
        "a section far outside the guide's length",
        "The guide gives a length for most sections (Motivation 10-30 lines, ...). A section\n"
        "three times longer than the guide's upper bound is reported.",
    ),
    Rule(
        "S010",
        "empty-section",
        WARNING,
        "a required section is empty",
        "A required section has a heading but no text.",
    ),
    # -- segmentation -----------------------------------------------------------------------
    Rule(
        "G001",
        "should-segment",
        WARNING,
        "a single-file proposal that should be segmented",
        "Segment when the document exceeds ~500 lines, when Proposed Design has 3 or more\n"
        "components (### headings), or when Implementation Plan has 3 or more phases\n"
        "(`Phase N` headings or items). Components and phases count only in a document\n"
        "longer than one sub-document may be (300 lines): a shorter one gains nothing.",
    ),
    Rule(
        "G002",
        "main-too-long",
        WARNING,
        "a segmented main document over its limit",
        "The main document of a segmented proposal is an overview under ~200 lines.",
    ),
    Rule(
        "G003",
        "subdoc-too-long",
        WARNING,
        "a sub-document over its limit",
        "Each sub-document is one work unit under ~300 lines.",
    ),
    Rule(
        "G004",
        "folder-name",
        WARNING,
        "a sub-document folder not named by the number alone",
        "The folder of sub-documents and supporting files is `BEP-NNNN/`, not\n"
        "`BEP-NNNN-title/` (directory naming rule).",
    ),
    Rule(
        "G005",
        "orphan-subdocuments",
        ERROR,
        "sub-documents without a main document",
        "A `BEP-NNNN/` folder with sub-documents needs its main document\n"
        "`BEP-NNNN-title.md` beside it.",
    ),
    Rule(
        "G006",
        "subdoc-open-questions",
        WARNING,
        "Open Questions in a sub-document",
        "Open Questions go in the main document only: one place for unresolved items.",
    ),
    Rule(
        "G007",
        "document-index",
        ERROR,
        "the Document Index does not match the sub-documents",
        "A segmented main document has a Document Index table linking each sub-document.\n"
        "`--fix` adds missing rows (and the section), and drops rows of sub-documents that\n"
        "are gone; descriptions written by people are kept.",
    ),
    # -- context-for-ai ---------------------------------------------------------------------
    Rule(
        "A001",
        "missing-ai-context",
        WARNING,
        "no context-for-ai block",
        "Every main document and sub-document carries a `<!-- context-for-ai ... -->` block\n"
        "that agents read first. `bep sync --add-blocks` writes the derivable keys.",
    ),
    Rule(
        "A002",
        "ai-context-keys",
        WARNING,
        "context-for-ai keys missing or unknown for the type",
        "master-bep: scope (and detail-docs when segmented); optional key-constraints,\n"
        "key-decisions, phases. detail-doc: parent, scope; optional depends-on,\n"
        "key-decisions.",
    ),
    Rule(
        "A003",
        "detail-docs-mismatch",
        ERROR,
        "detail-docs does not match the sub-documents",
        "`detail-docs` lists the file names of the sub-documents present. `--fix` rewrites it.",
    ),
    Rule(
        "A004",
        "parent-mismatch",
        ERROR,
        "parent does not name the main document",
        "A detail-doc block's `parent` is `BEP-NNNN (Title)` of its main document.\n"
        "`--fix` corrects the title.",
    ),
    Rule(
        "A005",
        "depends-on-missing",
        ERROR,
        "depends-on names a missing file",
        "`depends-on` lists sibling sub-documents by file name.",
    ),
    Rule(
        "A006",
        "ai-context-syntax",
        ERROR,
        "a context-for-ai block that cannot be read",
        "Each line is `key: value`, `key: [a, b]`, or an indented `- item` under a key;\n"
        "`type` is master-bep or detail-doc.",
    ),
    # -- Decision Log ------------------------------------------------------------------------
    Rule(
        "D001",
        "decision-row",
        ERROR,
        "a malformed Decision Log row",
        "Each row has a date, a decision and a rationale (the table's columns).",
    ),
    Rule(
        "D002",
        "decision-date",
        ERROR,
        "a Decision Log date that is not ISO",
        "Dates are written YYYY-MM-DD.",
    ),
    # -- links -----------------------------------------------------------------------------
    Rule(
        "L001",
        "broken-link",
        ERROR,
        "a relative link to a missing file",
        "Relative links inside the proposals folder must resolve. Links that leave the\n"
        "proposals folder are not checked.",
    ),
    Rule(
        "L002",
        "broken-anchor",
        WARNING,
        "a link to a missing heading",
        "`#anchor` parts name a heading of the target document (GitHub's anchors).",
    ),
    # -- branch and merge target -----------------------------------------------------------
    Rule(
        "B001",
        "branch-number",
        ERROR,
        "the branch's number is not a proposal it adds or changes",
        "On a `bep/NNNN-slug` branch, NNNN is the proposal the branch writes.",
    ),
    Rule(
        "B002",
        "number-taken",
        ERROR,
        "a number the branch adds is already taken",
        "With `--base REF`: a number the branch adds is already used on REF, by another\n"
        "remote branch `bep/NNNN-*`, or by a reservation ref held for another title.",
    ),
    # -- cross-references ------------------------------------------------------------------
    Rule(
        "X001",
        "supersede-pair",
        ERROR,
        "a superseded proposal and its successor do not link each other",
        "When A is superseded by B, A links B on its `Superseded by` line and B links A.",
    ),
    Rule(
        "X002",
        "unknown-proposal",
        ERROR,
        "a link to a proposal number that does not exist",
        "Links to `BEP-NNNN-*.md` name a number that has a document.",
    ),
]

# fixable exactly when bepkit.check.fixes has a fix for the rule
RULES: dict[str, Rule] = {r.code: replace(r, fixable=r.code in FIXABLE) for r in _RULES}
