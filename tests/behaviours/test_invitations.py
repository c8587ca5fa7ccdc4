"""The scenarios of features/behaviours/invitations.feature (INV-1..INV-6)."""

from pytest_bdd import scenarios

scenarios("behaviours/invitations.feature")
