"""A list of rows that are a known number of lines each: thousands of them cost nothing to measure.

Textual's `OptionList` measures every option's height by laying its text out
at the list's width, all of them before the first paint: 0.6 s of CPU for
the 4,000 rows of the Impact view on a large board. Rows that never wrap
(`text-wrap: nowrap`, Text with `no_wrap`) are as many lines high as they
have lines, so that is what is counted here; the rest is `OptionList`'s own.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widgets import OptionList


class RowList(OptionList):
    """An `OptionList` of one-line-per-line rows (Text that does not wrap), measured by counting lines.

    It overrides `OptionList._update_lines`, a private method of Textual's:
    the Impact view's tests catch a Textual that changes it.
    """

    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        cache = self._line_cache
        lines = cache.lines
        start = lines[-1][0] + 1 if lines else 0
        for index, option in enumerate(self.options[start:], start):
            prompt = option.prompt
            height = prompt.plain.count("\n") + 1 if isinstance(prompt, Text) else 1
            cache.index_to_line[index] = len(lines)
            cache.heights[index] = height
            lines.extend([(index, line) for line in range(height)])
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(lines))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)
