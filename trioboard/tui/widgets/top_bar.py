"""The top bar: the board at a glance, in one line that gives way on a narrow terminal."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trioboard.core.analysis import NO_CLARITY, clarity_only
from trioboard.core.results import BoardState
from trioboard.core.text import plural
from trioboard.tui.labels import NO_CLARITY_MARK
from trioboard.tui.text import UNLINKED, label, percent


class TopBar(Static):
    """The board at a glance: name, coverage, blocked teams, findings.

    Blocked teams and errors are said in words at any width; on a narrow
    terminal the name and the coverage give way first.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._summary: tuple[BoardState, bool, int] | None = None

    def show(self, state: BoardState, *, read_only: bool, uncommitted: list[str] | None = None) -> None:
        """Summarise a state in one line."""
        self._summary = (state, read_only, len(uncommitted or ()))
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        if self._summary is None:
            return
        width = self.content_region.width or self.app.size.width - 2
        variants = top_bar_variants(*self._summary)
        chosen = next((v for v in variants if v.cell_len <= width), variants[-1])
        if chosen.cell_len > width:
            chosen.truncate(width, overflow="ellipsis")
        self.update(chosen)


def top_bar_variants(state: BoardState, read_only: bool, uncommitted: int = 0) -> list[Text]:
    """The top bar from the most to the least said; blocked teams, teams with no clarity and errors are in every one."""
    a = state.analysis
    errors = sum(1 for f in state.findings if f.severity.value == "error")
    cov = a.board_coverage
    name = state.board.name or "(unnamed board)"
    unclear = sum(1 for reasons in a.team_blocks.values() if clarity_only(reasons))
    blocked = len(a.team_blocks) - unclear
    must: list[tuple[object, str] | str] = []
    if blocked:
        must += ["  ", (f"⊘ {plural(blocked, 'team')} blocked", "bold red")]
    # No clarity is its own word, never counted as blocked; in fewer words when narrow.
    must_short = list(must)
    if unclear:
        must += ["  ", (f"{NO_CLARITY_MARK} {plural(unclear, 'team')} with {NO_CLARITY}", "bold yellow")]
        must_short += ["  ", (f"{NO_CLARITY_MARK} {unclear} {NO_CLARITY}", "bold yellow")]
    if errors:
        must += ["  ", (f"✖ {plural(errors, 'error')}", "red")]
        must_short += ["  ", (f"✖ {plural(errors, 'error')}", "red")]
    # Uncommitted files and read-only are marked at any width, in fewer words when narrow.
    if uncommitted:
        must += ["  ", (f"✎ {plural(uncommitted, 'uncommitted file')}", "bold yellow")]
        must_short += ["  ", (f"✎ {uncommitted}", "bold yellow")]
    if read_only:
        must += ["  ", ("[read-only]", "reverse")]
        must_short += ["  ", ("[read-only]", "reverse")]
    unlinked = len(a.unlinked)
    long_cov: list[tuple[object, str] | str] = [
        ("  coverage ", "dim"),
        f"{percent(cov.ratio)} ({cov.aligned}/{cov.active})",
    ]
    short_cov: list[tuple[object, str] | str] = [("  cov ", "dim"), percent(cov.ratio)]
    long_unlinked: list[tuple[object, str] | str] = ["  ", (f"{UNLINKED} {unlinked}", "yellow")] if unlinked else []
    short_unlinked: list[tuple[object, str] | str] = ["  ", (f"⚠ {unlinked}", "yellow")] if unlinked else []
    head: list[tuple[object, str] | str] = [("trioboard ", "bold"), name]
    return [
        label(*head, *long_cov, *long_unlinked, *must),
        label(name, *long_cov, *long_unlinked, *must),
        label(name, *short_cov, *long_unlinked, *must),
        label(name, *short_cov, *short_unlinked, *must),
        label(name, *short_cov, *short_unlinked, *must_short),
        label(name, *short_cov, *must_short),
        label(("cov ", "dim"), percent(cov.ratio), *short_unlinked, *must_short),
        label(*must_short[1:]) if must_short else label(name),
    ]
