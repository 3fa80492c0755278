"""Word (WordprocessingML) constructs, one small function each.

Pipeline code asks for "a SEQ caption" or "a filled TOC field" by name and never
writes Office XML itself. ``xml`` builds raw fragments that pandoc passes
through; ``fields`` makes fields; ``sections`` and ``reference`` work on whole
documents with python-docx and lxml.
"""
