"""Kills during the swap of a built tree: at any instant the output holds a complete tree, and
the next run clears what the killed one left.

Each step is killed twice over: in a forked child whose rename (or exchange, or clean-up) calls
`SIGKILL` on itself before it happens, for both ways of swapping (Linux's exchange and the two
renames used where there is none), and in the real `digest build` under `strace`, which kills
it on entering the n-th rename system call.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.site import write
from generator.site.write import MARKER, write_pieces
from tests.support import DIGEST, ROOT, digest_main, write_tree

OLD = {"a.md": "old A", "b.md": "B", "sub/c.md": "C"}
NEW = {"a.md": "new A", "b.md": "B", "d.md": "D"}


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` but the marker, with its text."""
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(
        p.name for p in folder.iterdir() if ".staging-" in p.name or ".previous-" in p.name
    )


def killed_at(
    step: int, patch: Callable[[Callable[[], None]], None], action: Callable[[], Any]
) -> int:
    """Run `action` in a forked child that kills itself (SIGKILL, no clean-up of any kind) on the
    `step`-th call of what `patch` hooks; → the signal that ended it (0: it was not killed)."""
    pid = os.fork()
    if pid == 0:  # the child
        try:
            calls = 0

            def hook() -> None:
                nonlocal calls
                calls += 1
                if calls == step:
                    os.kill(os.getpid(), signal.SIGKILL)

            patch(hook)
            action()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0


def hook_swap(exchange: bool) -> Callable[[Callable[[], None]], None]:
    """Hooks every rename and exchange; without `exchange`, the exchange reports "unsupported"
    as on a file system without it, so the two-rename path runs."""

    def patch(hook: Callable[[], None]) -> None:
        rename = os.rename

        def hooked_rename(*args: Any, **kwargs: Any) -> None:
            hook()
            rename(*args, **kwargs)

        os.rename = hooked_rename  # type: ignore[assignment]
        original = getattr(write, "exchange", None)
        if original is not None:

            def hooked_exchange(first: Path, second: Path) -> bool:
                if not exchange:
                    return False
                hook()
                return bool(original(first, second))

            write.exchange = hooked_exchange  # type: ignore[attr-defined]

    return patch


def hook_cleanup(
    patch: Callable[[Callable[[], None]], None],
) -> Callable[[Callable[[], None]], None]:
    """Hooks the removal of the old tree (a folder whose `a.md` is the old one), after the swap:
    a kill there leaves the old tree under a temporary name."""

    def patched(hook: Callable[[], None]) -> None:
        patch(lambda: None)
        rmtree = shutil.rmtree

        def hooked(path: Any, *args: Any, **kwargs: Any) -> None:
            first = Path(path) / "a.md"
            if first.is_file() and first.read_text(encoding="utf-8") == OLD["a.md"]:
                hook()
            rmtree(path, *args, **kwargs)

        shutil.rmtree = hooked  # type: ignore[assignment]

    return patched


@pytest.mark.parametrize("step", [1, 2, 3])
def test_a_kill_at_any_rename_leaves_a_complete_tree(tmp_path: Path, step: int) -> None:
    """Linux's exchange: the output holds the old or the new tree at every instant."""
    out = tmp_path / "docs"
    write_tree(OLD, out)
    killed = killed_at(step, hook_swap(exchange=True), lambda: write_tree(NEW, out))
    assert tree(out) in (OLD, NEW), f"killed by signal {killed}"
    write_tree(NEW, out)  # the next run
    assert tree(out) == NEW
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("step", [1, 2, 3])
def test_without_exchange_a_kill_leaves_a_tree_the_next_run_restores(
    tmp_path: Path, step: int
) -> None:
    """Two renames: a kill between them leaves no output but the old tree, complete, as
    `.docs.previous-PID`; the next run puts it back first, even if that run then fails."""
    out = tmp_path / "docs"
    write_tree(OLD, out)
    killed = killed_at(step, hook_swap(exchange=False), lambda: write_tree(NEW, out))
    if not out.exists():
        assert killed == signal.SIGKILL
        (previous,) = tmp_path.glob(".docs.previous-*")
        assert tree(previous) == OLD
        with pytest.raises(ValueError, match="template exploded"):
            write_pieces(_broken, 1, out)
    assert tree(out) in (OLD, NEW)
    write_tree(NEW, out)
    assert tree(out) == NEW
    assert leftovers(tmp_path) == []


