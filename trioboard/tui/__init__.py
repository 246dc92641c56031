"""The Textual app: the room a trio plans in. The only package that imports Textual."""
