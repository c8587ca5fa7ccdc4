"""The scenarios of features/behaviours/operators.feature."""

from pytest_bdd import scenarios

scenarios("behaviours/operators.feature")
