"""What tests share besides fixtures. A module of its own because every conftest.py is
imported under the one name "conftest", so `from conftest import ...` depends on order."""

PASSWORD = "korrekt-häst-batteri-9"
