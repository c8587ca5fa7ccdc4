"""The scenarios of features/behaviours/connected_accounts.feature."""

from pytest_bdd import scenarios

scenarios("behaviours/connected_accounts.feature")
