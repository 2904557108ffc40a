"""``--out`` as a symbolic link: the folder it points to is replaced (when it is an earlier output), the link
kept and pointing at the new output; a link to nothing is refused; nothing is left beside either."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from addrjp.cli.main import main
from addrjp.errors import InputError
from addrjp.mailing.schema import FORMAT
from addrjp.mailing.writer import publish_dir

FILES = {"mailing.csv": b"old", "manifest.json": json.dumps({"format": FORMAT}).encode()}


def test_force_through_a_link_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = publish_dir(FILES, tmp_path / "real", force=False)
    (tmp_path / "links").mkdir()
    link = tmp_path / "links" / "latest"
    link.symlink_to("../real")
    publish_dir({**FILES, "mailing.csv": b"new"}, link, force=True)
    assert link.is_symlink() and link.resolve() == real
    assert (link / "mailing.csv").read_bytes() == b"new" and (real / "mailing.csv").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["links", "real"]
    assert [p.name for p in (tmp_path / "links").iterdir()] == ["latest"]


def test_link_to_nothing_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "gone")
    with pytest.raises(InputError, match="symbolic link to nothing"):
        publish_dir(FILES, link, force=True)
    assert link.is_symlink() and not (tmp_path / "gone").exists()


def test_link_to_a_foreign_folder_is_refused_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "thesis.docx").write_bytes(b"precious")
    (tmp_path / "out").symlink_to(tmp_path / "home")
    with pytest.raises(InputError, match="refusing"):
        publish_dir(FILES, tmp_path / "out", force=True)
    assert (tmp_path / "home" / "thesis.docx").read_bytes() == b"precious"


def test_clean_with_force_through_a_link(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = tmp_path / "r.csv"
    register.write_text("id,name,postal_code,address\n1,山田　太郎,160-0023,東京都新宿区西新宿2-8-1\n", "utf-8")
    assert main(["clean", str(register), "--out", str(tmp_path / "run1"), "-q"]) == 0
    (tmp_path / "latest").symlink_to("run1")
    assert main(["clean", str(register), "--out", str(tmp_path / "latest"), "--force", "-q"]) == 0
    assert (tmp_path / "latest").is_symlink() and (tmp_path / "latest" / "manifest.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest", "r.csv", "run1"]
    (tmp_path / "dangling").symlink_to("nowhere")
    assert main(["clean", str(register), "--out", str(tmp_path / "dangling"), "--force", "-q"]) == 2
    assert "symbolic link to nothing" in capsys.readouterr().err
