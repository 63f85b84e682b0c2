"""History from git, reviews that fall due, changes/ and its feed (format 1.2, issue 26).

A repository is made here with a scripted history (fixed dates): creations,
an emotion change, a target change, a step renamed with an alias, a
measures update, a release tag, and a commit whose subject and author are
hostile. The pages, changes/ and the feed must say exactly those changes,
with their dates; two builds are byte-identical; a shallow clone builds
with a note.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_mkdocs

MKDOCS = """site_name: History
repo_url: https://example.org/cx/reference
theme:
  name: material
  language: {language}
plugins:
  - cxmaps:
      review_every: {every}
      fail_on_health: {fail}
"""
PERSONA = "name: Claire Martin\nrole: Business traveller\n"
JOURNEY = """title: Hotel stay
owner: Front office
personas: [claire]
{reviewed}phases:
  - name: Stay
    steps:
      - id: book
        name: Books a room
        promise: The price you see is the price you pay.
        customer: [Books online]
        emotion: 1
        expected: 1
      - id: {step}
        name: Checks in
{aliases}        promise: Expected by name.
        customer: [Gives her name]
        emotion: {emotion}
        expected: 1
        standards:
          - id: desk-wait
            objective: Short wait at the desk
            level: Under {target} minutes{level}
            indicator: Wait at the desk
            measure: Observation, monthly
            owner: Front office
            target: {{max: {target}, unit: min}}
