@ocpp201
Feature: OCPP 2.0.1 J Meter values, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block J) on EVSE 1: clock-aligned and sampled meter values, outside and
  inside a transaction. The cases set short intervals and put the old ones back.

  @TC_J_01_CS @Core
  Scenario: Clock-aligned Meter Values - No transaction ongoing
    Given the charger is connected
    And the test system configures the charger with
      | AlignedDataCtrlr.Measurands | Energy.Active.Import.Register |
      | AlignedDataCtrlr.Interval   | 3                             |
    Then the charger sends MeterValues with
      | evseId                                | 1                             |
      | meterValue.0.sampledValue.0.context   | Sample.Clock                  |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
    And "meterValue.0.timestamp" of the charger's request is aligned to 3 seconds
    And the test system restores the charger's configuration

  @TC_J_02_CS @Core
  Scenario: Clock-aligned Meter Values - Transaction ongoing
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    And the test system configures the charger with
      | AlignedDataCtrlr.Measurands | Energy.Active.Import.Register |
      | AlignedDataCtrlr.Interval   | 3                             |
    # During a transaction the clock-aligned values go in its TransactionEventRequests.
    Then the charger sends TransactionEvent with
      | eventType                             | Updated                       |
      | transactionInfo.transactionId         | ${transactionId}              |
      | triggerReason                         | MeterValueClock               |
      | meterValue.0.sampledValue.0.context   | Sample.Clock                  |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
    And "meterValue.0.timestamp" of the charger's request is aligned to 3 seconds
    And the test system restores the charger's configuration
    When the charger is brought to the reusable state EVDisconnected

  @TC_J_03_CS @Core
  Scenario: Clock-aligned Meter Values - EventType Ended
    Given the charger is connected
    And the test system configures the charger with
      | AlignedDataCtrlr.TxEndedMeasurands | Energy.Active.Import.Register |
      | AlignedDataCtrlr.TxEndedInterval   | 2                             |
    And the charger is in the reusable state EnergyTransferStarted
    When 3 seconds pass
    And the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # The Ended event carries the clock-aligned values taken during the transaction.
    Then the charger sends TransactionEvent with
      | eventType                             | Ended                         |
      | transactionInfo.transactionId         | ${transactionId}              |
      | meterValue.0.sampledValue.0.context   | Sample.Clock                  |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
    And "meterValue.0.timestamp" of the charger's request is aligned to 2 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_J_07_CS @Core
  Scenario: Sampled Meter Values - EventType Started - EVSE known
    Given the charger is connected
    And the test system configures the charger with
      | SampledDataCtrlr.TxStartedMeasurands | Energy.Active.Import.Register |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends Authorize
    And the charger sends TransactionEvent with
      | eventType                             | Started                       |
      | evse.id                               | 1                             |
      | meterValue.0.sampledValue.0.context   | Transaction.Begin             |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
      | meterValue.0.sampledValue.0.value     | <present>                     |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_J_09_CS @Core
  Scenario: Sampled Meter Values - EventType Updated
    Given the charger is connected
    And the test system configures the charger with
      | SampledDataCtrlr.TxUpdatedMeasurands | Energy.Active.Import.Register |
      | SampledDataCtrlr.TxUpdatedInterval   | 1                             |
    And the charger is in the reusable state EnergyTransferStarted
    Then the charger sends TransactionEvent with
      | eventType                             | Updated                       |
      | transactionInfo.transactionId         | ${transactionId}              |
      | triggerReason                         | MeterValuePeriodic            |
      | meterValue.0.sampledValue.0.context   | Sample.Periodic               |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
    And the charger sends TransactionEvent with
      | eventType     | Updated            |
      | triggerReason | MeterValuePeriodic |
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_J_10_CS @Core
  Scenario: Sampled Meter Values - EventType Ended
    Given the charger is connected
    And the test system configures the charger with
      | SampledDataCtrlr.TxEndedMeasurands | Energy.Active.Import.Register |
      | SampledDataCtrlr.TxEndedInterval   | 2                             |
    And the charger is in the reusable state EnergyTransferStarted
    When 3 seconds pass
    And the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # The Ended event carries the values sampled every TxEndedInterval, then the last one.
    Then the charger sends TransactionEvent with
      | eventType                             | Ended                         |
      | transactionInfo.transactionId         | ${transactionId}              |
      | meterValue.0.sampledValue.0.context   | Sample.Periodic               |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
      | meterValue.1.sampledValue.0.context   | Transaction.End               |
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration
