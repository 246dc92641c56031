"""`trioboard lsp`: a language server (LSP over stdio) for board files, a front end like the TUI.

It reads boards only through `workspace.buffers` (unsaved buffers overlaid on
the files on disk) and turns `core` values into the protocol's: findings into
diagnostics, the analysis into hovers, ids into definitions, references and
renames. pygls is imported here only, so `check` never pays for it.
"""
