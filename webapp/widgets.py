"""Form widgets the project draws itself."""

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets import html_params


class Select(widgets.Select):
    """WTForms' select, drawn straight from (value, label) choices: the same HTML at a fraction
    of the cost. WTForms turns each choice into two objects and inspects the option renderer's
    signature on every call; the directory's filter form draws about sixty options on every page
    (38 provinces, the focus list, a province's kabupaten), which was a tenth of the page's CPU.
    Anything else (several values, option groups, options with attributes) goes to WTForms."""

    def __call__(self, field, **kwargs):
        choices = field.choices or []
        if self.multiple or not all(type(choice) is tuple and len(choice) == 2 for choice in choices):
            return super().__call__(field, **kwargs)
        kwargs.setdefault("id", field.id)
        for flag in self.validation_attrs:
            if getattr(field.flags, flag, False):
                kwargs.setdefault(flag, True)
        options = "".join(
            f'<option{" selected" if field.coerce(value) == field.data else ""} value="{escape(value)}">'
            f"{escape(label or value)}</option>"
            for value, label in choices
        )
        return Markup(f"<select {html_params(name=field.name, **kwargs)}>{options}</select>")
