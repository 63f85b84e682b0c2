"""Issue 12, the author's side: what a pull request can put in the sources is refused with its place.

Reserved ids, sources that are not regular ``.yml`` files, links out of their
folder, unreadable folders, file names that are not UTF-8, values shown as
written, an infinite emotion scale, and problems that cannot carry control
characters to a terminal or a CI annotation. None of them may end in a
traceback, and a failing build leaves site/ as it was.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import cli, run_cxmaps, run_mkdocs, snapshot
from cxmaps.reference.core import Settings
from cxmaps.reference.load import load_reference
from cxmaps.source.problems import CxmapsError, Problem

STAY = (Path(__file__).parent / "sites" / "tiny" / "journeys" / "stay.yml").read_text(encoding="utf-8")


def problems(site: Path) -> list[str]:
    settings = Settings(
        root=site, journeys_dir=site / "journeys", personas_dir=site / "personas", docs_dir=site / "docs"
    )
    with pytest.raises(CxmapsError) as err:
        load_reference(settings)
    return [str(p) for p in err.value.problems]


def test_a_file_named_index_would_replace_the_index_page(make_site: Callable[..., Path]) -> None:
    site = make_site(files={"journeys/index.yml": STAY, "personas/index.yml": "name: I\nrole: R\n"})
    assert problems(site) == [
        "journeys/index.yml:1:1: the id 'index' is reserved for a page cxmaps generates; rename the file",
        "personas/index.yml:1:1: the id 'index' is reserved for a page cxmaps generates; rename the file",
    ]


def test_an_alias_named_index_would_replace_the_index_page(make_site: Callable[..., Path]) -> None:
    site = make_site(files={"personas/tourist.yml": "name: Tom\nrole: Tourist\naliases: [index]\n"})
    assert problems(site) == [
        "personas/tourist.yml:3:11: aliases[0]: alias 'index' is reserved for a page cxmaps generates; "
        "remove it from 'aliases'"
    ]


@pytest.mark.parametrize("step_id", ["canvas", "blueprint", "journey-map", "emotion-table", "phase-2"])
def test_step_ids_of_page_sections_are_reserved(make_site: Callable[..., Path], step_id: str) -> None:
    site = make_site(
        files={"journeys/stay.yml": STAY.replace("- name: Books a room", f"- id: {step_id}\n        name: Books")}
    )
    (message,) = problems(site)
    assert message.startswith(f"journeys/stay.yml:8:13: phases[0].steps[{step_id}].id: step id ")  # named by its id
    assert "is reserved for a section of the journey page" in message


def test_sources_that_are_not_regular_yml_files_are_reported(make_site: Callable[..., Path], tmp_path: Path) -> None:
    site = make_site(files={"journeys/upper.YML": STAY, "journeys/long.yaml": STAY, "personas/tourist.yaml": "x",
                            "journeys/Séjour à l'hôtel.yaml": STAY})  # fmt: skip
    journeys = site / "journeys"
    (journeys / "folder.yml").mkdir()
    os.mkfifo(journeys / "pipe.yml")
    (journeys / "dangling.yml").symlink_to("gone.yml")
    outside = tmp_path / "secret.yml"
    outside.write_text("title: secret\n")
    (journeys / "outside.yml").symlink_to(outside)
    (journeys / "inside.yml").symlink_to("stay.yml")  # a link that stays in the folder is a source
    (journeys / "notes.txt").write_text("not a source, not reported")
    assert problems(site) == [
        # The final valid name at once, not '.yml' first and the id on the next run.
        "journeys/Séjour à l'hôtel.yaml:1:1: a source file name ends in '.yml': "
        "rename 'Séjour à l'hôtel.yaml' to 'sejour-a-l-hotel.yml'",
        "journeys/dangling.yml:1:1: 'dangling.yml' is a link to a missing file ('gone.yml'); remove it or fix the link",
        "journeys/folder.yml:1:1: 'folder.yml' is a folder; a source is one file named <id>.yml",
        "journeys/long.yaml:1:1: a source file name ends in '.yml': rename 'long.yaml' to 'long.yml'",
        "journeys/outside.yml:1:1: 'outside.yml' is a link to a file outside journeys/; put the file itself here",
        "journeys/pipe.yml:1:1: 'pipe.yml' is not a regular file (a pipe, socket or device); replace it with a YAML file",
        "journeys/upper.YML:1:1: a source file name ends in '.yml': rename 'upper.YML' to 'upper.yml'",
        "personas/tourist.yaml:1:1: 'tourist.yaml' has the same id as tourist.yml; keep one file per id, named <id>.yml",
    ]  # fmt: skip


def test_an_unreadable_folder_is_a_located_problem(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site()
    original = Path.iterdir

    def iterdir(self: Path):  # type: ignore[no-untyped-def]
        if self.name == "journeys":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert problems(site) == ["journeys/:1:1: cannot read the folder: Permission denied"]
    code, out, err = cli("check", str(site))
    assert code == 1 and "Traceback" not in out + err
    assert "journeys/:1:1: cannot read the folder: Permission denied" in out


def test_an_unreadable_file_is_a_located_problem(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site()
    original = Path.open

    def open_(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.name == "stay.yml":
            raise PermissionError(13, "Permission denied")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    assert problems(site) == ["journeys/stay.yml:1:1: cannot read file: Permission denied"]


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_a_message(
    make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site()
    monkeypatch.chdir(site)  # check shows paths from the working directory
    (site / "journeys").joinpath(os.fsdecode(b"caf\xe9.yml")).write_text(STAY, encoding="utf-8")
    code, out, err = cli("check", str(site))
    assert code == 1 and "Traceback" not in out + err
    assert out.splitlines() == [
        "journeys/caf\\xe9.yml:1:1: file name 'caf\\xe9.yml' is not a valid id: "
        "use lowercase letters, digits and hyphens, e.g. 'caf.yml'"
    ]
    out.encode("ascii")  # printable anywhere


def test_a_persona_image_linked_outside_docs_is_refused(make_site: Callable[..., Path], tmp_path: Path) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY")
    site = make_site(files={"personas/tourist.yml": "name: Tom\nrole: Tourist\nimage: img/tom.png\n"})
    (site / "docs" / "img").mkdir()
    (site / "docs" / "img" / "tom.png").symlink_to(secret)
    assert problems(site) == [
        "personas/tourist.yml:3:8: image: image 'img/tom.png' is a link to a file outside docs/; "
        "put the image itself in docs/"
    ]
    (site / "docs" / "img" / "tom.png").unlink()
    (site / "docs" / "img").rmdir()
    (site / "docs" / "img").symlink_to(tmp_path)  # a linked folder is the same way out
    (tmp_path / "tom.png").write_text("x")
    assert "is a link to a file outside docs/" in problems(site)[0]


def test_a_persona_image_linked_inside_docs_is_accepted(make_site: Callable[..., Path]) -> None:
    site = make_site(
        files={"personas/tourist.yml": "name: Tom\nrole: Tourist\nimage: tom.svg\n", "docs/real.svg": "<svg/>"}
    )
    (site / "docs" / "tom.svg").symlink_to("real.svg")
    load_reference(
        Settings(root=site, journeys_dir=site / "journeys", personas_dir=site / "personas", docs_dir=site / "docs")
    )


@pytest.mark.parametrize(("written", "shown"), [("2.000001", "2.000001"), ("-2.5e0", "-2.5e0"), ("3.0", "3.0")])
def test_a_value_outside_the_scale_is_quoted_as_written(
    make_site: Callable[..., Path], written: str, shown: str
) -> None:
    site = make_site(files={"journeys/stay.yml": STAY.replace("emotion: 1\n", f"emotion: {written}\n")})
    assert problems(site) == [
        f"journeys/stay.yml:9:18: phases[0].steps[books-a-room].emotion: {shown} is outside the emotion scale: "
        "use a number from -2 (very negative) to 2 (very positive)"
    ]


def test_problems_cannot_carry_control_characters_to_a_terminal_or_an_annotation() -> None:
    problem = Problem("journeys/a,b:c\x1b.yml", 3, 4, "title", "'x\x1b]0;pwned\x07\n::error::forged' \u202e\x9b")
    assert str(problem) == "journeys/a,b:c\\x1b.yml:3:4: title: 'x\\x1b]0;pwned\\x07\\x0a::error::forged' \\u202e\\x9b"
    annotation = problem.github()
    assert "\n" not in annotation and "\x1b" not in annotation
    assert annotation.startswith("::error file=journeys/a%2Cb%3Ac\\x1b.yml,line=3,col=4::title: ")
    assert str(Problem("f.yml", 1, 1, "", "100% done")).endswith("100% done")
    assert Problem("f.yml", 1, 1, "", "100% done").github().endswith("100%25 done")


@pytest.mark.parametrize("scale", ["[-.inf, .inf]", "[-2, .nan]", "[.nan, 2]", "[2, -2]", "[1, 1]", "[-2]"])
def test_an_emotion_scale_that_is_not_two_finite_numbers_fails_before_site_is_touched(
    make_site: Callable[..., Path], scale: str
) -> None:
    site = make_site()
    (site / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\nplugins:\n  - cxmaps:\n      emotion_scale: {scale}\n"
    )
    previous = site / "site"
    previous.mkdir()
    (previous / "index.html").write_text("yesterday")
    before = snapshot(previous)
    result = run_mkdocs(site, "build")
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "option 'emotion_scale'" in output
    assert snapshot(previous) == before
    checked = run_cxmaps("check", str(site), cwd=site)
    output = checked.stdout + checked.stderr
    assert checked.returncode == 1 and "Traceback" not in output and "option 'emotion_scale'" in output


def test_infinite_scale_message_says_what_to_write(make_site: Callable[..., Path]) -> None:
    from cxmaps.mkdocs.config import EmotionScale
    from mkdocs.config.base import ValidationError

    with pytest.raises(ValidationError, match=r"two finite numbers .*\.inf and \.nan are not allowed"):
        EmotionScale().run_validation([float("-inf"), float("inf")])
    assert EmotionScale().run_validation([-3, 3]) == (-3.0, 3.0)
