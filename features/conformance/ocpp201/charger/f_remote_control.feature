@ocpp201
Feature: OCPP 2.0.1 F Remote control, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block F) on EVSE 1, connector 1: remote start and stop, unlocking a
  connector, and messages the CSMS triggers. The file locations are plan variables (set
  them with --set for a real charger): a log upload that works, and a firmware download that
  cannot (an .invalid host, RFC 2606).

  Background:
    Given the plan variable "log_upload_location" defaults to "ftp://files.evharness.example/logs/"
    And the plan variable "firmware_unreachable_location" defaults to "https://firmware.evharness.invalid/fw.bin"

  @TC_F_01_CS @Core
  Scenario: Remote start transaction - Cable plugin first
    Given the charger is connected
    And the test system configures the charger with
      | AuthCtrlr.AuthorizeRemoteStart | false |
    And the charger is in the reusable state EVConnectedPreSession
    When the test system sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | remoteStartId   | 101             |
    Then the charger answers with
      | status | Accepted |
    And the charger sends TransactionEvent with
      | eventType                     | Started         |
      | triggerReason                 | RemoteStart     |
      | transactionInfo.remoteStartId | 101             |
      | transactionInfo.chargingState | Charging        |
      | idToken.idToken               | ${valid_id_tag} |
      | evse.id                       | 1               |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_F_02_CS @Core
  Scenario: Remote start transaction - Remote start first - AuthorizeRemoteStart is true
    Given the charger is connected
    And the test system configures the charger with
      | AuthCtrlr.AuthorizeRemoteStart | true  |
      | AuthCtrlr.LocalPreAuthorize    | false |
    When the test system sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | remoteStartId   | 102             |
    Then the charger answers with
      | status | Accepted |
    # AuthorizeRemoteStart: the charger authorizes the idToken before it uses it.
    And the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    When the operator is asked to plug in the cable with
      | evseId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorStatus | Occupied |
    And the charger sends TransactionEvent with
      | eventType                     | Started                       |
      | triggerReason                 | RemoteStart or CablePluggedIn |
      | transactionInfo.remoteStartId | 102                           |
      | idToken.idToken               | ${valid_id_tag}               |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_F_03_CS @Core
  Scenario: Remote start transaction - Remote start first - AuthorizeRemoteStart is false
    Given the charger is connected
    And the test system configures the charger with
      | AuthCtrlr.AuthorizeRemoteStart | false |
    When the test system sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | remoteStartId   | 103             |
    Then the charger answers with
      | status | Accepted |
    When the operator is asked to plug in the cable with
      | evseId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorStatus | Occupied |
    And the charger sends TransactionEvent with
      | eventType                     | Started                       |
      | triggerReason                 | RemoteStart or CablePluggedIn |
      | transactionInfo.remoteStartId | 103                           |
      | idToken.idToken               | ${valid_id_tag}               |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    # AuthorizeRemoteStart is false: the charger did not ask about the idToken.
    And the charger sends no Authorize within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_F_04_CS @Core
  Scenario: Remote start transaction - Remote start first - Cable plugin timeout
    Given the charger is connected
    And the test system configures the charger with
      | AuthCtrlr.AuthorizeRemoteStart | false |
      | TxCtrlr.EVConnectionTimeOut    | 2     |
    When the test system sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | remoteStartId   | 104             |
    Then the charger answers with
      | status | Accepted |
    # No cable within EVConnectionTimeOut: the remote start lapses.
    And the charger sends no TransactionEvent within 3 seconds
    When the operator is asked to plug in the cable with
      | evseId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorStatus | Occupied |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_F_05_CS @Core
  Scenario: Remote unlock Connector - With ongoing transaction
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends UnlockConnector with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the charger answers with
      | status | OngoingAuthorizedTransaction |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected

  @TC_F_07_CS @Core
  Scenario: Remote unlock Connector - Without ongoing transaction - No cable connected
    Given the charger is connected
    When the test system sends UnlockConnector with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the charger answers with
      | status | Unlocked |

  @TC_F_10_CS @Core
  Scenario: Remote unlock Connector - Without ongoing transaction - UnknownConnector
    Given the charger is connected
    When the test system sends UnlockConnector with
      | evseId      | 1  |
      | connectorId | 99 |
    Then the charger answers with
      | status | UnknownConnector |

  @TC_F_08_CS @Core
  Scenario: Remote stop transaction - Success
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends RequestStopTransaction with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | RemoteStop       |
      | transactionInfo.stoppedReason | Remote           |
    When the charger is brought to the reusable state EVDisconnected

  @TC_F_09_CS @Core
  Scenario: Remote stop transaction - Rejected
    Given the charger is connected
    When the test system sends RequestStopTransaction with
      | transactionId | OCTT-UNKNOWN-TX |
    Then the charger answers with
      | status | Rejected |
    And the charger sends no TransactionEvent within 1 seconds

  @TC_F_11_CS @Core
  Scenario: Trigger message - MeterValues - Specific EVSE
    Given the charger is connected
    When the test system sends TriggerMessage with
      | requestedMessage | MeterValues |
      | evse.id          | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends MeterValues with
      | evseId                              | 1         |
      | meterValue.0.sampledValue.0.context | Trigger   |
      | meterValue.0.sampledValue.0.value   | <present> |

  @TC_F_12_CS @Core
  Scenario: Trigger message - MeterValues - All EVSE
    Given the charger is connected
    When the test system sends TriggerMessage with
      | requestedMessage | MeterValues |
    Then the charger answers with
      | status | Accepted |
    # One MeterValuesRequest per EVSE (our simulator has one).
    And the charger sends MeterValues with
      | evseId                              | 1       |
      | meterValue.0.sampledValue.0.context | Trigger |

  @TC_F_13_CS @Core
  Scenario: Trigger message - TransactionEvent - Specific EVSE
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends TriggerMessage with
      | requestedMessage | TransactionEvent |
      | evse.id          | 1                |
    Then the charger answers with
      | status | Accepted |
    And the charger sends TransactionEvent with
      | eventType                     | Updated          |
      | triggerReason                 | Trigger          |
      | transactionInfo.transactionId | ${transactionId} |
      | transactionInfo.chargingState | Charging         |
    When the charger is brought to the reusable state EVDisconnected

  @TC_F_14_CS @Core
  Scenario: Trigger message - TransactionEvent - All EVSE
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends TriggerMessage with
      | requestedMessage | TransactionEvent |
    Then the charger answers with
      | status | Accepted |
    And the charger sends TransactionEvent with
      | eventType                     | Updated          |
      | triggerReason                 | Trigger          |
      | transactionInfo.transactionId | ${transactionId} |
    When the charger is brought to the reusable state EVDisconnected

  @TC_F_15_CS @Core
  Scenario: Trigger message - LogStatusNotification - Idle
    Given the charger is connected
    When the test system sends TriggerMessage with
      | requestedMessage | LogStatusNotification |
    Then the charger answers with
      | status | Accepted |
    And the charger sends LogStatusNotification with
      | status    | Idle     |
      | requestId | <absent> |

  @TC_F_16_CS @Core
  Scenario: Trigger message - LogStatusNotification - Uploading
    Given the charger is connected
    When the test system sends GetLog with
      | logType            | DiagnosticsLog         |
      | requestId          | 116                    |
      | log.remoteLocation | ${log_upload_location} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends LogStatusNotification with
      | status    | Uploading |
      | requestId | 116       |
    When the test system sends TriggerMessage with
      | requestedMessage | LogStatusNotification |
    Then the charger answers with
      | status | Accepted |
    And the charger sends LogStatusNotification with
      | status    | Uploading |
      | requestId | 116       |
    And the charger sends LogStatusNotification with
      | status    | Uploaded |
      | requestId | 116      |

  @TC_F_17_CS @Core
  Scenario: Trigger message - FirmwareStatusNotification - Specific EVSE not relevant
    Given the charger is connected
    # The EVSE does not matter for this message: the charger ignores it.
    When the test system sends TriggerMessage with
      | requestedMessage | FirmwareStatusNotification |
      | evse.id          | 1                          |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status | Idle |

  @TC_F_18_CS @Core
  Scenario: Trigger message - FirmwareStatusNotification - Idle
    Given the charger is connected
    When the test system sends TriggerMessage with
      | requestedMessage | FirmwareStatusNotification |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | Idle     |
      | requestId | <absent> |

  @TC_F_19_CS @Core
  Scenario: Trigger message - FirmwareStatusNotification - Downloading
    Given the charger is connected
    # A download that fails: the charger stays as it is.
    When the test system sends UpdateFirmware with
      | requestId                 | 119                              |
      | firmware.location         | ${firmware_unreachable_location} |
      | firmware.retrieveDateTime | ${now}                           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 119         |
    When the test system sends TriggerMessage with
      | requestedMessage | FirmwareStatusNotification |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 119         |
    And the charger sends FirmwareStatusNotification with
      | status    | DownloadFailed |
      | requestId | 119            |

  @TC_F_20_CS @Core
  Scenario: Trigger message - Heartbeat
    Given the charger is connected
    When the test system sends TriggerMessage with
      | requestedMessage | Heartbeat |
    Then the charger answers with
      | status | Accepted |
    And the charger sends Heartbeat

  @TC_F_23_CS @Core
  Scenario: Trigger message - StatusNotification - Specific EVSE - Available
    Given the charger is connected
    When the test system sends TriggerMessage with
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
      | evse.connectorId | 1                  |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_F_24_CS @Core
  Scenario: Trigger message - StatusNotification - Specific EVSE - Occupied
    Given the charger is connected
    And the charger is in the reusable state EVConnectedPreSession
    When the test system sends TriggerMessage with
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
      | evse.connectorId | 1                  |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
    When the charger is brought to the reusable state EVDisconnected

  @TC_F_26_CS @Core
  Scenario: Trigger message - BootNotification - Rejected
    Given the charger is connected
    # Already accepted: a triggered BootNotification is refused.
    When the test system sends TriggerMessage with
      | requestedMessage | BootNotification |
    Then the charger answers with
      | status | Rejected |
    And the charger sends no BootNotification within 1 seconds

  @TC_F_27_CS @Core
  Scenario: Trigger message - NotImplemented
    Given the charger is connected
    # A message the charger does not implement: a local controller's notification.
    When the test system sends TriggerMessage with
      | requestedMessage | PublishFirmwareStatusNotification |
    Then the charger answers with
      | status | NotImplemented |
