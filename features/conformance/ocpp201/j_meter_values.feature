@ocpp201
Feature: OCPP 2.0.1 J - Meter values, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block J: it
  sends clock-aligned and sampled meter values, outside and inside transactions, plain and
  signed, and the CSMS answers each MeterValuesRequest and TransactionEventRequest.
  Clock-aligned timestamps are multiples of the AlignedDataInterval since midnight UTC
  (${aligned_0} the latest). Energy is Energy.Active.Import.Register in Wh.

  @TC_J_01_CSMS @Core
  Scenario: Clock-aligned Meter Values - No transaction ongoing
    Given the station has booted
    And the clock-aligned data interval is 900 seconds
    # Three clock-aligned MeterValuesRequests for evseId 0 (the main meter) and EVSE 1
    When the station sends MeterValues with
      | evseId                              | 0            |
      | meterValue.0.timestamp              | ${aligned_2} |
      | meterValue.0.sampledValue.0.value   | 10000        |
      | meterValue.0.sampledValue.0.context | Sample.Clock |
    Then the CSMS answers
    When the station sends MeterValues with
      | evseId                              | 0            |
      | meterValue.0.timestamp              | ${aligned_1} |
      | meterValue.0.sampledValue.0.value   | 10000        |
      | meterValue.0.sampledValue.0.context | Sample.Clock |
    Then the CSMS answers
    When the station sends MeterValues with
      | evseId                              | 0            |
      | meterValue.0.timestamp              | ${aligned_0} |
      | meterValue.0.sampledValue.0.value   | 10000        |
      | meterValue.0.sampledValue.0.context | Sample.Clock |
    Then the CSMS answers
    When the station sends MeterValues with
      | evseId                              | 1            |
      | meterValue.0.timestamp              | ${aligned_2} |
      | meterValue.0.sampledValue.0.value   | 5000         |
      | meterValue.0.sampledValue.0.context | Sample.Clock |
    Then the CSMS answers
    When the station sends MeterValues with
      | evseId                              | 1            |
      | meterValue.0.timestamp              | ${aligned_1} |
      | meterValue.0.sampledValue.0.value   | 5000         |
      | meterValue.0.sampledValue.0.context | Sample.Clock |
    Then the CSMS answers
    When the station sends MeterValues with
      | evseId                              | 1            |
      | meterValue.0.timestamp              | ${aligned_0} |
      | meterValue.0.sampledValue.0.value   | 5000         |
      | meterValue.0.sampledValue.0.context | Sample.Clock |
    Then the CSMS answers
    # The fiscal meter reports the same reading as a periodic event
    When the station sends NotifyEvent with
      | eventData.0.trigger               | Periodic       |
      | eventData.0.actualValue           | 10000          |
      | eventData.0.eventNotificationType | CustomMonitor  |
      | eventData.0.component.name        | FiscalMetering |
      | eventData.0.variable.name         | EnergyImport   |
    Then the CSMS answers

  @TC_J_02_CSMS @Core
  Scenario: Clock-aligned Meter Values - Transaction ongoing
    Given the station is in the reusable state EnergyTransferStarted
    # AlignedDataInterval is 1 s in the cases with a transaction, so that clock-aligned
    # times fall inside the transaction without a long wait
    And the clock-aligned data interval is 1 seconds
    # On an EVSE with a transaction, clock-aligned values go in TransactionEventRequests
    When the next clock-aligned time passes
    And the station sends the next TransactionEvent with
      | eventType                           | Updated         |
      | triggerReason                       | MeterValueClock |
      | idToken                             | <absent>        |
      | meterValue.0.timestamp              | ${aligned_0}    |
      | meterValue.0.sampledValue.0.value   | 1000            |
      | meterValue.0.sampledValue.0.context | Sample.Clock    |
    Then the CSMS answers
    # ... and the main meter (evseId 0) in a MeterValuesRequest
    When the station sends MeterValues with
      | evseId                              | 0            |
      | meterValue.0.timestamp              | ${aligned_0} |
      | meterValue.0.sampledValue.0.value   | 12000        |
      | meterValue.0.sampledValue.0.context | Sample.Clock |
    Then the CSMS answers
    When the next clock-aligned time passes
    And the station sends the next TransactionEvent with
      | eventType                           | Updated         |
      | triggerReason                       | MeterValueClock |
      | idToken                             | <absent>        |
      | meterValue.0.timestamp              | ${aligned_0}    |
      | meterValue.0.sampledValue.0.value   | 2000            |
      | meterValue.0.sampledValue.0.context | Sample.Clock    |
    Then the CSMS answers

  @TC_J_03_CSMS @Core
  Scenario: Clock-aligned Meter Values - EventType Ended
    Given the station is in the reusable state EnergyTransferStarted
    And the clock-aligned data interval is 1 seconds
    # The Ended event carries the clock-aligned values of the transaction (TxEndedMeasurands)
    When the next clock-aligned time passes
    And the station executes the reusable state EVDisconnected with
      | meterValue.0.timestamp              | ${aligned_0}    |
      | meterValue.0.sampledValue.0.value   | 1000            |
      | meterValue.0.sampledValue.0.context | Sample.Clock    |
      | meterValue.1.timestamp              | ${now}          |
      | meterValue.1.sampledValue.0.value   | 1100            |
      | meterValue.1.sampledValue.0.context | Transaction.End |

  @TC_J_04_CSMS @Core
  Scenario: Clock-aligned Meter Values - Signed
    Given the station is in the reusable state EnergyTransferStarted
    And the clock-aligned data interval is 1 seconds
    # AlignedDataSignReadings is true: every value carries its signed meter value
    When the next clock-aligned time passes
    And the station executes the reusable state EVDisconnected with
      | meterValue.0.timestamp                                       | ${aligned_0}           |
      | meterValue.0.sampledValue.0.value                            | 1000                   |
      | meterValue.0.sampledValue.0.context                          | Sample.Clock           |
      | meterValue.0.sampledValue.0.signedMeterValue.signedMeterData | RVZILVNJR05FRC0xMDAw   |
      | meterValue.0.sampledValue.0.signedMeterValue.signingMethod   | ECDSA-secp256r1-SHA256 |
      | meterValue.0.sampledValue.0.signedMeterValue.encodingMethod  | OCMF                   |
      | meterValue.0.sampledValue.0.signedMeterValue.publicKey       | RVZILVBVQkxJQy1LRVk=   |
      | meterValue.1.timestamp                                       | ${now}                 |
      | meterValue.1.sampledValue.0.value                            | 1100                   |
      | meterValue.1.sampledValue.0.context                          | Transaction.End        |
      | meterValue.1.sampledValue.0.signedMeterValue.signedMeterData | RVZILVNJR05FRC0xMTAw   |
      | meterValue.1.sampledValue.0.signedMeterValue.signingMethod   | ECDSA-secp256r1-SHA256 |
      | meterValue.1.sampledValue.0.signedMeterValue.encodingMethod  | OCMF                   |
      | meterValue.1.sampledValue.0.signedMeterValue.publicKey       | RVZILVBVQkxJQy1LRVk=   |

  @TC_J_07_CSMS @Core
  Scenario: Sampled Meter Values - EventType Started - EVSE known
    # The EV is plugged in first, so the EVSE is known when the transaction starts
    Given the station has booted
    When the station executes the reusable state EVConnectedPreSession with
      | meterValue.0.timestamp              | ${now}            |
      | meterValue.0.sampledValue.0.value   | 0                 |
      | meterValue.0.sampledValue.0.context | Transaction.Begin |
    And the station executes the reusable state Authorized
    Then the station executes the reusable state EnergyTransferStarted

  @TC_J_08_CSMS @Core
  Scenario: Sampled Meter Values - Context Transaction.Begin - EVSE not known
    # The driver authorizes first; the meter start comes when the EV is plugged in
    Given the station has booted
    When the station executes the reusable state Authorized with
      | evse | <absent> |
    And the station executes the reusable state EVConnectedPreSession with
      | meterValue.0.timestamp              | ${now}            |
      | meterValue.0.sampledValue.0.value   | 0                 |
      | meterValue.0.sampledValue.0.context | Transaction.Begin |
    Then the station executes the reusable state EnergyTransferStarted

  @TC_J_09_CSMS @Core
  Scenario: Sampled Meter Values - EventType Updated
    Given the station is in the reusable state EnergyTransferStarted
    When the station sends the next TransactionEvent with
      | eventType                           | Updated            |
      | triggerReason                       | MeterValuePeriodic |
      | idToken                             | <absent>           |
      | meterValue.0.timestamp              | ${now}             |
      | meterValue.0.sampledValue.0.value   | 500                |
      | meterValue.0.sampledValue.0.context | Sample.Periodic    |
    Then the CSMS answers
    When the station sends the next TransactionEvent with
      | eventType                           | Updated            |
      | triggerReason                       | MeterValuePeriodic |
      | idToken                             | <absent>           |
      | meterValue.0.timestamp              | ${now}             |
      | meterValue.0.sampledValue.0.value   | 1000               |
      | meterValue.0.sampledValue.0.context | Sample.Periodic    |
    Then the CSMS answers

  @TC_J_10_CSMS @Core
  Scenario: Sampled Meter Values - EventType Ended
    Given the station is in the reusable state EnergyTransferStarted
    When the station executes the reusable state EVDisconnected with
      | meterValue.0.timestamp              | ${now-60s}      |
      | meterValue.0.sampledValue.0.value   | 1000            |
      | meterValue.0.sampledValue.0.context | Sample.Periodic |
      | meterValue.1.timestamp              | ${now}          |
      | meterValue.1.sampledValue.0.value   | 1500            |
      | meterValue.1.sampledValue.0.context | Sample.Periodic |
      | meterValue.1.sampledValue.1.value   | 1500            |
      | meterValue.1.sampledValue.1.context | Transaction.End |

  @TC_J_11_CSMS @Core
  Scenario: Sampled Meter Values - Signed
    Given the station is in the reusable state EnergyTransferStarted
    # SampledDataSignReadings is true: every sampled value carries its signed meter value
    When the station sends the next TransactionEvent with
      | eventType                                                    | Updated                |
      | triggerReason                                                | MeterValuePeriodic     |
      | idToken                                                      | <absent>               |
      | meterValue.0.timestamp                                       | ${now}                 |
      | meterValue.0.sampledValue.0.value                            | 1000                   |
      | meterValue.0.sampledValue.0.context                          | Sample.Periodic        |
      | meterValue.0.sampledValue.0.signedMeterValue.signedMeterData | RVZILVNJR05FRC0xMDAw   |
      | meterValue.0.sampledValue.0.signedMeterValue.signingMethod   | ECDSA-secp256r1-SHA256 |
      | meterValue.0.sampledValue.0.signedMeterValue.encodingMethod  | OCMF                   |
      | meterValue.0.sampledValue.0.signedMeterValue.publicKey       | RVZILVBVQkxJQy1LRVk=   |
    Then the CSMS answers
    When the station executes the reusable state EVDisconnected with
      | meterValue.0.timestamp                                       | ${now}                 |
      | meterValue.0.sampledValue.0.value                            | 1500                   |
      | meterValue.0.sampledValue.0.context                          | Transaction.End        |
      | meterValue.0.sampledValue.0.signedMeterValue.signedMeterData | RVZILVNJR05FRC0xNTAw   |
      | meterValue.0.sampledValue.0.signedMeterValue.signingMethod   | ECDSA-secp256r1-SHA256 |
      | meterValue.0.sampledValue.0.signedMeterValue.encodingMethod  | OCMF                   |
      | meterValue.0.sampledValue.0.signedMeterValue.publicKey       | RVZILVBVQkxJQy1LRVk=   |
