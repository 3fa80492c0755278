"""The transforms, in the one order that matters.

Per-part transforms run on each chapter file's AST; document transforms need
every part (labels must be unique across the publication, numbers must exist
before cross-references can print them, heading ids must be unique).
"""

from __future__ import annotations

from .boxes import collect_boxes
from .headings import add_title_heading, assign_heading_ids, number_chapter_titles, shift_headings, strip_repeated_title
from .items import (
    check_attribute_blocks,
    check_images,
    check_unique_labels,
    collect_items,
    number_items,
    resolve_cover_image,
)
from .raw import check_raw_openxml
from .study import add_case_study_comparison, add_consultation_table
from .xrefs import resolve_cross_references

MANUSCRIPT_PART_TRANSFORMS = [
    check_raw_openxml,  # raw Word markup the author wrote: well-formed, no fields that fetch, no relationships
    strip_repeated_title,  # a "# Title" repeating the front matter title is dropped
    shift_headings,  # body headings start at level 2
    add_title_heading,  # the part title becomes the level-1 heading
    check_attribute_blocks,  # an unreadable {...} after a figure or table caption stops the build
    add_case_study_comparison,  # study reports: compare the case studies after the executive summary
    add_consultation_table,  # study reports: who was consulted, after the last consultation summary
    collect_items,  # figures and tables → Items (images and chart data checked)
    check_images,  # inline images outside figures
    collect_boxes,  # findings and recommendations
]

OTHER_PART_TRANSFORMS = [  # the brief and slides sources: not numbered, not in the manuscript
    check_raw_openxml,
    strip_repeated_title,
    shift_headings,
    check_images,
    collect_boxes,
]

DOCUMENT_TRANSFORMS = [
    resolve_cover_image,  # publication.yaml's cover image must exist inside the project
    check_unique_labels,
    number_chapter_titles,  # "2. Title" when numbering: chapter
    number_items,
    resolve_cross_references,
    assign_heading_ids,
]
