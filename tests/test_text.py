"""Author text: inline Markdown only, safe links, inert headings and titles."""

from __future__ import annotations

import json

import pytest
from cxmaps.text import heading, inline, page_title


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("**bold** and `code`", "<strong>bold</strong> and <code>code</code>"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("[ok](https://example.com)", '<a href="https://example.com">ok</a>'),
        ("[mail](mailto:cx@example.com)", '<a href="mailto:cx@example.com">mail</a>'),
        ("[step](../journeys/x.md#check-in)", '<a href="../journeys/x.md#check-in">step</a>'),
        ("[query](page?x=1:2)", '<a href="page?x=1:2">query</a>'),
        ("[x](javascript:alert(1))", "<span>x</span>"),
        ("[x]( JaVa\tscript:alert(1))", "<span>x</span>"),
        ("[x](data:text/html,hi)", "<span>x</span>"),
        ("[x](vbscript:msgbox)", "<span>x</span>"),
        ("![alt text](javascript:alert(1))", "<span>alt text</span>"),
        ("first\n\nsecond", "first second"),
    ],
)
def test_inline(text: str, html: str) -> None:
    assert str(inline(text)) == html


def test_heading_leaves_nothing_for_markdown_or_attr_list() -> None:
    out = str(heading("Check-in {onclick=x} <b>[a](b)</b> & *c*"))
    for char in "{}<>[]()*&":
        assert char not in out.replace("&#", "")
    assert "Check-in" in out


def test_page_title_is_inert_yaml_text() -> None:
    title = json.loads(str(page_title('</title><script>alert(1)</script> "q" &lt; Food & drink')))
    assert "<" not in title and ">" not in title and '"' not in title
    assert "&lt;" not in title  # an entity would be decoded back into markup by the theme
    assert "Food & drink" in title


@pytest.mark.parametrize(
    ("text", "html"),
    [("# Not a heading", "# Not a heading"), ("1. Not a list", "1. Not a list"), ("- Not a list", "- Not a list"),
     ("> Not a quote", "&gt; Not a quote"), ("**bold** first", "<strong>bold</strong> first"), ("Plain 'text'", "Plain &#39;text&#39;")],
)  # fmt: skip
def test_inline_stays_inline(text: str, html: str) -> None:
    assert str(inline(text)) == html
