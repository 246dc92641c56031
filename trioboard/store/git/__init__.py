"""Every git call trioboard makes: one runner, one object reader, refs, revisions, commit plumbing.

`runner` starts git (and nothing else in trioboard does); `config`,
`objects`, `refs` and `revisions` read; `index` builds temporary indexes;
`commits` makes blobs, trees and commits and moves a branch by compare and
swap. `repository` finds the repository holding a board, `identity` who
commits.
"""
