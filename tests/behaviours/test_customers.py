"""The scenarios of features/behaviours/customers.feature (CUS-1..CUS-8)."""

from pytest_bdd import scenarios

scenarios("behaviours/customers.feature")
