"""The board's views and the bars around them, one module per region of the screen.

Attributes down, messages up: the board screen hands each view a
`BoardState` with `show`, and a view tells the screen which node the cursor
is on by posting `NodeHighlighted`. No view reaches into another.
"""

from trioboard.tui.widgets.base import BoardView
from trioboard.tui.widgets.detail import DetailPane
from trioboard.tui.widgets.discovery import DiscoveryTree, DiscoveryView
from trioboard.tui.widgets.findings import FindingsList, FindingsView
from trioboard.tui.widgets.history import History, Trend
from trioboard.tui.widgets.impact import Impact
from trioboard.tui.widgets.roadmap import HorizonList, Roadmap
from trioboard.tui.widgets.status import StatusLine, SyncBadge
from trioboard.tui.widgets.strategy import StrategyTree
from trioboard.tui.widgets.teams import TeamsTable
from trioboard.tui.widgets.top_bar import TopBar

__all__ = [
    "BoardView",
    "DetailPane",
    "DiscoveryTree",
    "DiscoveryView",
    "FindingsList",
    "FindingsView",
    "History",
    "HorizonList",
    "Impact",
    "Roadmap",
    "StatusLine",
    "StrategyTree",
    "SyncBadge",
    "TeamsTable",
    "TopBar",
    "Trend",
]
