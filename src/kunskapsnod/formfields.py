"""Every drop-down of every form says what to do when nothing is chosen ("Välj kommun …")
instead of Django's "---------".

Django has no setting for the blank choice's label: a ModelChoiceField takes
``empty_label="---------"`` and a model field with choices offers ``BLANK_CHOICE_DASH``.
So, once at start-up (:func:`install`, from ``AccountsConfig.ready``), every form's
``__init__`` relabels what is still the dash after the form has set itself up; a form that
names its own empty choice ("Alla kommuner" in a filter) keeps it. This covers every app's
forms, the admin's and the ones not written yet; tests/test_select_labels.py walks every
page and fails on a dashed choice. Likewise a required choice that has exactly
one option starts with it chosen (:func:`preselect_only_choice`, when the field is first
rendered): a form limited to what the user may
write (``Organisation.objects.writable_by(user)``) then needs no pick when that is one
organisation."""

import functools

from django import forms
from django.utils.translation import gettext as _

DASH = "---------"


def label_empty_choices(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField) and field.empty_label == DASH:
            field.empty_label = choose(field.label or name)
        elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            choices = list(field.choices)
            if any(value == "" and label == DASH for value, label in choices):
                label = choose(field.label or name)
                field.choices = [(value, label if value == "" and text == DASH else text) for value, text in choices]


def preselect_only_choice(form: forms.BaseForm, name: str, field: forms.Field) -> None:
    """A required single choice that offers exactly one option starts with it chosen (a
    Borås editor's new workshop belongs to Borås: no "Välj organisation …" to pick
    first). Only in an unbound form and only where nothing is chosen yet; the form's own
    initial value, the instance's and a submitted one win. The empty choice goes, since
    choosing it could only be refused."""
    if form.is_bound or not _single_required_choice(field):
        return
    if form.initial.get(name, field.initial) not in (None, ""):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.queryset is None:
            return
        # Two rows tell "exactly one" from "more" without counting a large table.
        found = list(field.queryset[:2])
        if len(found) == 1:
            form.initial[name] = field.prepare_value(found[0])
            field.empty_label = None
    else:
        options = [(value, label) for value, label in field.choices if value not in (None, "")]
        if len(options) == 1 and not isinstance(options[0][1], list | tuple):
            form.initial[name] = options[0][0]
            field.choices = options


def _single_required_choice(field: forms.Field) -> bool:
    return (
        isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        and not isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
        and field.required
        and not field.disabled
        and not isinstance(field.widget, forms.HiddenInput)
    )


def choose(label) -> str:
    """ "Välj kommun …" for a field labelled "Kommun" (an abbreviation such as KAA keeps its case)."""
    text = str(label).strip().rstrip(":")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return _("Välj %(what)s …") % {"what": text}


def install() -> None:
    init = forms.BaseForm.__init__
    if getattr(init, "labels_empty_choices", False):
        return

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        init(self, *args, **kwargs)
        label_empty_choices(self)

    __init__.labels_empty_choices = True  # type: ignore[attr-defined]
    forms.BaseForm.__init__ = __init__  # type: ignore[method-assign]
    # Preselecting waits until a field is first rendered or read: a form limits its
    # choices (to writable_by(user)) in its own __init__, after BaseForm's.
    getitem = forms.BaseForm.__getitem__

    @functools.wraps(getitem)
    def __getitem__(self, name):
        if name not in self._bound_fields_cache and name in self.fields:
            preselect_only_choice(self, name, self.fields[name])
        return getitem(self, name)

    forms.BaseForm.__getitem__ = __getitem__  # type: ignore[method-assign]
