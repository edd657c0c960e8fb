"""Inline markup: the three things an author may write, and everything else printed as typed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from briefkit.document.markup import link_allowed, link_targets, render_inline


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**AES** momentum", "<strong>AES</strong> momentum"),
        ("an *interim* deal", "an <em>interim</em> deal"),
        ("see [ACLED](https://acleddata.com)", 'see <a href="https://acleddata.com">ACLED</a>'),
        ("write to [us](mailto:desk@example.org)", '<a href="mailto:desk@example.org">us</a>'),
    ],
)
def test_the_allowed_markup_becomes_html(text: str, html: str) -> None:
    assert html in str(render_inline(text))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("${7*7} and <%= 7*7 %>", "${7*7} and &lt;%= 7*7 %&gt;"),
        ("{{ 7*7 }} {% raw %}", "{{ 7*7 }} {% raw %}"),
        ("# not a heading", "# not a heading"),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("[x](file:///etc/passwd)", "[x](file:///etc/passwd)"),
    ],
)
def test_everything_else_is_printed_as_typed(text: str, shown: str) -> None:
    html = str(render_inline(text))
    assert html == shown
    assert "<a" not in html


def test_link_targets_lists_allowed_and_refused_links_alike() -> None:
    text = "[a](https://a.example) and [b](javascript:void(0)) and [c](data:text/html,x)"
    assert link_targets(text) == ["https://a.example", "javascript:void(0)", "data:text/html,x"]
    assert [link_allowed(url) for url in link_targets(text)] == [True, False, False]


@pytest.mark.parametrize("url", ["HTTPS://A.EXAMPLE", " http://a.example", "mailto:x@y.example"])
def test_allowed_schemes_ignore_case_and_leading_space(url: str) -> None:
    assert link_allowed(url)


# Every character of a text without markup, including the ones that are markup elsewhere
# (``# < & ` !``), with spaces, newlines, quotes and right-to-left letters.
_PLAIN_TEXT = st.text(
    st.sampled_from(list("aZé Ü\n\t !#$%&'\"()+,-./:;<=>?@^`{|}~09\u00a0\u202f\u2019ال")),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(text=_PLAIN_TEXT, language=st.sampled_from(["en", "fr", "ar"]))
def test_text_without_markup_renders_as_the_parser_renders_it(text: str, language: str) -> None:
    # render_inline hands a text with no markup character straight to the text rule; it must
    # give what parsing it would.
    from briefkit.document.markup import _rendering_parser
    from briefkit.render.typography import Typesetter

    parser = _rendering_parser()
    for rule in (None, Typesetter(language, "rtl" if language == "ar" else "ltr").fragment):
        parsed = parser.renderer.render(
            parser.parseInline(text), parser.options, {"text_rule": rule}
        )
        assert render_inline(text, None, rule) == Markup(parsed)
