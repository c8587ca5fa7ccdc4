"""The scenarios of features/behaviours/charge_groups.feature."""

from pytest_bdd import scenarios

scenarios("behaviours/charge_groups.feature")
