"""Give a Line API view a new scrollable height without re-arranging the whole screen."""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView


def set_virtual_height(view: ScrollView, lines: int) -> None:
    """Set the scrollable height; without a layout pass when the scrollbar stays as it is.

    A new height per keystroke would otherwise lay out every widget on the screen each time.
    """
    size, old, visible = Size(0, lines), view.virtual_size, view.scrollable_content_region.height
    toggles = view.styles.overflow_y == "auto" and (old.height > visible) != (lines > visible)
    if size == old or not visible or toggles:
        view.virtual_size = size  # a scrollbar shown or hidden: the layout must change
        return
    view.set_reactive(ScrollView.virtual_size, size)
    view._scroll_update(size)  # the scroll limits (and any scrollbar), as a layout pass would
    view.refresh()
