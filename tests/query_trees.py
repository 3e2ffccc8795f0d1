"""Hypothesis strategy shared by the equivalence tests: query text built from leaves with AND, OR and NOT."""

from __future__ import annotations

from hypothesis import strategies as st


def query_trees(leaves: st.SearchStrategy[str], max_leaves: int) -> st.SearchStrategy[str]:
    """`(a b)`, `(a OR b OR c)` and `(a -b)` nested over `leaves`, up to `max_leaves` of them."""
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(" + " ".join(parts) + ")"),
            st.lists(inner, min_size=2, max_size=3).map(lambda parts: "(" + " OR ".join(parts) + ")"),
            st.tuples(inner, inner).map(lambda pair: f"({pair[0]} -{pair[1]})"),
        ),
        max_leaves=max_leaves,
    )
