"""Stage 4, check: the house style and the structure of the publication.

The prose rules read the author's files directly (``source.py`` blanks out all
that is not prose), so their positions are positions in the author's own files.
The structure (figures, tables, boxes, citations, links) is pandoc's reading of
each chapter, the same tree the build prints, with the source map's positions
(``tree.py``); ``reading.py`` reads the chapters while the prose rules run, or
finds them in the build's cache. Rules come from YAML files
(``templates/rules/*.yml`` plus a project's own), interpreted by the rule types
in ``rules.py``; structural rules dispatch to ``structure.py``.

``run.run_checks`` turns every rule's hits into findings; ``run.fixable_hits``
hands the raw hits that carry a safe replacement to ``pubkit fix``
(``builder/fix.py``). This file imports nothing, so that ``pubkit check`` can
start reading the chapters before it loads the rules.
"""
