"""Every model and field of our apps carries an explicit (Swedish) verbose name.

The audit log and the admin show ``verbose_name``; Django's default is derived from the
attribute name ("created at", "step scales", "ungdomssamordnares"), which would leak
English or broken Swedish into the interface.
"""

from django.apps import apps


def _our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("kunskapsnod.")]


def _concrete_fields(model):
    # Own fields and many-to-many; not the implicit primary key, reverse relations or
    # inherited parent links.
    for field in model._meta.get_fields(include_parents=False):
        if field.auto_created or not field.concrete and not field.many_to_many:
            continue
        yield field


def test_it_finds_our_models():
    assert len(_our_models()) > 20


def test_it_names_every_field_explicitly():
    missing = [
        f"{model._meta.label}.{field.name}"
        for model in _our_models()
        for field in _concrete_fields(model)
        if field._verbose_name is None  # Django keeps the given one for migrations
    ]
    assert missing == []


def test_it_names_every_model_explicitly():
    missing = []
    for model in _our_models():
        opts = model._meta
        original = opts.original_attrs
        if "verbose_name" not in original or "verbose_name_plural" not in original:
            missing.append(opts.label)
    assert missing == []