"""
MEASURES = "period,journey,step,persona,metric,value,n,source\n2026-04,stay,arrival,,desk-wait,4.5,120,\n"
HOSTILE_SUBJECT = "Summary <script>alert(1)</script> ]]> \x01 {{ x }} =HYPERLINK(1)"
HOSTILE_AUTHOR = 'Mallory "]]> & {{ y }}'
#: Author text in a change: said in the history's words, as text.
HOSTILE_LEVEL = " <img src=x onerror=alert(1)> **not bold** {{ y }} =HYPERLINK(1)"
DAY = 86400


def journey(**changes: str) -> str:
    values = {"reviewed": "", "step": "check-in", "aliases": "", "emotion": "-1", "target": "5", "level": ""}
    return JOURNEY.format(**{**values, **changes})


def git(repo: Path, *args: str, when: str = "2026-01-10T10:00:00+00:00", author: str = "Ada") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": author,
           "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "CI", "GIT_COMMITTER_EMAIL": "ci@example.org"}  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def commit(repo: Path, files: dict[str, str], subject: str, when: str, author: str = "Ada") -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    (repo / ".git" / "MSG").write_text(subject, encoding="utf-8")
    git(repo, "commit", "-q", "-F", ".git/MSG", when=when, author=author)


def scripted(folder: Path, every: int = 180, fail: str = "false", language: str = "en") -> Path:
    repo = folder / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, {
        "mkdocs.yml": MKDOCS.format(every=every, fail=fail, language=language), "docs/index.md": "# Home\n",
        ".gitignore": "site/\n.cxmaps-cache/\n", "personas/claire.yml": PERSONA, "journeys/stay.yml": journey(),
    }, "Add Claire and the hotel stay", "2026-01-10T10:00:00+00:00")  # fmt: skip
    commit(
        repo, {"journeys/stay.yml": journey(emotion="0")}, "Claire is calmer at check-in", "2026-02-14T10:00:00+00:00"
    )
    tighter = journey(emotion="0", target="4", level=HOSTILE_LEVEL)
    commit(repo, {"journeys/stay.yml": tighter}, "Tighter desk wait", "2026-03-20T10:00:00+00:00")
    renamed = journey(
        emotion="0", target="4", step="arrival", aliases="        aliases: [check-in]\n", level=HOSTILE_LEVEL
    )
    commit(repo, {"journeys/stay.yml": renamed}, "Check-in becomes arrival", "2026-04-05T10:00:00+00:00")
    commit(repo, {"measures/desk.csv": MEASURES}, "April desk waits", "2026-05-01T10:00:00+00:00")
    git(repo, "tag", "v2026.1", when="2026-05-01T10:00:00+00:00")
    reviewed = journey(emotion="0", target="4", step="arrival", aliases="        aliases: [check-in]\n",
                       reviewed="reviewed: 2025-12-01\n", level=HOSTILE_LEVEL)  # fmt: skip
    commit(repo, {"journeys/stay.yml": reviewed}, HOSTILE_SUBJECT, "2026-06-15T10:00:00+00:00", HOSTILE_AUTHOR)
    return repo


def text_of(page: Path) -> str:
    """A page's words as a reader sees them (tags dropped, entities read, spaces folded)."""
    body = page.read_text(encoding="utf-8")
    body = body[body.index("<article") :]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def build(site: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return run_mkdocs(site, "build", "--strict", "-d", str(out))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("history")
    repo = scripted(folder)
    done = build(repo, folder / "site")
    assert done.returncode == 0, done.stderr
    return repo, folder / "site"


def test_the_journey_page_tells_its_history_in_the_words_of_diff(built: tuple[Path, Path]) -> None:
    _, site = built
    words = text_of(site / "journeys" / "stay" / "index.html")
    history = words[words.index("History Created") :]
    expected = [
        'June 15, 2026 · Summary <script>alert(1)</script> ]]> {{ x }} =HYPERLINK(1) (by Mallory "]] & {{ y }}) Reviewed: — → “2025-12-01”',
        "Step renamed: check-in → arrival Checks in (old links still land on the step)",
        "April 5, 2026 · Check-in becomes arrival",
        "check-in Standard “Short wait at the desk”, target: max: 5, unit: “min” → max: 4, unit: “min”",
        "March 20, 2026 · Tighter desk wait",
        "check-in Lived experience (Claire Martin): -1 → 0",
        "February 14, 2026 · Claire is calmer at check-in",
        "January 10, 2026 · Add Claire and the hotel stay (by Ada) Created",
    ]
    for sentence in expected:
        assert sentence in history, sentence
    # Newest first.
    days = ["June 15", "May 1", "April 5", "March 20", "February 14", "January 10"]
    places = [history.index(f"{day}, 2026 · ") for day in days]
    assert places == sorted(places)
    # The measures commit, as the status it changed; the reference's date is the built commit's.
    assert "May 1, 2026 · April desk waits (by Ada) Hotel stay \u203a Checks in: Standard “Short wait at the desk”: no data → missed" in history  # fmt: skip
    assert "Created January 10, 2026, last changed June 15, 2026." in history
    page = (site / "journeys" / "stay" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/cx/reference/commit/' in page


def test_changes_page_groups_the_last_days_by_release(built: tuple[Path, Path]) -> None:
    _, site = built
    words = text_of(site / "changes" / "index.html")
    unreleased, release = words.index("Not yet in a release"), words.index("Release v2026.1, May 1, 2026")
    assert unreleased < words.index("June 15, 2026 · Hotel stay") < release
    assert release < words.index("May 1, 2026 · measures/desk.csv · April desk waits")
    assert release < words.index("April 5, 2026 · ") < words.index("March 20, 2026 · ")
    # 90 days before June 15: the February and January commits are not listed.
    assert "February 14, 2026" not in words and "January 10, 2026" not in words
    assert "As of " in words and "June 15, 2026" in words


def test_the_feed_is_atom_and_says_the_same(built: tuple[Path, Path]) -> None:
    _, site = built
    raw = (site / "changes" / "feed.xml").read_bytes()
    root = ET.fromstring(raw)  # well-formed, whatever the subjects hold
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}updated") for e in entries] == [
        "2026-06-15T10:00:00Z", "2026-05-01T10:00:00Z", "2026-04-05T10:00:00Z", "2026-03-20T10:00:00Z",
    ]  # fmt: skip
    titles = [e.findtext(f"{atom}title") for e in entries]
    assert titles[0] == "Summary <script>alert(1)</script> ]]> {{ x }} =HYPERLINK(1)"  # text, the control gone
    assert titles[1:] == ["April desk waits", "Check-in becomes arrival", "Tighter desk wait"]
    assert entries[0].findtext(f"{atom}author/{atom}name") == 'Mallory "]] & {{ y }}'  # git drops < and >
    assert "Step renamed: check-in → arrival" in (entries[2].findtext(f"{atom}content") or "")
    assert b"<script>" not in raw and b"\x01" not in raw


