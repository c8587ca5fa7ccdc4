"""Commands to a connected station on a caller's behalf: whether the caller may command it,
and what went wrong talking to it, as service errors (csms.services.errors).

Built by the composition root beside the OCPP server rather than in Services.build: the
commands go out through the server's connections, and the server is built from Services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from csms.db.database import Database
from csms.db.repositories.stations import StationRepository
from csms.domain.permissions import Action
from csms.protocol.commands import Commands, NotAvailableInVersion, StationNotConnected
from csms.protocol.connection import CallFailed, ResponseInvalid
from csms.services.access import Access
from csms.services.errors import Conflict, Invalid, StationError, StationTimeout
from csms.services.station_registry import visible_station
from ocppj.rpc import RpcError

T = TypeVar("T")


class CommandService:
    def __init__(self, db: Database, commands: Commands) -> None:
        self.db = db
        self.commands = commands

    async def send(
        self, access: Access, station_id: str, command: Callable[[Commands], Awaitable[T]]
    ) -> T:
        """Send ``command`` if the caller may command the station; its answer, or the service
        error saying what went wrong: the station unknown or not visible (NotFound), offline
        or gone mid-call (Conflict), a request the station's version or schema refuses
        (Invalid), a CALLERROR or a malformed answer (StationError), silence (StationTimeout)."""
        async with self.db.read() as session:
            await visible_station(StationRepository(session), access, station_id, Action.COMMAND)
        try:
            return await command(self.commands)
        except StationNotConnected:
            raise Conflict(f"station {station_id!r} is not connected") from None
        except NotAvailableInVersion as exc:
            raise Invalid(str(exc)) from None
        except RpcError as exc:
            raise Invalid(f"payload violates the OCPP schema: {exc.description}") from None
        except CallFailed as exc:
            raise StationError(
                f"station answered CALLERROR {exc.code}: {exc.description}"
            ) from None
        except ResponseInvalid as exc:
            raise StationError(f"station answer violates the schema: {exc}") from None
        except TimeoutError:
            raise StationTimeout("station did not answer in time") from None
        except ConnectionError:
            raise Conflict("station disconnected before answering") from None
