"""Two CSL rules citeproc-py 0.11 leaves out, added to its element classes once, idempotently.

- `initialize="false"` on `cs:name` (CSL 1.0.1): given names are not cut to initials (MLA, Chicago).
- Substitution suppresses what it rendered (CSL spec, "Substitution"): citeproc-py only
  remembers a `cs:text variable=…` child, so a macro standing in for a missing author
  (APA's title) printed twice. Every variable such a macro or group can render is suppressed.
"""

from __future__ import annotations

CSL_NS = "{http://purl.org/net/xbiblio/csl}"


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
    """Patch citeproc-py's Name.initialize and Substitute.add_to_repressed_list (once)."""
    from citeproc import model

    if getattr(model, "_reader_fixes", False):
        return
    initialize = model.Name.initialize
    repress = model.Substitute.add_to_repressed_list

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

    model.Name.initialize = name_initialize
    model.Substitute.add_to_repressed_list = add_to_repressed_list
    model._reader_fixes = True
