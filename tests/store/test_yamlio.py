"""The one YAML configuration: a load and dump gives the text back, any allowed value reads back exactly, the C parser."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trioboard.core.edits import SetKey
from trioboard.core.text import line_text_problem
from trioboard.store import editor, yamlio

TEAM = """\
# {comment}
id: alpha
name: {name}
trio:
  product: Ana   # {comment}

roadmap:
  # {comment}
  - id: one
    title: {title}
    outcomes: [{refs}]
    horizon: now{eol}
"""


_safe_comment = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20)


_quoted = st.sampled_from(['"{}"', "'{}'", "{}"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    comment=_safe_comment,
    name=st.sampled_from(["Alpha", '"Alpha team"', "'Alpha: the team'", "Alpha   "]),
    title=st.sampled_from(["Ship it", '"Ship: it"', "'It''s shipped'", "Ship #1"]),
    refs=st.sampled_from(["", "a", "a, b", "a,b"]),
    eol=st.sampled_from(["", "   # later?", "\n\n# trailing"]),
)
def test_load_then_dump_is_the_identity(comment: str, name: str, title: str, refs: str, eol: str) -> None:
    text = TEAM.format(comment=comment, name=name, title=title, refs=refs, eol=eol)
    yaml = yamlio.round_trip(yamlio.detect_style(text))
    base = yamlio.dump(yaml, yaml.load(text))
    assert yamlio.merge_edit(text, base, base) == text


_allowed = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
).filter(lambda s: line_text_problem(s) is None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=_allowed, field=st.sampled_from(["title", "owner", "blocked"]))
def test_any_allowed_text_reads_back_exactly(value: str, field: str) -> None:
    text = TEAM.format(comment="c", name="Alpha", title='"Old"', refs="a", eol="")
    new = editor.apply((SetKey("teams/alpha.yaml", ("roadmap", "one"), field, value),), lambda _: text)
    tree, problems = yamlio.parse(new["teams/alpha.yaml"].encode())  # type: ignore[union-attr]
    assert not problems
    item = tree["roadmap"][0]  # type: ignore[index]
    read_back = item[field]
    assert (read_back.text if hasattr(read_back, "text") else read_back) == value
    assert new["teams/alpha.yaml"].count("\n") == text.count("\n") + (field != "title")  # type: ignore[union-attr]


def test_the_loader_uses_the_c_parser_from_ruamel_yaml_clib() -> None:
    import _ruamel_yaml

    from trioboard.store import yamlio

    assert yamlio.CParser is _ruamel_yaml.CParser  # type: ignore[attr-defined]  # imported there, not exported

    assert _ruamel_yaml.__file__.endswith((".so", ".pyd")), "ruamel.yaml.clib must be the compiled extension"
