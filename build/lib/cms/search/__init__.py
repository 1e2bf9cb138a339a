"""Site search in Polish: our own index, stemmed in Python (Morfeusz 2), the
same on SQLite and PostgreSQL.

- ``text``: words, their lemmas (the search keys) and highlighted snippets;
- ``registry``: the kinds of results and the indexers apps register
  (``register_kind``, ``register_indexer``): consultations, provisions and
  comments come from their apps, documents, news and pages from cms;
- ``models``: ``SearchEntry`` (one result) and ``SearchToken`` (its keys);
- ``services``: writing the index (``index_object``, ``index_rebuild``);
- ``selectors``: reading it (``search_results``), public entries only;
- ``receivers`` and ``tasks``: keeping it current after each write.
"""
