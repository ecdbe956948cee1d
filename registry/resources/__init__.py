"""Import and export resources of the registry's tables.

Each table's columns are derived from its model (:mod:`registry.importing.schema`), and
one import service and one exporter serve the admin, the commands and the benchmark.
:mod:`registry.resources.sheets` offers them as django-import-export resources
(``ZoneResource().import_data(dataset, dry_run=True)``, ``.export()``);
:mod:`registry.resources.admin_mixins` adds the admin buttons.
"""
