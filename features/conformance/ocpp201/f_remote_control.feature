@ocpp201
Feature: OCPP 2.0.1 F - Remote control, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block F ("OCPP
  2.0.1 Part 6 - Test Cases", edition 3): remote start and stop, unlock, trigger message. It
  uses EVSE 1, connector 1 and ${valid_id_tag}. "Reusable state" steps play the OCA reusable
  states (EnergyTransferStarted, EVDisconnected, ...) for the case's transaction.

  @TC_F_01_CSMS @Core
  Scenario: Remote start transaction - Cable plugin first
    Given the station is in the reusable state EVConnectedPreSession
    And the station will answer RequestStartTransaction with
      | status        | Accepted          |
      | transactionId | ${transaction_id} |
    When the CSMS is asked to send RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
    Then the CSMS sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | remoteStartId   | <present>       |
    And the station remembers "remoteStartId" of the CSMS's request as "remote_start_id"
    When the station sends the next TransactionEvent with
      | eventType                     | Updated            |
      | triggerReason                 | RemoteStart        |
      | transactionInfo.remoteStartId | ${remote_start_id} |
      | transactionInfo.chargingState | EVConnected        |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    And the station executes the reusable state EnergyTransferStarted

  @TC_F_02_CSMS @Core
  Scenario: Remote start transaction - Remote start first - AuthorizeRemoteStart is true
    Given the station has booted
    And the station will answer RequestStartTransaction with
      | status | Accepted |
    When the CSMS is asked to send RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
    Then the CSMS sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    And the station remembers "remoteStartId" of the CSMS's request as "remote_start_id"
    # AuthorizeRemoteStart is true: the station authorizes the idToken as for a local start
    When the station sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    When the station sends the next TransactionEvent with
      | eventType                     | Started            |
      | triggerReason                 | RemoteStart        |
      | transactionInfo.remoteStartId | ${remote_start_id} |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    And the station executes the reusable state EnergyTransferStarted

  @TC_F_03_CSMS @Core
  Scenario: Remote start transaction - Remote start first - AuthorizeRemoteStart is false
    Given the station has booted
    And the station will answer RequestStartTransaction with
      | status | Accepted |
    When the CSMS is asked to send RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
    Then the CSMS sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    And the station remembers "remoteStartId" of the CSMS's request as "remote_start_id"
    # AuthorizeRemoteStart is false: the station starts without an AuthorizeRequest
    When the station sends the next TransactionEvent with
      | eventType                     | Started            |
      | triggerReason                 | RemoteStart        |
      | transactionInfo.remoteStartId | ${remote_start_id} |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    And the station executes the reusable state EnergyTransferStarted

  @TC_F_04_CSMS @Core
  Scenario: Remote start transaction - Remote start first - Cable plugin timeout
    Given the station has booted
    And the station will answer RequestStartTransaction with
      | status | Accepted |
    When the CSMS is asked to send RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
    Then the CSMS sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    And the station remembers "remoteStartId" of the CSMS's request as "remote_start_id"
    When the station sends the next TransactionEvent with
      | eventType                     | Started            |
      | triggerReason                 | RemoteStart        |
      | transactionInfo.remoteStartId | ${remote_start_id} |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    # No EV is plugged in within EVConnectionTimeOut (the harness does not wait for it): the
    # station deauthorizes and ends the transaction.
    When the station sends the next TransactionEvent with
      | eventType                     | Ended            |
      | triggerReason                 | EVConnectTimeout |
      | transactionInfo.stoppedReason | Timeout          |
      | idToken                       | <absent>         |
    Then the CSMS answers

  @TC_F_06_CSMS
  Scenario: Remote unlock Connector - Without ongoing transaction - Accepted
    Given the station has booted
    And the station will answer UnlockConnector with
      | status | Unlocked |
    When the CSMS is asked to send UnlockConnector with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the CSMS sends UnlockConnector with
      | evseId      | 1 |
      | connectorId | 1 |

  @TC_F_11_CSMS @Core
  Scenario: Trigger message - MeterValues - Specific EVSE
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | MeterValues |
      | evse.id          | 1           |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | MeterValues |
      | evse.id          | 1           |
    When the station sends MeterValues with
      | evseId                              | 1       |
      | meterValue.0.sampledValue.0.context | Trigger |
    Then the CSMS answers

  @TC_F_12_CSMS @Core
  Scenario: Trigger message - MeterValues - All EVSE
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | MeterValues |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | MeterValues |
      | evse             | <absent>    |
    # One MeterValuesRequest per EVSE: our station has one
    When the station sends MeterValues with
      | evseId                              | 1       |
      | meterValue.0.sampledValue.0.context | Trigger |
    Then the CSMS answers

  @TC_F_13_CSMS @Core
  Scenario: Trigger message - TransactionEvent - Specific EVSE
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | TransactionEvent |
      | evse.id          | 1                |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | TransactionEvent |
      | evse.id          | 1                |
    When the station sends the next TransactionEvent with
      | eventType                             | Updated                       |
      | triggerReason                         | Trigger                       |
      | transactionInfo.chargingState         | Charging                      |
      | evse.id                               | 1                             |
      | idToken                               | <absent>                      |
      | meterValue.0.timestamp                | ${now}                        |
      | meterValue.0.sampledValue.0.value     | 1500                          |
      | meterValue.0.sampledValue.0.context   | Trigger                       |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
    Then the CSMS answers

  @TC_F_14_CSMS @Core
  Scenario: Trigger message - TransactionEvent - All EVSE
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | TransactionEvent |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | TransactionEvent |
      | evse             | <absent>         |
    # One TransactionEventRequest per EVSE with a transaction: our station has one
    When the station sends the next TransactionEvent with
      | eventType                             | Updated                       |
      | triggerReason                         | Trigger                       |
      | transactionInfo.chargingState         | Charging                      |
      | evse                                  | <absent>                      |
      | idToken                               | <absent>                      |
      | meterValue.0.timestamp                | ${now}                        |
      | meterValue.0.sampledValue.0.value     | 1500                          |
      | meterValue.0.sampledValue.0.context   | Trigger                       |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
    Then the CSMS answers

  @TC_F_15_CSMS @Core
  Scenario: Trigger message - LogStatusNotification - Idle
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | LogStatusNotification |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | LogStatusNotification |
    When the station sends LogStatusNotification with
      | status    | Idle     |
      | requestId | <absent> |
    Then the CSMS answers

  @TC_F_18_CSMS @Core
  Scenario: Trigger message - FirmwareStatusNotification - Idle
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | FirmwareStatusNotification |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | FirmwareStatusNotification |
    When the station sends FirmwareStatusNotification with
      | status    | Idle     |
      | requestId | <absent> |
    Then the CSMS answers

  @TC_F_20_CSMS @Core
  Scenario: Trigger message - Heartbeat
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | Heartbeat |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | Heartbeat |
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |

  @TC_F_23_CSMS @Core
  Scenario: Trigger message - StatusNotification - Specific EVSE - Available
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
      | evse.connectorId | 1                  |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
    When the station reports the connector as Available

  @TC_F_24_CSMS @Core
  Scenario: Trigger message - StatusNotification - Specific EVSE - Occupied
    Given the station has booted
    And the station reports the connector as Occupied
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
      | evse.connectorId | 1                  |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
    When the station reports the connector as Occupied

  @TC_F_27_CSMS @Core
  Scenario: Trigger message - NotImplemented
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | NotImplemented |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | PublishFirmwareStatusNotification |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | PublishFirmwareStatusNotification |
    # The station sends nothing more; the CSMS must take the NotImplemented answer in stride
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |
