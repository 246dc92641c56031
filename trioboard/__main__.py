"""`python -m trioboard`."""

from trioboard.cli import main_exit

main_exit()
