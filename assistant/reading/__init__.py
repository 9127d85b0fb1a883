"""Reading report files (txt, md, pdf, docx, scraped web pages) into `Document`s and chunks."""

from assistant.reading.documents import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    find_document_files,
    load_document,
)
from assistant.reading.pdf_text import page_image
from assistant.reading.structure import CHUNKER_VERSION, chunk_document

__all__ = [
    "CHUNKER_VERSION",
    "MAX_FILE_BYTES",
    "SUPPORTED_SUFFIXES",
    "chunk_document",
    "find_document_files",
    "load_document",
    "page_image",
]