def test_hostile_subjects_and_authors_stay_text_everywhere(built: tuple[Path, Path]) -> None:
    _, site = built
    for path in site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json") and path.is_file():
            data = path.read_text(encoding="utf-8", errors="replace")
            assert "<script>alert(1)" not in data and "<img src=x" not in data, path
            assert "\x01" not in data, path
    page = (site / "journeys" / "stay" / "index.html").read_text(encoding="utf-8")
    assert "Summary &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;" in page
    assert "“Under 5 minutes” → “Under 4 minutes &lt;img src=x onerror=alert(1)&gt; **not bold** {{ y }}" in page
    assert "Mallory &#34;]] &amp; {{ y }}" in page


def test_a_due_review_shows_on_the_journey_its_owner_and_health(built: tuple[Path, Path]) -> None:
    _, site = built
    # reviewed 2025-12-01 + 180 days = 2026-05-30, before the reference's date (June 15, 2026): due.
    assert "Due for review since May 30, 2026: last reviewed December 1, 2025." in text_of(
        site / "journeys" / "stay" / "index.html"
    )
    assert "Hotel stay Due for review since May 30, 2026" in text_of(site / "owners" / "front-office" / "index.html")
    health = text_of(site / "health" / "index.html")
    assert "Due for review" in health
    assert "reviewed December 1, 2025, more than 180 days before the reference's date (June 15, 2026)" in health
    # Claire last changed on January 10 (156 days): not due.
    assert "Due for review" not in text_of(site / "personas" / "claire" / "index.html")


def test_reference_json_carries_reviews_and_last_changes(built: tuple[Path, Path]) -> None:
    import json

    _, site = built
    data = json.loads((site / "reference.json").read_text(encoding="utf-8"))
    stay = data["journeys"][0]
    assert stay["reviewed"] == "2025-12-01"
    assert stay["review"] == {"due": "2026-05-30", "is_due": True}
    assert stay["last_change"]["date"] == "2026-06-15" and len(stay["last_change"]["commit"]) == 40
    assert data["personas"][0]["review"] == {"due": "2026-07-09", "is_due": False}
    import jsonschema

    jsonschema.validate(data, json.loads((site / "reference.schema.json").read_text(encoding="utf-8")))


