"""The app's screens: the board (its views, bars and detail pane). Dialogs are in `tui.dialogs`."""
