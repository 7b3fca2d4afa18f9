"""Fuzz harnesses (``make fuzz``): hostile inputs for the parser and for the public URLs.

- :mod:`fuzz.files` mutates the sample disclosures of every format (text, HTML, PDF, XLSX,
  DOCX) and runs the parser on each mutant under the parse budgets, the way the worker does
  (:func:`ingest.services.disclosure_parse`); it reports crashes (a defect instead of a
  one-line message), hangs (the time budget ran out) and peak memory.
- :mod:`fuzz.params` sends hostile GET parameters to every public URL, with DEBUG off, and
  reports every answer that is a server error.
- :mod:`fuzz.mutations` holds the mutators, pure functions of a seeded random generator, so
  a failure found once is found again from its seed.

The test suite runs a short, fixed-seed version of both (tests/fuzz/).
"""
