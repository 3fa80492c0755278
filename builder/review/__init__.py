"""The review round: a manuscript an editor returns, back into the author's sources.

``record`` is written by every manuscript build (what each paragraph says and where each
piece of it was written); ``command`` is ``pubkit review``, which reads a returned file
(``wordml``), lists its changes in the text as sent (``changes``), places them in the
sources (``locate``), finds them again in the files as they are now and writes them
(``apply``), and reports them (``report``, ``matrix``).
"""
