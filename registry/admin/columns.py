"""List columns several admins share."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


@admin.display(description=_("name"), ordering="name_ar")
def name(obj):
    return obj.name


@admin.display(description=_("title"), ordering="title_ar")
def title(obj):
    return str(obj)
