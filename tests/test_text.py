"""Author text: inline Markdown only, safe links, inert headings and titles."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from cxmaps.pages.text import heading, inline, page_title


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


# -- links as the browser reads them (issue 12) ---------------------------------------------

_ALLOWED = ("http", "https", "mailto", "tel")


class _Addresses(HTMLParser):
    """Every address attribute, decoded as a browser decodes it (HTMLParser unescapes attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [value or "" for name, value in attrs if name in ("href", "src", "action", "xlink:href")]


def _scheme(address: str) -> str | None:
    """The scheme a browser would use: C0 controls and spaces stripped, tab and newline removed anywhere."""
    cleaned = re.sub(r"[\t\n\r]", "", address.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", cleaned)
    return match.group(1).lower() if match else None


def _encodings(char: str) -> list[str]:
    """Ways of writing one character in HTML: decimal, hex, zero-padded, without semicolon, named."""
    code = ord(char)
    out = [
        f"&#{code};",
        f"&#x{code:x};",
        f"&#X{code:X};",
        f"&#000{code};",
        f"&#x00{code:x};",
        f"&#{code}",
        f"&#x{code:x}",
    ]
    named = {":": ["&colon;", "&colon"], "\t": ["&Tab;"], "\n": ["&NewLine;"], "(": ["&lpar;"], "j": []}
    return out + named.get(char, [])


def _hidden_schemes() -> list[str]:
    """`javascript:` and `data:` with each character in turn encoded every way, and controls inside."""
    words = []
    for word in ("javascript:", "data:", "vbscript:"):
        for i, char in enumerate(word):
            words += [word[:i] + enc + word[i + 1 :] for enc in _encodings(char)]
        words += [f"java{c}script:" for c in ("&Tab;", "&NewLine;", "&#9;", "&#x0A;", "&#13;", "\t")]
        words += [f"{c}{word}" for c in ("&#0;", "&#x20;", "&#1;", " ", "&nbsp;")]
    words += ["JaVaScRiPt&colon;", "javascript&amp;colon;", "&amp;#106;avascript:", "javascript&#x3A;&#x3A;"]
    return words


@pytest.mark.parametrize("scheme", _hidden_schemes())
@pytest.mark.parametrize(
    "shape", ["[click]({})", "![pic]({})", "[a]({} 'title')", "[a](<{}>)", "x [a]({}) y [b](https://ok.example)"]
)
def test_no_rendered_address_has_a_scheme_outside_the_allowlist(scheme: str, shape: str) -> None:
    html = str(inline(shape.format(f"{scheme}alert(1)")))
    parser = _Addresses()
    parser.feed(html)
    for address in parser.found:
        assert _scheme(address) in (None, *_ALLOWED), (shape, scheme, html)


@pytest.mark.parametrize("scheme", ["javascript&colon;", "&#106;avascript:", "javascript&#58", "java&Tab;script:"])
def test_a_hidden_scheme_is_dropped_to_its_text(scheme: str) -> None:
    assert str(inline(f"[policy]({scheme}alert(1))")) == "<span>policy</span>"


@pytest.mark.parametrize(
    ("text", "href"),
    [("[a](https://example.com/?q=1&amp;r=2)", "https://example.com/?q=1&amp;r=2"),
     ("[a](tel:+33123456789)", "tel:+33123456789"), ("[a](steps.md#arrival)", "steps.md#arrival"),
     ("[a](../x/y.md)", "../x/y.md"), ("[a](page/with:colon)", "page/with:colon")],
)  # fmt: skip
def test_allowed_links_stay_links(text: str, href: str) -> None:
    assert f'href="{href}"' in str(inline(text))


def test_an_automatic_mail_link_stays_a_link() -> None:
    parser = _Addresses()
    parser.feed(str(inline("<cx@example.com>")))
    assert parser.found == ["mailto:cx@example.com"]


def test_headings_and_titles_are_one_line_without_control_characters() -> None:
    assert str(heading("Check\nin\r\n\u2028desk\x1b[31m")) == "Check in desk&#91;31m"
    assert json.loads(str(page_title("Check\nin\x00\u202e"))) == "Check in"


def test_page_title_defuses_references_without_semicolon_and_keeps_plain_ampersands() -> None:
    assert json.loads(str(page_title("&ltscript&gt x &#60 AT&T"))) == "\uff06ltscript\uff06gt x \uff06#60 AT&T"
