"""Committing board files safely: the transaction, its journal, git's index lock, recovery and undo."""
