"""ARCHITECTURE.md stays true where a test can tell: the apps it names, the registry it describes."""

import re
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")


def own_apps() -> set[str]:
    return {config.name for config in apps.get_app_configs() if (ROOT / config.name).is_dir()}


def test_every_app_of_the_project_is_on_the_map_and_in_the_layer_contracts():
    named = set(re.findall(r"`(\w+)/`", ARCHITECTURE))
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]

    assert own_apps() <= named, f"apps missing from ARCHITECTURE.md: {sorted(own_apps() - named)}"
    assert own_apps() <= set(contracts["root_packages"]), "an app is not checked by lint-imports"


def test_every_contribution_the_registry_takes_is_described():
    from portal import registry

    names = {value for key, value in vars(registry).items() if key.isupper() and isinstance(value, str)}
    source = (ROOT / "portal" / "registry.py").read_text(encoding="utf-8")

    assert names, "the registry lists no contributions"
    for name in names:
        constant = next(key for key, value in vars(registry).items() if value == name)
        # Each name is documented right above its constant: a comment saying what the hook returns.
        assert re.search(rf"# .+\n{constant} = ", source), f"{constant} has no description in portal/registry.py"


def test_the_core_templates_name_no_feature_template():
    """The core's pages include the apps' parts through `portal.sections`, never by the app's template name."""
    features = ("committees", "activities", "ambassadors", "reports")
    offenders = [
        f"{path.relative_to(ROOT)}: {feature}/"
        for folder in (ROOT / "portal" / "templates", ROOT / "templates")
        for path in folder.rglob("*.html")
        for feature in features
        if re.search(rf"""["']{feature}/""", path.read_text(encoding="utf-8"))
    ]

    assert offenders == []
