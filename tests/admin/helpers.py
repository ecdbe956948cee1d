"""Turn a rendered admin change form back into the POST data a browser would send."""

from django.contrib.admin.helpers import AdminForm


def _form_values(form, data):
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if value is None:
            continue
        widget_data = field.widget.format_value(value) if not isinstance(value, list) else value
        if isinstance(value, bool):
            if value:
                data[key] = "on"
            continue
        if isinstance(widget_data, list):
            data[key] = [str(v) for v in widget_data]
        else:
            data[key] = "" if widget_data is None else str(widget_data)


def change_form_data(response, **changes):
    """POST data of the change form in ``response``, with ``changes`` applied."""
    data = {}
    admin_form = response.context["adminform"]
    assert isinstance(admin_form, AdminForm)
    _form_values(admin_form.form, data)
    # The revert view of django-simple-history has no inlines.
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.initial_forms:
            _form_values(form, data)
    data.update({k: str(v) for k, v in changes.items()})
    return data
