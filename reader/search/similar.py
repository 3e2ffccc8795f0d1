"""Papers like a given one: Whoosh more-like-this over the title and abstract."""

from __future__ import annotations

from whoosh import query as Q

from reader.models import Paper

KEY_TERMS = 12


def similar(searcher, paper: Paper, limit: int) -> tuple[list[tuple[str, float]], frozenset[str]]:
    """The (id, score) of up to `limit` papers like `paper`, and the key terms used."""
    docnum = searcher.document_number(id=paper.id)
    text = f"{paper.title}. {paper.title}. {paper.abstract}"  # the title counts double
    key_terms = searcher.key_terms_from_text("content", text, numterms=KEY_TERMS, normalize=True)
    if not key_terms:
        return [], frozenset()
    q = Q.Or([Q.Term("content", word, boost=weight) for word, weight in key_terms])
    mask = {docnum} if docnum is not None else None
    results = searcher.search(q, limit=limit, mask=mask)
    return [(hit["id"], hit.score) for hit in results], frozenset(word for word, _ in key_terms)
