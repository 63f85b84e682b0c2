"""A docs/ page can run no script on the published site (issue 22): refused where written, checked again as HTML.

Each payload is laid into a docs page of the tiny site: `cxmaps check` names
its file, line and column, `mkdocs build` fails with the same message and
leaves site/ as it was. Payloads inside code are text and build. A site that
trusts its docs authors says so with `trust_docs: true`. What the source scan
does not see (another plugin, an extension) meets the guard on the rendered
HTML. In Chromium, a page full of payloads shown as code runs none of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cxmaps, run_mkdocs, serve, snapshot
from cxmaps.mkdocs.docsguard import check_page, unsafe_html
from cxmaps.reference.docsafety import blank_code, unsafe_markup

CONFIG = "site_name: Tiny\ntheme:\n  name: material\nplugins:\n  - search\n  - cxmaps\n"

#: (payload line, column of the problem, what the message says)
PAYLOADS = [
    ("<img src=x onerror=alert(1)>", 12, "event handler 'onerror'"),
    ("<script>alert(1)</script>", 1, "element <script>"),
    ("[x](javascript:alert(2))", 3, "link's address"),
    ("[x](jav&#x61;script&colon;alert(2))", 3, "link's address"),
    ("[x](java\tscript:alert(2))", 3, "link's address"),
    ("[x][evil]\n\n[evil]: javascript:alert(3)", 1, "link's address"),
    ("![i](data:text/html,alert(1))", 4, "link's address"),
    ('<a href="java&#x0A;script:alert(1)">x</a>', 4, "address in 'href'"),
    ('<iframe src="https://example.com"></iframe>', 1, "element <iframe>"),
    ("<style>body{background:url(https://evil.example/x)}</style>", 1, "element <style>"),
    ("<p style=\"background-image:image-set('https://evil.example/x')\">x</p>", 4, "attribute 'style'"),
    ('<form action="https://evil.example"><button>Go</button></form>', 1, "element <form>"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', 1, "element <meta>"),
    ('<svg><animate attributeName="href" values="javascript:alert(1)"/></svg>', 6, "element <animate>"),
    ("## Title {onclick=alert(4)}", 11, "event handler 'onclick'"),
    ('<div\n  class="x"\n  onmouseover="alert(5)">x</div>', 3, "event handler 'onmouseover'"),
]


def _site(make_site, page: str, config: str = CONFIG) -> Path:  # type: ignore[no-untyped-def]
    return make_site(files={"mkdocs.yml": config, "docs/guide.md": f"# Guide\n\nSome text.\n\n{page}\n"})


@pytest.mark.parametrize(("payload", "column", "what"), PAYLOADS, ids=[p[0][:30] for p in PAYLOADS])
def test_check_and_build_refuse_the_payload_where_it_is_written(
    make_site, payload: str, column: int, what: str
) -> None:  # type: ignore[no-untyped-def]
    site = _site(make_site, payload)
    previous = site / "site"
    previous.mkdir()
    (previous / "index.html").write_text("<p>yesterday's site</p>", encoding="utf-8")
    before = snapshot(previous)
    first_line = 5 + (2 if payload.startswith("<div\n") else 0) + (2 if "[evil]:" in payload else 0)

    checked = run_cxmaps("check", str(site), cwd=site)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert f"docs/guide.md:{first_line}:{column}: " in checked.stdout
    assert what in checked.stdout
    assert "a docs page may not publish it" in checked.stdout

    built = run_mkdocs(site, "build")
    output = built.stdout + built.stderr
    assert built.returncode == 1
    assert f"docs/guide.md:{first_line}:{column}: " in output
    assert "Traceback" not in output
    assert snapshot(previous) == before


SAFE = """\
Press <kbd>Ctrl</kbd>+<kbd>K</kbd>, or read <abbr title="Customer experience">CX</abbr>.

<div class="grid" markdown>
**Bold** in a block.
</div>

| step | emotion |
|:-----|--------:|
| Arrives | 2 |

