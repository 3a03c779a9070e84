"""Load everything the demo shows. Each app that ships demo data has a ``demo`` module
with ``load(out)``; running it twice changes nothing."""

from importlib import import_module
from importlib.util import find_spec

# search last: it indexes what the others loaded.
DEMO_APPS = ["regions", "indicators", "mapping", "workshops", "accounts", "surveys", "youth", "search"]


def load_all(out) -> None:
    for app in DEMO_APPS:
        module_name = f"kunskapsnod.{app}.demo"
        if find_spec(module_name) is not None:
            import_module(module_name).load(out)
