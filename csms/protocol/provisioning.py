"""Provisioning: BootNotification, Heartbeat, StatusNotification (1.6, 2.0.1, 2.1)."""

from __future__ import annotations

from csms.domain.events import ConnectorStatus, ConnectorStatusChanged, Registration, StationBooted
from csms.protocol.router import CallContext, Payload, Router
from ocppj.versions import OcppVersion
from ocppj.wiretime import parse_time, wire_time

router = Router()


async def _boot(ctx: CallContext, event: StationBooted) -> Payload:
    services = ctx.services
    registration = await services.stations.boot(event, ctx.version)
    ctx.connection.info.registration = registration
    interval = (
        services.heartbeat_interval
        if registration is Registration.ACCEPTED
        else services.boot_retry_interval
    )
    return {
        "status": registration.value,
        "currentTime": wire_time(services.clock.now()),
        "interval": interval,
    }


@router.on("BootNotification", OcppVersion.V16)
async def boot_16(ctx: CallContext, p: Payload) -> Payload:
    return await _boot(
        ctx,
        StationBooted(
            station_id=ctx.station_id,
            vendor=p["chargePointVendor"],
            model=p["chargePointModel"],
            serial_number=p.get("chargePointSerialNumber") or p.get("chargeBoxSerialNumber"),
            firmware_version=p.get("firmwareVersion"),
            iccid=p.get("iccid"),
            imsi=p.get("imsi"),
            meter_type=p.get("meterType"),
            meter_serial_number=p.get("meterSerialNumber"),
        ),
    )


@router.on("BootNotification", OcppVersion.V201, OcppVersion.V21)
async def boot_2(ctx: CallContext, p: Payload) -> Payload:
    station = p["chargingStation"]
    modem = station.get("modem") or {}
    return await _boot(
        ctx,
        StationBooted(
            station_id=ctx.station_id,
            vendor=station["vendorName"],
            model=station["model"],
            serial_number=station.get("serialNumber"),
            firmware_version=station.get("firmwareVersion"),
            reason=p["reason"],
            iccid=modem.get("iccid"),
            imsi=modem.get("imsi"),
        ),
    )


@router.on("Heartbeat", *OcppVersion)
async def heartbeat(ctx: CallContext, _p: Payload) -> Payload:
    return {"currentTime": wire_time(ctx.services.clock.now())}


@router.on("StatusNotification", OcppVersion.V16)
async def status_16(ctx: CallContext, p: Payload) -> Payload:
    connector = p["connectorId"]
    await ctx.services.stations.status_changed(
        ConnectorStatusChanged(
            station_id=ctx.station_id,
            evse_id=connector,
            connector_id=1 if connector else 0,
            status=ConnectorStatus(p["status"]),
            timestamp=parse_time(p["timestamp"]) if "timestamp" in p else ctx.services.clock.now(),
            error_code=p["errorCode"],
            info=p.get("info"),
            vendor_error_code=p.get("vendorErrorCode"),
        )
    )
    return {}


@router.on("StatusNotification", OcppVersion.V201, OcppVersion.V21)
async def status_2(ctx: CallContext, p: Payload) -> Payload:
    await ctx.services.stations.status_changed(
        ConnectorStatusChanged(
            station_id=ctx.station_id,
            evse_id=p["evseId"],
            connector_id=p["connectorId"],
            status=ConnectorStatus(p["connectorStatus"]),
            timestamp=parse_time(p["timestamp"]),
        )
    )
    return {}
