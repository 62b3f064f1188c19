"""Does the lock still match pyproject.toml?  (`make lock-check`, part of `make test` and so of CI)

The lock files (requirements.txt, requirements-dev.txt) are written by `make lock` (uv pip compile,
exact versions with hashes). This check needs no network: it reads pyproject.toml, the lock files and the
metadata of the packages installed from them, and fails when

- a dependency in pyproject.toml has no pin in the lock, or a pin its version range does not allow
  (someone edited pyproject.toml and did not run `make lock`);
- a package that something needs is missing from the lock, or the lock pins a package nothing needs any more;
- what is installed in .venv is not what the lock says (run `make install-dev`).

Exit 1 with one line per problem; exit 0 with a one-line summary.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$")


def read_lock(path: Path) -> dict[str, str]:
    """{name: version} of the pins that apply to this interpreter."""
    pins: dict[str, str] = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if not match:
            continue
        marker = match["marker"]
        if marker and not Requirement(f"x; {marker}").marker.evaluate():
            continue
        pins[canonicalize_name(match["name"])] = match["version"]
    return pins


def needed(direct: list[Requirement]) -> set[str]:
    """Every distribution the direct requirements pull in, through the installed packages' metadata."""
    seen: set[str] = set()
    todo = [(req, frozenset()) for req in direct]
    while todo:
        req, parent_extras = todo.pop()
        if req.marker:
            envs = [{**default_environment(), "extra": extra} for extra in (parent_extras or {""})]
            if not any(req.marker.evaluate(env) for env in envs):
                continue
        name = canonicalize_name(req.name)
        key = f"{name}[{','.join(sorted(req.extras))}]"
        if key in seen:
            continue
        seen.add(key)
        seen.add(name)
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue  # reported as "not installed" by the caller
        todo.extend((Requirement(line), frozenset(req.extras)) for line in requires)
    return {key for key in seen if "[" not in key}


def check(root: Path, lock_name: str, direct: list[Requirement]) -> list[str]:
    pins = read_lock(root / lock_name)
    problems = []
    for req in direct:
        version = pins.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{lock_name}: {req} is in pyproject.toml but not in the lock (run `make lock`)")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{lock_name}: pyproject.toml asks {req}, the lock has {version} (run `make lock`)")
    wanted = needed(direct)
    for name in sorted(wanted - pins.keys()):
        problems.append(f"{lock_name}: {name} is needed but not locked (run `make lock`)")
    for name in sorted(pins.keys() - wanted):
        problems.append(f"{lock_name}: {name}=={pins[name]} is locked but nothing needs it (run `make lock`)")
    return problems


def installed_matches(root: Path, lock_name: str) -> list[str]:
    problems = []
    for name, version in read_lock(root / lock_name).items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}=={version} is locked but not installed (run `make install-dev`)")
            continue
        if have != version:
            problems.append(f"{name}: {have} installed, {version} locked (run `make install-dev`)")
    return problems


def main(root: Path = ROOT) -> int:
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    runtime = [Requirement(line) for line in project["dependencies"]]
    dev = runtime + [Requirement(line) for line in project["optional-dependencies"]["dev"]]
    problems = [
        *installed_matches(root, "requirements-dev.txt"),
        *check(root, "requirements.txt", runtime),
        *check(root, "requirements-dev.txt", dev),
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"Lock matches pyproject.toml: {len(read_lock(root / 'requirements-dev.txt'))} packages pinned.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT))