def _broken(_: int) -> dict[str, str | bytes]:
    raise ValueError("template exploded")


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_kill_while_removing_the_old_tree_is_cleared_by_the_next_run(
    tmp_path: Path, exchange: bool
) -> None:
    out = tmp_path / "docs"
    write_tree(OLD, out)
    assert (
        killed_at(1, hook_cleanup(hook_swap(exchange)), lambda: write_tree(NEW, out))
        == signal.SIGKILL
    )
    assert tree(out) == NEW
    assert leftovers(tmp_path), "the killed run left the old tree beside the output"
    write_tree({**NEW, "e.md": "E"}, out)
    assert tree(out) == {**NEW, "e.md": "E"}
    assert leftovers(tmp_path) == []


def test_a_missing_output_is_restored_from_the_previous_tree(tmp_path: Path) -> None:
    """What a kill between the two renames leaves: no output, the old tree as `.previous-*`,
    the new one as `.staging-*`. The next run puts the old one back before anything else, so a
    failing next run still leaves the old output."""
    out = tmp_path / "docs"
    write_tree(OLD, out)
    out.rename(tmp_path / ".docs.previous-99999")
    (tmp_path / ".docs.staging-99999").mkdir()
    with pytest.raises(ValueError, match="template exploded"):
        write_pieces(_broken, 1, out)
    assert tree(out) == OLD
    assert leftovers(tmp_path) == []


def test_a_build_with_nothing_to_do_still_clears_what_killed_runs_left(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    monkeypatch.chdir(ROOT)  # the default mkdocs.yml: the build keeps a fingerprint
    assert digest_main("build", "--content", str(content), "--out", str(out)).returncode == 0
    (tmp_path / ".docs.staging-99999" / "articles").mkdir(parents=True)
    (tmp_path / ".docs.previous-99998").mkdir()
    again = digest_main("build", "--content", str(content), "--out", str(out))
    assert again.stderr.startswith("digest build: nothing changed, ")
    assert leftovers(tmp_path) == []


def _build(content: Path, out: Path, *strace: str) -> subprocess.CompletedProcess[str]:
    command = [DIGEST, "build", "--content", str(content), "--out", str(out), "--force"]
    return subprocess.run([*strace, *command], capture_output=True, text=True, check=False)


def _docs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


RENAMES = "rename,renameat,renameat2"


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
@pytest.mark.parametrize(
    ("exchange", "when"),
    [(True, 1), (False, 1), (False, 2)],
    ids=["exchange", "two-renames-first", "two-renames-second"],
)  # with the exchange, a build renames once; without it, twice (renameat2 fails with EINVAL)
def test_digest_build_killed_at_a_rename_system_call(
    content: Path, tmp_path: Path, exchange: bool, when: int
) -> None:
    """The real executable, killed by strace on entering its n-th rename system call."""
    out = tmp_path / "docs"
    assert _build(content, out).returncode == 0
    old = _docs(out)
    note = content / "articles" / "2024" / "beta.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Beta body.", "Beta again."))
    strace = ["strace", "-f", "-qq", "-o", os.devnull, "-e", f"trace={RENAMES}"]
    if not exchange:
        strace += [
            "-e",
            "inject=renameat2:error=EINVAL",
            "-e",
            f"inject=rename,renameat:signal=KILL:when={when}",
        ]
    else:
        strace += ["-e", f"inject={RENAMES}:signal=KILL:when={when}"]
    killed = _build(content, out, *strace)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if exchange:
        assert out.is_dir(), f"no output after the kill: {killed.stderr}"
    elif not out.is_dir():  # killed between the two renames: the old tree waits beside it
        (previous,) = tmp_path.glob(".docs.previous-*")
        assert _docs(previous) == old
    if out.is_dir():
        assert _docs(out) == old or "Beta again." in (out / "articles/beta/index.md").read_text()
    again = _build(content, out)
    assert again.returncode == 0, again.stderr
    assert "Beta again." in (out / "articles/beta/index.md").read_text()
    assert leftovers(tmp_path) == []
