"""Three CSL rules citeproc-py 0.11 leaves out, added to its element classes once, idempotently.

- `initialize="false"` on `cs:name` (CSL 1.0.1): given names are not cut to initials (MLA, Chicago).
- Substitution suppresses what it rendered (CSL spec, "Substitution"): citeproc-py only
  remembers a `cs:text variable=…` child, so a macro standing in for a missing author
  (APA's title) printed twice. Every variable such a macro or group can render is suppressed.
- Text case changes only lowercase words (CSL 1.0.2, "Text-case"): `capitalize-first` made
  `arXiv` into `ArXiv`, `sentence` made `LoRA` into `lora`. Title case lowercases the CSL 1.0.2
  stop words (prepositions such as `vs.`, `through`, `without`; plus `vs` and `v` without their
  period), capitalises the first word, the last, and a word after `:`, `?`, `!` or a sentence's
  `.` (not after the abbreviation `vs.`), and leaves mixed-case and uppercase words alone.
"""

from __future__ import annotations

CSL_NS = "{http://purl.org/net/xbiblio/csl}"
# CSL 1.0.2's single-word stop words, and `vs`/`v` as titles write them without a period.
STOP_WORDS = frozenset(
    "a across afore after against along alongside amid amidst among amongst an and anenst apropos "
    "apud around as aside astride at athwart atop barring before behind below beneath beside besides "
    "between beyond but by c ca circa d' de despite down during et except for forenenst from given in "
    "inside into lest like modulo near next nor notwithstanding of off on onto or out over per plus pro "
    "qua sans since so than the through throughout thru thruout till to toward towards under underneath "
    "until unto up upon v v. van versus via vis-à-vis von vs vs. with within without yet".split()
)
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}«»,;:?!"


def _is_lower(word) -> bool:
    return str(word).islower()


def _capitalize(word):
    """`word` with its first letter upper-cased (after any opening quote or bracket)."""
    if type(word).__name__ == "NoCase":
        return word
    text = str(word)
    for index, char in enumerate(text):
        if char.isalpha():
            return word.__class__(text[:index] + char.upper() + text[index + 1:])
    return word


def _is_stop_word(word) -> bool:
    return str(word).strip(_EDGE_PUNCTUATION).lower() in STOP_WORDS


def _ends_phrase(word) -> bool:
    """Whether the next word starts a new phrase: after `:`, `?`, `!`, or a `.` that is not `vs.`."""
    text = str(word).rstrip("\"'”’)]")
    if text.endswith((":", "?", "!")):
        return True
    return text.endswith(".") and not _is_stop_word(word)


def title_case(text):
    """CSL title case for English: lowercase words capitalised unless they are inner stop words."""
    words = list(text.words())
    output = []
    for index, word in enumerate(words):
        if _is_lower(word):
            edge = index in (0, len(words) - 1) or _ends_phrase(words[index - 1])
            word = _capitalize(word) if edge or not _is_stop_word(word) else word
        output.append(word)
    return _joined(output) if output else text


def _joined(words):
    from citeproc.string import String

    return String(" ".join(str(w) for w in words))


def change_case(text, text_case: str):
    """`text` in `text_case` as CSL 1.0.2 specifies; None for the cases citeproc-py gets right."""
    if text_case == "title":
        return title_case(text)
    if text_case == "capitalize-all":
        return _joined(_capitalize(w) if _is_lower(w) else w for w in text.words())
    if text_case in ("capitalize-first", "sentence"):
        first = next(iter(text.words()), None)
        return text.capitalize_first() if first is not None and _is_lower(first) else text
    return None


def _macro_variables(element) -> set[str]:
    """Variables a `cs:text macro=…`, `cs:group` or `cs:choose` child can render, macros followed."""
    seen: set[str] = set()
    found: set[str] = set()
    pending = [element]
    while pending:
        node = pending.pop()
        for child in node.iter():
            if child.tag != f"{CSL_NS}text":
                continue
            if child.get("variable"):
                found.add(child.get("variable"))
            macro = child.get("macro")
            if macro and macro not in seen:
                seen.add(macro)
                pending.append(child.get_macro(macro))
    return found


def apply() -> None:
    """Patch citeproc-py's Name.initialize, Substitute.add_to_repressed_list and TextCased.case (once)."""
    from citeproc import model

    if getattr(model, "_reader_fixes", False):
        return
    initialize = model.Name.initialize
    repress = model.Substitute.add_to_repressed_list
    case = model.TextCased.case

    def name_initialize(self, given, mark, context):
        if self.get("initialize", "true") == "false":
            return given
        return initialize(self, given, mark, context)

    def add_to_repressed_list(self, child, context):
        repress(self, child, context)
        if child.get("variable") is None:
            layout = context.get_layout()
            names = layout.repressed.setdefault(f"{CSL_NS}text", [])
            names.extend(sorted(_macro_variables(child)))

    def text_case(self, text, language=None):
        wanted = self.get("text-case")
        if wanted is None or (wanted == "title" and language != "en"):
            return case(self, text, language)
        changed = change_case(text, wanted)
        return case(self, text, language) if changed is None else changed

    model.Name.initialize = name_initialize
    model.TextCased.case = text_case
    model.Substitute.add_to_repressed_list = add_to_repressed_list
    model._reader_fixes = True
