"""The restore's writer of local folders (the youth exports) replaces whatever is in the
way — links above all — and never writes through a link inside the folder."""

import os

import pytest

from kunskapsnod.operations.localfolder import replace_contents


@pytest.fixture
def outside(tmp_path):
    """What a planted link points to: a folder and a file that must stay as they are."""
    folder, file = tmp_path / "elsewhere", tmp_path / "passwd"
    folder.mkdir()
    file.write_bytes(b"root:x:0:0")
    return folder, file


def sources(tmp_path, names):
    root = tmp_path / "archive"
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(name.encode())
    return {name: root / name for name in names}


def contents(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_it_replaces_links_files_and_folders_in_the_way(tmp_path, outside):
    elsewhere, passwd = outside
    folder = tmp_path / "youth"
    (folder / "was-a-folder").mkdir(parents=True)
    (folder / "was-a-folder" / "old").write_bytes(b"old")
    (folder / "was-a-file").write_bytes(b"a file where a folder is wanted")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    (folder / "linked-file").symlink_to(passwd)
    (folder / "a.fernet.partial").symlink_to(passwd)  # where the copy is first written
    (folder / "unwanted").symlink_to(passwd)
    wanted = ["was-a-folder", "was-a-file/x.fernet", "linked/deeper/y.fernet", "linked-file", "a.fernet"]

    assert replace_contents(folder, sources(tmp_path, wanted)) == 5

    assert contents(folder) == {name: name.encode() for name in wanted}
    assert not any(path.is_symlink() for path in folder.rglob("*"))
    assert list(elsewhere.iterdir()) == [] and passwd.read_bytes() == b"root:x:0:0"


def test_it_creates_files_owner_only_under_any_umask(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)  # nothing narrows a mode later
    old = os.umask(0)
    try:
        replace_contents(tmp_path / "youth", sources(tmp_path, ["a.fernet", "2026/b.fernet"]))
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "youth").rglob("*")}
    assert modes == {"a.fernet": 0o600, "2026": 0o700, "b.fernet": 0o600}


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "a/../../b", "a//b", "."])
def test_it_refuses_a_name_outside_the_folder(tmp_path, name):
    with pytest.raises(ValueError):
        replace_contents(tmp_path / "youth", {name: tmp_path / "none"})
    assert not (tmp_path / "escape").exists()
