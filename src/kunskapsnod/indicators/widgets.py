"""Checkbox and radio lists whose options are written in Python.

Django renders every option of a CheckboxSelectMultiple or RadioSelect through three
templates (option, input, attrs): with fifty municipalities in a picker that was a fifth of
the ranking page's time (bench/pages.py). These widgets write the same markup directly; the
pages' templates still lay the options out (``{{ choice.tag }}``), and anything else (a
wrapped label, the whole widget) goes through Django's templates as before."""

from html import escape

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.safestring import mark_safe


def input_tag(widget: dict) -> str:
    """``<input>`` exactly as django/forms/widgets/input.html and attrs.html write it."""
    attrs = "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in widget["attrs"].items()
        if value is not False
    )
    value = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{attrs}>'


class _OptionsInPython:
    def _render(self, template_name, context, renderer=None):
        widget = context.get("widget", {})
        if template_name == self.option_template_name and not widget.get("wrap_label"):
            return mark_safe(input_tag(widget))  # noqa: S308 - every value escaped above
        return super()._render(template_name, context, renderer)


class CheckboxList(_OptionsInPython, forms.CheckboxSelectMultiple):
    pass


class RadioList(_OptionsInPython, forms.RadioSelect):
    pass


class PlainChoiceIterator(ModelChoiceIterator):
    """A model field's choices in one plain SELECT. Django's iterator() opens a server-side
    cursor on PostgreSQL (DECLARE … WITH HOLD, FETCH, CLOSE: three round trips and a
    materialised result) for a list of fifty municipalities; the queryset's own cache is
    used instead (fields set ``iterator = PlainChoiceIterator``)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)
