"""What the API's schemas have in common: how they read rows, refuse unknown fields, and
take partial changes."""

from __future__ import annotations

from typing import ClassVar, Self

from pydantic import BaseModel, ConfigDict, model_validator


class FromRow(BaseModel):
    """An answer built from a database row (or any object) by its attributes."""

    model_config = ConfigDict(from_attributes=True)


class StrictBody(BaseModel):
    """A request body that refuses fields it does not know (422)."""

    model_config = ConfigDict(extra="forbid")


class Changes(BaseModel):
    """A PATCH body: only the fields sent change. The fields named in ``kept`` may change
    but not be sent as null; ``kept_refusal`` is what the 422 says then."""

    kept: ClassVar[tuple[str, ...]] = ()
    kept_refusal: ClassVar[str] = "cannot be null"

    @model_validator(mode="after")
    def _kept_stay_set(self) -> Self:
        for name in self.kept:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} {self.kept_refusal}")
        return self