[A page](https://example.com/?onload=1) and <https://example.com/a> and [mail](mailto:cx@example.com).

Shown as code: `<script>alert(1)</script>` and ``[x](javascript:alert(2))``.

````markdown
```html
<img src=x onerror=alert(1)>
```
<script>alert(1)</script>
````

~~~
<iframe src="javascript:alert(1)"></iframe>
~~~
"""


def test_markup_that_cannot_act_and_payloads_in_code_build(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _site(
        make_site, SAFE, CONFIG + "markdown_extensions:\n  - tables\n  - attr_list\n  - md_in_html\n  - abbr\n"
    )
    assert run_cxmaps("check", str(site), cwd=site).returncode == 0
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    page = (site / "site" / "guide" / "index.html").read_text(encoding="utf-8")
    assert "<kbd>Ctrl</kbd>" in page
    assert 'style="text-align: right;"' in page  # Markdown's own column alignment is kept
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x onerror" not in page


def test_a_site_that_trusts_its_docs_authors_publishes_their_html(make_site) -> None:  # type: ignore[no-untyped-def]
    site = _site(
        make_site,
        '<p style="color: teal" onclick="void 0">Trusted</p>',
        CONFIG.replace("  - cxmaps\n", "  - cxmaps:\n      trust_docs: true\n"),
    )
    assert run_cxmaps("check", str(site), cwd=site).returncode == 0
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    assert 'onclick="void 0"' in (site / "site" / "guide" / "index.html").read_text(encoding="utf-8")


HOOK = """
def on_page_markdown(markdown, page, **kwargs):
    return markdown + "\\n\\n<img src=x onerror=alert(9)>\\n" if page.file.src_uri == "guide.md" else markdown
"""


def test_html_that_the_source_does_not_show_meets_the_guard(make_site) -> None:  # type: ignore[no-untyped-def]
    """Another plugin or hook adds a payload after cxmaps read the Markdown: the rendered page is refused."""
    site = _site(make_site, "Nothing to see.", CONFIG + "hooks:\n  - hook.py\n")
    (site / "hook.py").write_text(HOOK, encoding="utf-8")
    assert run_cxmaps("check", str(site), cwd=site).returncode == 0  # the source is clean
    built = run_mkdocs(site, "build")
    assert built.returncode == 1
    assert "docs/guide.md:1:1: the event handler 'onerror' runs script" in built.stdout + built.stderr
    assert not (site / "site").exists()


def test_embeds_are_not_taken_for_author_html(make_site) -> None:  # type: ignore[no-untyped-def]
    """A map or a step card carries cxmaps' own SVG styles: it is put in after the guard read the page."""
    site = _site(make_site, "[cxmaps: map stay]\n\n[cxmaps: step stay#books-a-room]")
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    page = (site / "site" / "guide" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in page and "cxmapsembed" not in page


def test_the_guard_reads_html_as_the_browser_does() -> None:
    found = unsafe_html('<a href="&#106;avascript:x">a</a><IMG SRC=x OnError=y><td style="text-align: right">')
    assert [what for what, _ in found] == ["href", "onerror"]
    problems = check_page("<object data=x></object>", "# T\n\n  <object data=x>\n", "docs/t.md")
    assert [(p.line, p.col) for p in problems] == [(3, 3)]


def test_code_is_blanked_to_the_same_lines_and_columns() -> None:
    text = "a `<b>` c\n```\n<script>\n```\nd"
    blanked = blank_code(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert "<" not in blanked and blanked.endswith("d")
    # an unclosed fence runs to the end of the page, as Markdown reads it
    assert list(unsafe_markup("```\n<script>")) == []


@pytest.mark.browser
def test_payloads_shown_as_code_run_nothing_in_chromium(browser, make_site) -> None:  # type: ignore[no-untyped-def]
    code = "\n\n".join(f"`{payload}`" for payload, _, _ in PAYLOADS if "\n" not in payload and "`" not in payload)
    site = _site(make_site, code + "\n\n```html\n" + "\n".join(p for p, _, _ in PAYLOADS) + "\n```")
    built = run_mkdocs(site, "build", "--strict")
    assert built.returncode == 0, built.stderr
    dialogs: list[str] = []
    requests: list[str] = []
    with serve(site / "site") as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.on("request", lambda r: requests.append(r.url))
        tab.goto(url + "guide/")
        tab.mouse.move(300, 300)
        for element in tab.query_selector_all("code")[:10]:
            element.hover()
        assert tab.locator("code").count() >= 10
        context.close()
    assert dialogs == []
    assert not [r for r in requests if "evil.example" in r]


def test_an_embed_inside_a_longer_fence_is_code() -> None:
    """A ```` ```` ```` block may hold ``` lines: an embed line inside it is shown, not expanded (issue 22)."""
    from cxmaps.reference.embeds import find_embeds

    page = "a\n````\n```\n[cxmaps: map x]\n```\n````\n[cxmaps: map y]\n~~~\n[cxmaps: map z]\n"
    assert [(e.line, e.journey) for e in find_embeds(page)] == [(7, "y")]
