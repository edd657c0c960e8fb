"""Inline markup: the three things an author may write, and everything else printed as typed."""

from __future__ import annotations

import pytest

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