def test_two_builds_are_byte_identical_and_the_second_reads_no_old_revision(tmp_path: Path) -> None:
    repo = scripted(tmp_path)
    cache = tmp_path / "secret"
    env_file = os.environ.get("CXMAPS_CACHE_SECRET_FILE")
    os.environ["CXMAPS_CACHE_SECRET_FILE"] = str(cache)
    try:
        first, second = build(repo, tmp_path / "one"), build(repo, tmp_path / "two")
    finally:
        if env_file is None:
            del os.environ["CXMAPS_CACHE_SECRET_FILE"]
        else:
            os.environ["CXMAPS_CACHE_SECRET_FILE"] = env_file
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert list((repo / ".cxmaps-cache" / "history").iterdir()), "the words of old revisions are cached"

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_shallow_clone_builds_with_a_note(tmp_path: Path) -> None:
    repo = scripted(tmp_path)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    done = build(shallow, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    words = text_of(tmp_path / "site" / "journeys" / "stay" / "index.html")
    assert "No history available: this copy of the repository is a shallow clone." in words
    assert "No history available" in text_of(tmp_path / "site" / "changes" / "index.html")


def test_no_git_and_a_single_commit_build_with_a_note(tmp_path: Path) -> None:
    repo = scripted(tmp_path)
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    done = build(plain, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    words = text_of(tmp_path / "site" / "journeys" / "stay" / "index.html")
    assert "No history available: the site's folder has no git history." in words
    # Without git the reference's date is the newest date it holds (the measures' April 2026): not due yet.
    assert "Due for review since" not in words  # reviewed 2025-12-01 + 180 days = May 30, after April 30
    git(plain, "init", "-q", "-b", "main")
    commit(plain, {}, "Everything at once", "2026-06-15T10:00:00+00:00")
    done = build(plain, tmp_path / "single")
    assert done.returncode == 0, done.stderr
    assert "the repository has a single commit" in text_of(tmp_path / "single" / "journeys" / "stay" / "index.html")


def test_fail_on_health_fails_on_a_due_review_and_only_then(tmp_path: Path) -> None:
    repo = scripted(tmp_path, every=180, fail="true")
    done = build(repo, tmp_path / "site")
    assert done.returncode != 0
    assert "journeys/stay.yml:4:11: reviewed: reviewed 2025-12-01, more than 180 days" in done.stderr
    (repo / "mkdocs.yml").write_text(MKDOCS.format(every=0, fail="true", language="en"), encoding="utf-8")
    done = build(repo, tmp_path / "site")
    assert done.returncode == 0, done.stderr


def test_french_labels_and_dates(tmp_path: Path) -> None:
    repo = scripted(tmp_path, language="fr")
    done = build(repo, tmp_path / "site")
    assert done.returncode == 0, done.stderr
    words = text_of(tmp_path / "site" / "journeys" / "stay" / "index.html")
    assert "Historique" in words and "15 juin 2026" in words
    assert "Créé le 10 janvier 2026" in words
    assert "À revoir depuis le 30 mai 2026 : dernière revue le 1 décembre 2025." in words
    changes = text_of(tmp_path / "site" / "changes" / "index.html")
    assert "Ce qui a changé" in changes and "Version v2026.1, 1 mai 2026" in changes


def test_git_log_runs_once_per_head_and_again_after_a_commit(tmp_path: Path) -> None:
    """Under `mkdocs serve` the plugin keeps its `GitHistory`: a rebuild with the same HEAD reads no log."""
    from cxmaps.cli.siteconfig import site_config
    from cxmaps.mkdocs.config import settings_from
    from cxmaps.mkdocs.history import GitHistory
    from cxmaps.reference.load import load_reference

    repo = scripted(tmp_path)
    config, options = site_config(str(repo))
    kept = GitHistory()
    for _ in range(3):
        ref = load_reference(settings_from(config, options))
        kept.attach(ref)
        assert ref.timeline is not None and ref.timeline.available
    assert kept.reads == 1
    commit(repo, {"personas/claire.yml": PERSONA + "summary: Travels a lot.\n"}, "Claire, in a sentence",
           "2026-06-20T10:00:00+00:00")  # fmt: skip
    ref = load_reference(settings_from(config, options))
    kept.attach(ref)
    assert kept.reads == 2 and ref.timeline is not None and ref.timeline.day is not None
    assert ref.timeline.day.isoformat() == "2026-06-20"


def test_a_subject_cannot_forge_the_fields_of_the_log(tmp_path: Path) -> None:
    """The log's separators carry a random word of each call: a subject with separators and NULs stays one subject."""
    from cxmaps.source.gitlog import read_log

    repo = scripted(tmp_path)
    forged = (
        "Forged \x1e0123abcd \x1f1700000000\x1fEve\x1fSubject\x1f :100644 100644 " + "a" * 40 + " " + "b" * 40 + " M"
    )
    commit(repo, {"personas/claire.yml": PERSONA + "quote: Hm.\n"}, forged, "2026-06-20T10:00:00+00:00")
    log = read_log(repo, [repo / "journeys", repo / "personas", repo / "measures"])
    assert log.available and len(log.commits) == 7
    newest = log.commits[0]
    assert newest.author == "Ada" and newest.day.isoformat() == "2026-06-20"
    assert newest.subject.startswith("Forged 0123abcd 1700000000 Eve Subject :100644")
    assert [(f.path, f.old != f.new) for f in newest.files] == [("personas/claire.yml", True)]
    assert [r.tag for r in log.releases] == ["v2026.1"]
