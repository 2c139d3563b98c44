"""The transactional tests put the registry back after their flush through ``MIGRATION_DATA``:
every data migration that seeds a registry value must be on that list, or the tests after a
browser test run on a registry missing it (instrument scopes, thresholds …) and fail by order."""

from __future__ import annotations

from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader

from tests.conftest import MIGRATION_DATA

# The apps whose data migrations write registry values (roles, instruments, rules, triggers).
SEEDING_APPS = {"accounts", "treaties", "exchange", "operations"}


def test_every_registry_data_migration_is_replayed_after_a_flush():
    loader = MigrationLoader(None, load=True)
    seeds = {
        (operation.code.__module__, operation.code.__name__)
        for (app, _name), migration in loader.disk_migrations.items()
        if app in SEEDING_APPS
        for operation in migration.operations
        if isinstance(operation, RunPython)
    }
    assert seeds, "no data migration found: the loader's modules moved"
    assert seeds - set(MIGRATION_DATA) == set()
