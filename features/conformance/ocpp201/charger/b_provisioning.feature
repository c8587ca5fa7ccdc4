@ocpp201
Feature: OCPP 2.0.1 B Provisioning, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block B). Manual steps at the charger go to the operator (the terminal, or
  the --hook URL; our simulator serves one with `sim station --control-port`). Every case
  leaves the charger as it found it: idle, Available, its configuration restored.

  @TC_B_01_CS @Core
  Scenario: Cold Boot Charging Station - Accepted
    Given the charger is connected
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the charger sends BootNotification with
      | reason                     | PowerUp   |
      | chargingStation.model      | <present> |
      | chargingStation.vendorName | <present> |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_B_02_CS @Core
  Scenario: Cold Boot Charging Station - Pending
    Given the charger is connected
    And the test system will answer BootNotification with
      | status   | Pending |
      | interval | 60      |
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the charger sends BootNotification with
      | reason | PowerUp |
    # While Pending the CSMS may read and configure the charger.
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr    |
      | setVariableData.0.variable.name  | OfflineThreshold |
      | setVariableData.0.attributeValue | 60               |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Accepted |
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr    |
      | getVariableData.0.variable.name  | OfflineThreshold |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | Accepted |
      | getVariableResult.0.attributeValue  | 60       |
    When the test system sends GetBaseReport with
      | requestId  | 201           |
      | reportBase | FullInventory |
    Then the charger answers with
      | status | Accepted |
    And the charger reports for request 201
    # No transaction while Pending.
    When the test system sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | remoteStartId   | 1               |
    Then the charger answers with
      | status | Rejected |
    Given the test system will answer BootNotification with
      | status   | Accepted |
      | interval | 300      |
    When the test system sends TriggerMessage with
      | requestedMessage | BootNotification |
    Then the charger answers with
      | status | Accepted |
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |

  @TC_B_03_CS @Core
  Scenario: Cold Boot Charging Station - Rejected
    Given the charger is connected
    And the test system will answer BootNotification with
      | status   | Rejected |
      | interval | 3        |
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the charger sends BootNotification with
      | reason | PowerUp |
    Given the test system will answer BootNotification with
      | status   | Accepted |
      | interval | 300      |
    # Rejected: nothing but BootNotification until the interval has passed.
    Then the charger sends no StatusNotification within 2 seconds
    And the charger sends no Heartbeat within 1 seconds
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |

  @TC_B_30_CS @Core
  Scenario: Cold Boot Charging Station - Pending/Rejected - SecurityError
    Given the charger is connected
    And the test system will answer BootNotification with
      | status   | Rejected |
      | interval | 3        |
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the charger sends BootNotification
    Given the test system will answer BootNotification with
      | status   | Accepted |
      | interval | 300      |
    # A request of the CSMS while the charger is not accepted is a security error.
    When the test system sends RequestStartTransaction with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | remoteStartId   | 1               |
    Then the charger answers with a CALLERROR "SecurityError"
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |

  @TC_B_06_CS @Core
  Scenario: Get Variables - single value
    Given the charger is connected
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr    |
      | getVariableData.0.variable.name  | OfflineThreshold |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | Accepted         |
      | getVariableResult.0.component.name  | OCPPCommCtrlr    |
      | getVariableResult.0.variable.name   | OfflineThreshold |
      | getVariableResult.0.attributeValue  | <present>        |

  @TC_B_07_CS @Core
  Scenario: Get Variables - multiple values
    Given the charger is connected
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr        |
      | getVariableData.0.variable.name  | OfflineThreshold     |
      | getVariableData.1.component.name | TxCtrlr              |
      | getVariableData.1.variable.name  | EVConnectionTimeOut  |
      | getVariableData.2.component.name | AuthCtrlr            |
      | getVariableData.2.variable.name  | AuthorizeRemoteStart |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | Accepted             |
      | getVariableResult.0.variable.name   | OfflineThreshold     |
      | getVariableResult.0.attributeValue  | <present>            |
      | getVariableResult.1.attributeStatus | Accepted             |
      | getVariableResult.1.variable.name   | EVConnectionTimeOut  |
      | getVariableResult.1.attributeValue  | <present>            |
      | getVariableResult.2.attributeStatus | Accepted             |
      | getVariableResult.2.variable.name   | AuthorizeRemoteStart |
      | getVariableResult.2.attributeValue  | true or false        |

  @TC_B_32_CS @Core
  Scenario: Get Variables - Unknown component
    Given the charger is connected
    When the test system sends GetVariables with
      | getVariableData.0.component.name | UnknownComponentOCTT |
      | getVariableData.0.variable.name  | OfflineThreshold     |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | UnknownComponent |
      | getVariableResult.0.attributeValue  | <absent>         |

  @TC_B_33_CS @Core
  Scenario: Get Variables - Unknown variable
    Given the charger is connected
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr       |
      | getVariableData.0.variable.name  | UnknownVariableOCTT |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | UnknownVariable |
      | getVariableResult.0.attributeValue  | <absent>        |

  @TC_B_34_CS @Core
  Scenario: Get Variables - Not supported attribute type
    Given the charger is connected
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr    |
      | getVariableData.0.variable.name  | OfflineThreshold |
      | getVariableData.0.attributeType  | Target           |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | NotSupportedAttributeType |
      | getVariableResult.0.attributeType   | Target                    |
      | getVariableResult.0.attributeValue  | <absent>                  |

  @TC_B_09_CS @Core
  Scenario: Set Variables - single value
    Given the charger is connected
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr    |
      | getVariableData.0.variable.name  | OfflineThreshold |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | Accepted |
    And the test system remembers "getVariableResult.0.attributeValue" of the answer as "original"
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr    |
      | setVariableData.0.variable.name  | OfflineThreshold |
      | setVariableData.0.attributeValue | 123              |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Accepted         |
      | setVariableResult.0.component.name  | OCPPCommCtrlr    |
      | setVariableResult.0.variable.name   | OfflineThreshold |
    And the charger's variable "OCPPCommCtrlr.OfflineThreshold" is "123"
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr    |
      | setVariableData.0.variable.name  | OfflineThreshold |
      | setVariableData.0.attributeValue | ${original}      |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Accepted |

  @TC_B_10_CS @Core
  Scenario: Set Variables - multiple values
    Given the charger is connected
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr       |
      | getVariableData.0.variable.name  | OfflineThreshold    |
      | getVariableData.1.component.name | TxCtrlr             |
      | getVariableData.1.variable.name  | EVConnectionTimeOut |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | Accepted |
      | getVariableResult.1.attributeStatus | Accepted |
    And the test system remembers "getVariableResult.0.attributeValue" of the answer as "threshold"
    And the test system remembers "getVariableResult.1.attributeValue" of the answer as "timeout"
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr       |
      | setVariableData.0.variable.name  | OfflineThreshold    |
      | setVariableData.0.attributeValue | 124                 |
      | setVariableData.1.component.name | TxCtrlr             |
      | setVariableData.1.variable.name  | EVConnectionTimeOut |
      | setVariableData.1.attributeValue | 45                  |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Accepted            |
      | setVariableResult.0.variable.name   | OfflineThreshold    |
      | setVariableResult.1.attributeStatus | Accepted            |
      | setVariableResult.1.variable.name   | EVConnectionTimeOut |
    And the charger's variable "OCPPCommCtrlr.OfflineThreshold" is "124"
    And the charger's variable "TxCtrlr.EVConnectionTimeOut" is "45"
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr       |
      | setVariableData.0.variable.name  | OfflineThreshold    |
      | setVariableData.0.attributeValue | ${threshold}        |
      | setVariableData.1.component.name | TxCtrlr             |
      | setVariableData.1.variable.name  | EVConnectionTimeOut |
      | setVariableData.1.attributeValue | ${timeout}          |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Accepted |
      | setVariableResult.1.attributeStatus | Accepted |

  @TC_B_35_CS @Core
  Scenario: Set Variables - Unknown component
    Given the charger is connected
    When the test system sends SetVariables with
      | setVariableData.0.component.name | UnknownComponentOCTT |
      | setVariableData.0.variable.name  | OfflineThreshold     |
      | setVariableData.0.attributeValue | 123                  |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | UnknownComponent |

  @TC_B_36_CS @Core
  Scenario: Set Variables - Unknown variable
    Given the charger is connected
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr       |
      | setVariableData.0.variable.name  | UnknownVariableOCTT |
      | setVariableData.0.attributeValue | 123                 |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | UnknownVariable |

  @TC_B_37_CS @Core
  Scenario: Set Variables - Not supported attribute type
    Given the charger is connected
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr    |
      | setVariableData.0.variable.name  | OfflineThreshold |
      | setVariableData.0.attributeType  | Target           |
      | setVariableData.0.attributeValue | 123              |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | NotSupportedAttributeType |
      | setVariableResult.0.attributeType   | Target                    |

  @TC_B_11_CS @Core
  Scenario: Set Variables - invalidly formatted values
    Given the charger is connected
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr    |
      | getVariableData.0.variable.name  | OfflineThreshold |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | Accepted |
    And the test system remembers "getVariableResult.0.attributeValue" of the answer as "original"
    # An integer variable set to text, and a boolean one to a number.
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr     |
      | setVariableData.0.variable.name  | OfflineThreshold  |
      | setVariableData.0.attributeValue | twenty            |
      | setVariableData.1.component.name | TxCtrlr           |
      | setVariableData.1.variable.name  | StopTxOnInvalidId |
      | setVariableData.1.attributeValue | 42                |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Rejected |
      | setVariableResult.1.attributeStatus | Rejected |
    And the charger's variable "OCPPCommCtrlr.OfflineThreshold" is "${original}"

  @TC_B_39_CS @Core
  Scenario: Set Variables - Read-only
    Given the charger is connected
    When the test system sends SetVariables with
      | setVariableData.0.component.name    | DeviceDataCtrlr |
      | setVariableData.0.variable.name     | ItemsPerMessage |
      | setVariableData.0.variable.instance | GetVariables    |
      | setVariableData.0.attributeValue    | 1               |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Rejected |
    And the charger's variable "DeviceDataCtrlr.ItemsPerMessage[GetVariables]" is "<present>"

  @TC_B_12_CS @Core
  Scenario: Get Base Report - ConfigurationInventory
    Given the charger is connected
    When the test system sends GetBaseReport with
      | requestId  | 212                    |
      | reportBase | ConfigurationInventory |
    Then the charger answers with
      | status | Accepted |
    And the charger reports for request 212 with
      | OCPPCommCtrlr.OfflineThreshold | <present> |
    And every variable in the report has a mutability of ReadWrite or WriteOnly

  @TC_B_13_CS @Core
  Scenario: Get Base Report - FullInventory
    Given the charger is connected
    When the test system sends GetBaseReport with
      | requestId  | 213           |
      | reportBase | FullInventory |
    Then the charger answers with
      | status | Accepted |
    And the charger reports for request 213 with
      | ChargingStation.AvailabilityState | Available |
      | EVSE(1).AvailabilityState         | Available |
      | Connector(1,1).AvailabilityState  | Available |
      | OCPPCommCtrlr.OfflineThreshold    | <present> |

  @TC_B_53_CS @Core
  Scenario: Get Base Report - Test mandatory DM variables via FullInventory
    Given the charger is connected
    When the test system sends GetBaseReport with
      | requestId  | 253           |
      | reportBase | FullInventory |
    Then the charger answers with
      | status | Accepted |
    # The variables OCPP 2.0.1 Part 2 (Appendix: components and variables) makes required
    # for every charging station.
    And the charger reports for request 253 with
      | ChargingStation.AvailabilityState                      | <present> |
      | ChargingStation.Available                              | <present> |
      | ChargingStation.SupplyPhases                           | <present> |
      | EVSE(1).AvailabilityState                              | <present> |
      | EVSE(1).Available                                      | <present> |
      | EVSE(1).Power                                          | <present> |
      | EVSE(1).SupplyPhases                                   | <present> |
      | Connector(1,1).AvailabilityState                       | <present> |
      | Connector(1,1).Available                               | <present> |
      | Connector(1,1).ConnectorType                           | <present> |
      | Connector(1,1).SupplyPhases                            | <present> |
      | AuthCtrlr.AuthorizeRemoteStart                         | <present> |
      | AuthCtrlr.LocalAuthorizeOffline                        | <present> |
      | AuthCtrlr.LocalPreAuthorize                            | <present> |
      | ClockCtrlr.DateTime                                    | <present> |
      | ClockCtrlr.TimeSource                                  | <present> |
      | DeviceDataCtrlr.ItemsPerMessage[GetReport]             | <present> |
      | DeviceDataCtrlr.ItemsPerMessage[GetVariables]          | <present> |
      | DeviceDataCtrlr.ItemsPerMessage[SetVariables]          | <present> |
      | DeviceDataCtrlr.BytesPerMessage[GetReport]             | <present> |
      | DeviceDataCtrlr.BytesPerMessage[GetVariables]          | <present> |
      | DeviceDataCtrlr.BytesPerMessage[SetVariables]          | <present> |
      | OCPPCommCtrlr.FileTransferProtocols                    | <present> |
      | OCPPCommCtrlr.HeartbeatInterval                        | <present> |
      | OCPPCommCtrlr.MessageTimeout[Default]                  | <present> |
      | OCPPCommCtrlr.MessageAttempts[TransactionEvent]        | <present> |
      | OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] | <present> |
      | OCPPCommCtrlr.NetworkConfigurationPriority             | <present> |
      | OCPPCommCtrlr.NetworkProfileConnectionAttempts         | <present> |
      | OCPPCommCtrlr.OfflineThreshold                         | <present> |
      | OCPPCommCtrlr.ResetRetries                             | <present> |
      | OCPPCommCtrlr.RetryBackOffRandomRange                  | <present> |
      | OCPPCommCtrlr.RetryBackOffRepeatTimes                  | <present> |
      | OCPPCommCtrlr.RetryBackOffWaitMinimum                  | <present> |
      | OCPPCommCtrlr.UnlockOnEVSideDisconnect                 | <present> |
      | OCPPCommCtrlr.WebSocketPingInterval                    | <present> |
      | SampledDataCtrlr.TxEndedMeasurands                     | <present> |
      | SampledDataCtrlr.TxEndedInterval                       | <present> |
      | SampledDataCtrlr.TxStartedMeasurands                   | <present> |
      | SampledDataCtrlr.TxUpdatedMeasurands                   | <present> |
      | SampledDataCtrlr.TxUpdatedInterval                     | <present> |
      | AlignedDataCtrlr.Interval                              | <present> |
      | AlignedDataCtrlr.Measurands                            | <present> |
      | AlignedDataCtrlr.TxEndedInterval                       | <present> |
      | AlignedDataCtrlr.TxEndedMeasurands                     | <present> |
      | SecurityCtrlr.OrganizationName                         | <present> |
      | SecurityCtrlr.CertificateEntries                       | <present> |
      | SecurityCtrlr.SecurityProfile                          | <present> |
      | TxCtrlr.EVConnectionTimeOut                            | <present> |
      | TxCtrlr.StopTxOnEVSideDisconnect                       | <present> |
      | TxCtrlr.StopTxOnInvalidId                              | <present> |
      | TxCtrlr.TxStartPoint                                   | <present> |
      | TxCtrlr.TxStopPoint                                    | <present> |

  @TC_B_20_CS @Core
  Scenario: Reset Charging Station - Without ongoing transaction - OnIdle
    Given the charger is connected
    When the test system sends Reset with
      | type | OnIdle |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | RemoteReset |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |

  @TC_B_21_CS @Core
  Scenario: Reset Charging Station - With Ongoing Transaction - OnIdle
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends Reset with
      | type | OnIdle |
    Then the charger answers with
      | status | Scheduled |
    # The reset waits for the transaction to end.
    And the charger sends no BootNotification within 1 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the charger reconnects
    And the charger sends BootNotification with
      | reason | RemoteReset |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |

  @TC_B_22_CS @Core
  Scenario: Reset Charging Station - With Ongoing Transaction - Immediate
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends Reset with
      | type | Immediate |
    Then the charger answers with
      | status | Accepted |
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | ResetCommand     |
      | transactionInfo.stoppedReason | ImmediateReset   |
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | RemoteReset |
    And the charger sends StatusNotification with
      | evseId | 1 |
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |

  @TC_B_23_CS @Core
  Scenario: Reset Charging Station - Unavailable persists reset
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorStatus | Unavailable |
    When the test system sends Reset with
      | type | OnIdle |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | RemoteReset |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorStatus | Unavailable |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |

  @TC_B_28_CS @Core
  Scenario: Reset EVSE - Not Supported
    # Our simulator resets only as a whole; a charger that resets single EVSEs runs
    # TC_B_25_CS to TC_B_27_CS instead.
    Given the charger is connected
    When the test system sends Reset with
      | type   | OnIdle |
      | evseId | 1      |
    Then the charger answers with
      | status | Rejected |
    And the charger sends no BootNotification within 1 seconds

  @TC_B_29_CS @Core
  Scenario: Reset EVSE - With ongoing transaction - Not Supported
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends Reset with
      | type   | Immediate |
      | evseId | 1         |
    Then the charger answers with
      | status | Rejected |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected

  @TC_B_51_CS @Core
  Scenario: Status change during offline period - > Offline Threshold
    Given the charger is connected
    And the test system configures the charger with
      | OCPPCommCtrlr.OfflineThreshold | 1 |
    When the operator is asked to go offline with
      | seconds | 3 |
    And the operator is asked to plug in the cable with
      | evseId | 1 |
    Then the charger reconnects
    # Back after more than OfflineThreshold: the status of every connector, no new boot.
    And the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
    And the charger sends no BootNotification within 1 seconds
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    And the test system restores the charger's configuration

  @TC_B_52_CS @Core
  Scenario: Status change during offline period - < Offline Threshold
    Given the charger is connected
    And the test system configures the charger with
      | OCPPCommCtrlr.OfflineThreshold | 60 |
    When the operator is asked to go offline with
      | seconds | 2 |
    And the operator is asked to plug in the cable with
      | evseId | 1 |
    Then the charger reconnects
    # Back within OfflineThreshold: the status of the connectors that changed.
    And the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
    And the charger sends no BootNotification within 1 seconds
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    And the test system restores the charger's configuration

  @TC_B_57_CS @Core
  Scenario: Network Reconnection - After connection loss
    Given the charger is connected
    When the operator is asked to go offline with
      | seconds | 2 |
    Then the charger reconnects
    # A lost connection is not a reboot: no BootNotification, and the charger is usable.
    And the charger sends no BootNotification within 1 seconds
    When the test system sends TriggerMessage with
      | requestedMessage | Heartbeat |
    Then the charger answers with
      | status | Accepted |
    And the charger sends Heartbeat

  @TC_B_43_CS @Core
  Scenario: Set new NetworkConnectionProfile - Rejected
    Given the charger is connected
    And the test system remembers its own URL as "csms_url"
    # A configuration slot the charger does not have.
    When the test system sends SetNetworkProfile with
      | configurationSlot              | 99          |
      | connectionData.ocppVersion     | OCPP20      |
      | connectionData.ocppTransport   | JSON        |
      | connectionData.ocppCsmsUrl     | ${csms_url} |
      | connectionData.messageTimeout  | 30          |
      | connectionData.securityProfile | 1           |
      | connectionData.ocppInterface   | Wired0      |
    Then the charger answers with
      | status | Rejected |

  @TC_B_45_CS @Core
  Scenario: Migrate to new ConnectionProfile - Success - Same CSMS Root
    Given the charger is connected
    And the test system remembers its own URL as "csms_url"
    When the test system sends SetNetworkProfile with
      | configurationSlot              | 1                   |
      | connectionData.ocppVersion     | OCPP20              |
      | connectionData.ocppTransport   | JSON                |
      | connectionData.ocppCsmsUrl     | ${csms_url}profile1 |
      | connectionData.messageTimeout  | 30                  |
      | connectionData.securityProfile | 1                   |
      | connectionData.ocppInterface   | Wired0              |
    Then the charger answers with
      | status | Accepted |
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr                |
      | setVariableData.0.variable.name  | NetworkConfigurationPriority |
      | setVariableData.0.attributeValue | 1,0                          |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | RebootRequired |
    When the test system sends Reset with
      | type | OnIdle |
    Then the charger answers with
      | status | Accepted |
    # Back on the new profile's URL.
    And the charger reconnects
    And the charger connected at "/profile1/${station_id}"
    And the charger sends BootNotification with
      | reason | RemoteReset |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    # Back to the first profile.
    When the test system sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr                |
      | setVariableData.0.variable.name  | NetworkConfigurationPriority |
      | setVariableData.0.attributeValue | 0,1                          |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | RebootRequired |
    When the test system sends Reset with
      | type | OnIdle |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger connected at "/${station_id}"
    And the charger sends BootNotification
