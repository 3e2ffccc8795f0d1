"""LaTeX to text with pylatexenc, never all-or-nothing: what it knows renders, the rest stays as written.

- A macro pylatexenc does not know (`\\ourmethod{}`, `\\LaTeX`) is kept as written, with the
  braced groups right after it, while the text around it renders.
- `\\ie`, `\\eg`, `\\etal` and their kin become `i.e.`, `e.g.`, `et al.`.
- `\\emph{…}`, `\\textbf{…}`, `\\boldsymbol{…}` and the switches `{\\em …}`, `{\\bf …}` mark
  their text with EMPH_OPEN … EMPH_CLOSE (shown as emphasis, or dropped).
- Each top-level piece that would lose a word of its source (a macro that drops its
  argument, an unclosed environment) is shown as written instead.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

EMPH_OPEN, EMPH_CLOSE = "\ue000", "\ue001"
_EMPHASIS_MACROS = ("emph", "textit", "textbf", "textsl", "underline", "mathbf", "mathit", "boldsymbol", "bm")
_KEY_MACROS = ("cite", "citep", "citet", "ref", "eqref", "url", "href")
_SWITCHES = ("em", "it", "bf", "sl", "itshape", "bfseries", "slshape")  # emphasise the rest of their group
_PLAIN_ARGUMENT = ("texttt", "textsf", "textup", "textmd", "textnormal", "operatorname", "mathtt", "mbox")
_ABBREVIATIONS = {
    "ie": "i.e.", "eg": "e.g.", "etal": "et al.", "cf": "cf.", "wrt": "w.r.t.", "iid": "i.i.d.",
    "vs": "vs.", "etc": "etc.", "aka": "a.k.a.", "resp": "resp.", "Ie": "I.e.", "Eg": "E.g.", "Cf": "Cf.",
}
_MACRO = re.compile(r"\\(?:[A-Za-z]+|.)")
# `\boldsymbolθ`: an ASCII macro name run into a non-ASCII letter (pylatexenc would read one name).
_NAME_THEN_LETTER = re.compile(r"(\\[A-Za-z]+)(?=[^\x00-\x7f])")


def _folded_words(text: str) -> list[str]:
    """ASCII letters and digits of each whitespace-separated word, accents dropped."""
    decomposed = unicodedata.normalize("NFKD", text.replace("~", " "))
    out = []
    for word in decomposed.split():
        folded = "".join(c for c in word if c.isascii() and c.isalnum()).lower()
        if folded:
            out.append(folded)
    return out


def keeps_every_word(raw: str, rendered: str) -> bool:
    """Whether every word of `raw` still shows in `rendered`, in order; a LaTeX command splits
    a word (`na\\"{\\i}ve` asks for `na` then `ve`) and is not itself asked for."""
    target = " ".join(_folded_words(rendered))
    position = 0
    for word in _folded_words(_MACRO.sub(" ", raw)):
        found = target.find(word, position)
        if found < 0:
            return False
        position = found + len(word)
    return True


def split_run_on_names(text: str) -> str:
    """`\\boldsymbolθ` as `\\boldsymbol θ`: a space after a macro name is what LaTeX skips anyway."""
    return _NAME_THEN_LETTER.sub(r"\1 ", text)


@lru_cache(maxsize=4)
def converter(math_mode: str = "text", emphasis: bool = True):
    """A converter with `latex_to_text(text)`, built once per setting (pylatexenc's contexts are costly)."""
    from pylatexenc import latexwalker
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    opened, closed = (EMPH_OPEN, EMPH_CLOSE) if emphasis else ("", "")

    def emphasised(node, l2tobj):
        return opened + l2tobj.nodelist_to_text(node.nodeargd.argnlist) + closed

    def keys(node, l2tobj):
        return "[" + l2tobj.nodelist_to_text(node.nodeargd.argnlist).strip() + "]"

    def abbreviation(node):
        return _ABBREVIATIONS[node.macroname] + node.macro_post_space

    parsing = latexwalker.get_default_latex_context_db().filter_context()
    parsing.add_context_category(
        "reader", prepend=True,
        macros=[MacroSpec(name, "{") for name in ("boldsymbol", "bm", *_PLAIN_ARGUMENT)],
    )
    rendering = get_default_latex_context_db().filter_context()
    rendering.add_context_category(
        "reader", prepend=True,
        macros=[MacroTextSpec(m, simplify_repl=emphasised) for m in _EMPHASIS_MACROS]
        + [MacroTextSpec(m, simplify_repl=keys) for m in _KEY_MACROS]
        + [MacroTextSpec(m, simplify_repl="%s") for m in _PLAIN_ARGUMENT]
        + [MacroTextSpec(m, simplify_repl=abbreviation) for m in _ABBREVIATIONS]
        + [MacroTextSpec(m, simplify_repl="") for m in _SWITCHES],
    )

    class Converter(LatexNodes2Text):
        """pylatexenc's converter with unknown macros kept, switches marked and a word check per piece."""

        def latex_to_text(self, latex: str) -> str:
            nodes = latexwalker.LatexWalker(latex, latex_context=parsing, tolerant_parsing=True).get_latex_nodes()[0]
            out = []
            for text, start, end in self._pieces(nodes):
                source = latex[start:end]
                out.append(text if text == source or keeps_every_word(source, text) else source)
            return "".join(out)

        def nodelist_to_text(self, nodelist) -> str:
            return "".join(text for text, _, _ in self._pieces(nodelist))

        def _pieces(self, nodelist):
            """(text, start, end) for each piece of `nodelist`, `start:end` its span in the source."""
            nodes = [node for node in nodelist if node is not None]
            index = 0
            while index < len(nodes):
                node = nodes[index]
                start, end = node.pos, node.pos + node.len
                if node.isNodeType(latexwalker.LatexMacroNode) and node.macroname in _SWITCHES:
                    rest = nodes[index + 1 :]  # `{\em a b}`: the switch holds for the rest of its group
                    text = self.nodelist_to_text(rest)
                    if rest:
                        end = rest[-1].pos + rest[-1].len
                    yield (opened + text + closed if text.strip() else text), start, end
                    return
                if node.isNodeType(latexwalker.LatexMacroNode) and self.latex_context.get_macro_spec(node.macroname) is None:
                    index += 1  # unknown: the macro and the groups right after it, as written
                    while index < len(nodes) and nodes[index].isNodeType(latexwalker.LatexGroupNode) and nodes[index].pos == end:
                        end = nodes[index].pos + nodes[index].len
                        index += 1
                    yield node.parsing_state.s[start:end], start, end
                    continue
                yield super().nodelist_to_text([node]), start, end
                index += 1

    return Converter(latex_context=rendering, math_mode=math_mode, strict_latex_spaces=True)
