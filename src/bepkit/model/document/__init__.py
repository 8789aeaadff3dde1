"""The lossless document model: parse a proposal, read its parts, edit lines."""

from bepkit.model.document.aicontext import AiContext, AiEntry
from bepkit.model.document.blocks import Block, scan, split_lines
from bepkit.model.document.frontmatter import Entry, Frontmatter
from bepkit.model.document.links import Link
from bepkit.model.document.model import Document, Edit, Heading, Section
from bepkit.model.document.tables import Row, Table

__all__ = [
    "AiContext",
    "AiEntry",
    "Block",
    "Document",
    "Edit",
    "Entry",
    "Frontmatter",
    "Heading",
    "Link",
    "Row",
    "Section",
    "Table",
    "scan",
    "split_lines",
]
