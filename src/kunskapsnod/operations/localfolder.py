"""Make a folder on local disk hold exactly a given set of files, without ever following a
symbolic link inside it.

The restore writes the youth module's retention exports (personal data) back into
``KUNSKAPSNOD_YOUTH_EXPORT_DIR``. A link planted in that folder — ``2026 -> /etc`` or
``export.fernet -> ~/.ssh/authorized_keys`` — must not make the restore write elsewhere:
every step works relative to an open directory descriptor and opens with ``O_NOFOLLOW``;
a link (or anything else in the way) is removed, never written through. The folder itself
is the configured path and may be a link or a mount point; it is opened as configured.
Files are created owner-only (``os.open`` with 0o600, under any umask), never widened and
narrowed afterwards, and land by rename, so a reader sees the old file or the new one.

Replacing the folder by a sibling built beside it and swapped by rename would be simpler,
but fails on a mount point (a container volume is the usual deployment) and loses what the
operator set on the folder itself.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Mapping
from pathlib import Path

_DIRECTORY = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_PARTIAL = ".partial"


def replace_contents(folder: Path, files: Mapping[str, Path]) -> int:
    """``folder`` ends up holding exactly ``files`` (relative POSIX name → source file):
    everything else in it, links included, is removed. Returns how many files were written."""
    names = {_checked(name): source for name, source in files.items()}
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    root = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        parents = {"/".join(parts[:i]) for parts in names for i in range(1, len(parts))}
        _prune(root, "", {"/".join(parts) for parts in names}, parents)
        for parts, source in sorted(names.items()):
            _write(root, parts, source)
    finally:
        os.close(root)
    return len(names)


def _checked(name: str) -> tuple[str, ...]:
    parts = tuple(name.split("/"))
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a relative file name: {name!r}")
    return parts


def _prune(directory: int, prefix: str, files: set[str], folders: set[str]) -> None:
    """Remove what is not wanted under an open directory; descend only into real folders."""
    for entry in list(os.scandir(directory)):
        relative = prefix + entry.name
        if entry.is_dir(follow_symlinks=False) and relative in folders:
            child = os.open(entry.name, _DIRECTORY, dir_fd=directory)
            try:
                _prune(child, relative + "/", files, folders)
            finally:
                os.close(child)
        elif entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.name, dir_fd=directory)
        elif relative not in files or not entry.is_file(follow_symlinks=False):
            os.unlink(entry.name, dir_fd=directory)  # a link is removed, not its target


def _write(root: int, parts: tuple[str, ...], source: Path) -> None:
    opened: list[int] = []
    directory = root
    try:
        for part in parts[:-1]:
            directory = _subfolder(directory, part)
            opened.append(directory)
        name = parts[-1]
        partial = name + _PARTIAL
        _remove(directory, partial)
        with open(os.open(partial, _NEW_FILE, 0o600, dir_fd=directory), "wb") as out, source.open("rb") as data:
            shutil.copyfileobj(data, out)
        if _is_real_folder(directory, name):
            shutil.rmtree(name, dir_fd=directory)
        # A rename replaces a link at ``name`` itself, never the file it points to.
        os.replace(partial, name, src_dir_fd=directory, dst_dir_fd=directory)
    finally:
        for descriptor in opened:
            os.close(descriptor)


def _subfolder(parent: int, name: str) -> int:
    """Open ``name`` under ``parent`` as a real folder, creating it, or replacing whatever
    else is there (a link, a file)."""
    try:
        return os.open(name, _DIRECTORY, dir_fd=parent)
    except FileNotFoundError:
        pass
    except OSError as error:
        if error.errno not in (errno.ELOOP, errno.ENOTDIR):
            raise
        os.unlink(name, dir_fd=parent)
    os.mkdir(name, 0o700, dir_fd=parent)
    return os.open(name, _DIRECTORY, dir_fd=parent)


def _remove(directory: int, name: str) -> None:
    try:
        if _is_real_folder(directory, name):
            shutil.rmtree(name, dir_fd=directory)
        else:
            os.unlink(name, dir_fd=directory)
    except FileNotFoundError:
        pass


def _is_real_folder(directory: int, name: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(name, dir_fd=directory, follow_symlinks=False).st_mode)
    except FileNotFoundError:
        return False
