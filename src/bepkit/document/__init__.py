"""The lossless document model: parse a proposal, read its parts, edit lines."""

from .aicontext import AiContext, AiEntry
from .blocks import Block, scan, split_lines
from .frontmatter import Entry, Frontmatter
from .links import Link
from .model import Document, Edit, Heading, Section
from .tables import Row, Table

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
