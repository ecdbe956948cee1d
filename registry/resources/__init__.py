"""Import and export resources of the registry's tables.

Each table's columns are derived from its model (:mod:`registry.importing.schema`), and
one import service and one exporter serve the admin, the commands and the benchmark;
:mod:`registry.resources.admin_mixins` adds the admin buttons.
"""
