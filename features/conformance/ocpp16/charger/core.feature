@ocpp16 @Core
Feature: OCPP 1.6 Core profile, the charger under test
  Our test system plays the Central System of the OCTT charger-side test cases ("Test case
  document OCTT for OCPP 1.6", section 2). Manual steps at the charger go to the operator
  (the terminal, or the --hook URL; our simulator serves one with `sim station --control-port`).
  Every case uses connector 1 and leaves it Available, with the configuration it found.

  @TC_001_CS
  Scenario: Cold Boot Charge Point
    Given the charger is connected
    Then the charger sends BootNotification
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_002_CS
  Scenario: Cold Boot Charge Point - Pending
    Given the charger is connected
    And the test system will answer BootNotification with
      | status   | Pending |
      | interval | 5       |
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the charger sends BootNotification
    When the test system sends GetConfiguration with
      | key | ["HeartbeatInterval"] |
    Then the charger answers with
      | configurationKey.0.key | HeartbeatInterval |
    And the test system remembers "configurationKey.0.value" of the answer as "heartbeat"
    When the test system sends ChangeConfiguration with
      | key   | HeartbeatInterval |
      | value | ${heartbeat}      |
    Then the charger answers with
      | status | Accepted |
    # The next BootNotification, after the interval of the Pending answer, is accepted;
    # its interval (3 s) is the heartbeat interval.
    Given the test system will answer BootNotification with
      | status   | Accepted |
      | interval | 3        |
    Then the charger sends BootNotification
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the charger sends Heartbeat
    # Afterwards: the heartbeat interval the charger had.
    When the test system sends ChangeConfiguration with
      | key   | HeartbeatInterval |
      | value | ${heartbeat}      |
    Then the charger answers with
      | status | Accepted |

  @TC_003_CS
  Scenario: Regular Charging Session - Plugin First
    Given the charger is connected
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idTag | ${valid_id_tag} |
    And the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    # Afterwards: the session ends, the cable is unplugged.
    When the EV driver ends the session on connector 1

  @TC_004_1_CS
  Scenario: Regular Charging Session – Identification First
    Given the charger is connected
    And the charger is authorized on connector 1
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1

  @TC_004_2_CS
  Scenario: Regular Charging Session – Identification First - ConnectionTimeOut
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | ConnectionTimeOut | 5 |
    And the charger is authorized on connector 1
    # No cable within the connection timeout.
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_068_CS
  Scenario: Stop transaction - IdTag in StopTransaction matches IdTag in StartTransaction
    Given the charger is connected
    And the charger is charging on connector 1
    # <Configured Valid IdTag 2>: another card, of no group of the first.
    When the operator is asked to present the card with
      | connectorId | 1            |
      | idTag       | EVH-VALID-02 |
    Then the charger sends no StopTransaction within 2 seconds
    When the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | idTag         | ${valid_id_tag}  |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_069_CS
  Scenario: Stop transaction - ParentIdTag in StopTransaction matches ParentIdTag in StartTransaction
    Given the charger is connected
    And the test system will answer Authorize with
      | idTagInfo.status      | Accepted        |
      | idTagInfo.parentIdTag | ${group_id_tag} |
    And the test system will answer StartTransaction with
      | idTagInfo.status      | Accepted        |
      | idTagInfo.parentIdTag | ${group_id_tag} |
    And the charger is charging on connector 1
    # Another card of the same group (parentIdTag) stops the session.
    When the operator is asked to present the card with
      | connectorId | 1            |
      | idTag       | EVH-VALID-02 |
    Then the charger sends Authorize with
      | idTag | EVH-VALID-02 |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | idTag         | EVH-VALID-02     |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_005_1_CS
  Scenario: EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = true
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | MinimumStatusDuration             | 0    |
      | StopTransactionOnEVSideDisconnect | true |
      | UnlockConnectorOnEVSideDisconnect | true |
    And the charger is charging on connector 1
    When the operator is asked to unplug the cable at the EV with
      | connectorId | 1 |
    Then the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | EVDisconnected   |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_005_2_CS
  Scenario: EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = false
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | MinimumStatusDuration             | 0     |
      | StopTransactionOnEVSideDisconnect | true  |
      | UnlockConnectorOnEVSideDisconnect | false |
    And the charger is charging on connector 1
    When the operator is asked to unplug the cable at the EV with
      | connectorId | 1 |
    Then the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | EVDisconnected   |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the test system sends UnlockConnector with
      | connectorId | 1 |
    Then the charger answers with
      | status | Unlocked |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_005_3_CS
  Scenario: EV Side Disconnected - StopTransactionOnEVSideDisconnect = false - UnlockConnectorOnEVSideDisconnect = false
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | MinimumStatusDuration             | 0     |
      | StopTransactionOnEVSideDisconnect | false |
      | UnlockConnectorOnEVSideDisconnect | false |
    And the charger is charging on connector 1
    When the operator is asked to unplug the cable at the EV with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1           |
      | status      | SuspendedEV |
    When the test system sends RemoteStopTransaction with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_007_CS
  Scenario: Regular Start Charging Session – Cached Id
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | AuthorizationCacheEnabled | true |
      | LocalPreAuthorize         | true |
      | ConnectionTimeOut         | 3    |
    # Memory state IdTagCached: the card is authorized once, then the connection times out.
    And the charger is authorized on connector 1
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    When the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1
    Then the test system restores the charger's configuration keys

  @TC_061_CS
  Scenario: Clear Authorization Data in Authorization Cache
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | AuthorizationCacheEnabled | true |
      | LocalPreAuthorize         | true |
      | ConnectionTimeOut         | 3    |
    And the charger is authorized on connector 1
    # The connection times out.
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    When the test system sends ClearCache
    Then the charger answers with
      | status | Accepted |
    When the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idTag | ${valid_id_tag} |
    # Afterwards: the connection times out again.
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_010_CS
  Scenario: Remote Start Charging Session – Cable Plugged in First
    Given the charger is connected
    When the test system sends GetConfiguration with
      | key | ["AuthorizeRemoteTxRequests"] |
    Then the charger answers with
      | configurationKey.0.key | AuthorizeRemoteTxRequests |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the test system sends RemoteStartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Accepted |
    # An Authorize (when AuthorizeRemoteTxRequests is true) is answered Accepted.
    And the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1

  @TC_011_1_CS
  Scenario: Remote Start Charging Session – Remote Start First
    Given the charger is connected
    When the test system sends GetConfiguration with
      | key | ["AuthorizeRemoteTxRequests"] |
    Then the charger answers with
      | configurationKey.0.key | AuthorizeRemoteTxRequests |
    When the test system sends RemoteStartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1

  @TC_011_2_CS
  Scenario: Remote Start Charging Session – Time Out
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | ConnectionTimeOut | 5 |
    When the test system sends RemoteStartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    # No cable within the connection timeout.
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_012_CS
  Scenario: Remote Stop Charging Session
    Given the charger is connected
    And the charger is charging on connector 1
    When the test system sends RemoteStopTransaction with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | Remote           |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_013_CS
  Scenario: Hard Reset Without transaction
    Given the charger is connected
    When the test system sends Reset with
      | type | Hard |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_014_CS
  Scenario: Soft Reset Without Transaction
    Given the charger is connected
    When the test system sends Reset with
      | type | Soft |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_015_CS
  Scenario: Hard Reset With transaction
    Given the charger is connected
    And the charger is charging on connector 1
    When the test system sends Reset with
      | type | Hard |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | HardReset        |
    And the charger reconnects
    And the charger sends BootNotification
    # The cable is still in: Preparing or Finishing.
    And the charger sends StatusNotification with
      | connectorId | 1                     |
      | status      | Finishing or Preparing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_016_CS
  Scenario: Soft Reset With Transaction
    Given the charger is connected
    And the charger is charging on connector 1
    When the test system sends Reset with
      | type | Soft |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | SoftReset        |
    And the charger reconnects
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | connectorId | 1                      |
      | status      | Finishing or Preparing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_017_1_CS
  Scenario: Unlock connector - no charging session running (Not fixed cable)
    Given the charger is connected
    When the test system sends UnlockConnector with
      | connectorId | 1 |
    Then the charger answers with
      | status | Unlocked |

  @TC_018_1_CS
  Scenario: Unlock Connector - With Charging Session (Not fixed cable)
    Given the charger is connected
    And the charger is charging on connector 1
    When the test system sends UnlockConnector with
      | connectorId | 1 |
    Then the charger answers with
      | status | Unlocked |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | UnlockCommand    |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_019_CS
  Scenario: Retrieve configuration
    Given the charger is connected
    When the test system sends GetConfiguration
    Then the charger answers with
      | configurationKey.0.key | <present> |
    When the test system sends GetConfiguration with
      | key | ["HeartbeatInterval", "MeterValueSampleInterval"] |
    Then the charger answers with
      | configurationKey.0.key   | HeartbeatInterval or MeterValueSampleInterval |
      | configurationKey.0.value | <present>                                     |
      | configurationKey.1.key   | HeartbeatInterval or MeterValueSampleInterval |
      | configurationKey.1.value | <present>                                     |

  @TC_021_CS
  Scenario: Change/set Configuration
    Given the charger is connected
    When the test system sends GetConfiguration with
      | key | ["MeterValueSampleInterval"] |
    Then the test system remembers "configurationKey.0.value" of the answer as "interval"
    # <Configured Meter Value interval>
    When the test system sends ChangeConfiguration with
      | key   | MeterValueSampleInterval |
      | value | 17                       |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetConfiguration with
      | key | ["MeterValueSampleInterval"] |
    Then the charger answers with
      | configurationKey.0.key   | MeterValueSampleInterval |
      | configurationKey.0.value | 17                       |
    # Afterwards: the interval the charger had.
    When the test system sends ChangeConfiguration with
      | key   | MeterValueSampleInterval |
      | value | ${interval}              |
    Then the charger answers with
      | status | Accepted |

  @TC_070_CS
  Scenario: Sampled Meter Values
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | MeterValueSampleInterval | 2                             |
      | ClockAlignedDataInterval | 0                             |
      | MeterValuesSampledData   | Energy.Active.Import.Register |
    And the charger is charging on connector 1
    Then the charger sends 3 MeterValues 2 seconds apart with
      | connectorId                             | 1                             |
      | transactionId                           | ${transactionId}              |
      | meterValue.0.sampledValue.0.measurand   | Energy.Active.Import.Register |
      | meterValue.0.sampledValue.0.context     | Sample.Periodic or <absent>   |
      | meterValue.0.sampledValue.0.format      | Raw or <absent>               |
    When the EV driver ends the session on connector 1
    Then the test system restores the charger's configuration keys

  @TC_071_CS
  Scenario: Clock-aligned Meter Values
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | MeterValueSampleInterval | 0                             |
      | ClockAlignedDataInterval | 5                             |
      | MeterValuesAlignedData   | Energy.Active.Import.Register |
    And the charger is charging on connector 1
    Then the charger sends 3 clock-aligned MeterValues 5 seconds apart with
      | connectorId                           | 1                             |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
      | meterValue.0.sampledValue.0.context   | Sample.Clock                  |
      | meterValue.0.sampledValue.0.format    | Raw or <absent>               |
    When the EV driver ends the session on connector 1
    Then the test system restores the charger's configuration keys

  @TC_023_CS
  Scenario: Start Charging Session – Authorize invalid
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | MinimumStatusDuration | 10   |
      | LocalPreAuthorize     | true |
    # The invalid card must not be in the Authorization Cache from an earlier case.
    And the test system sends ClearCache
    When the operator is asked to present the card with
      | connectorId | 1                 |
      | idTag       | ${invalid_id_tag} |
    Then the charger sends Authorize with
      | idTag | ${invalid_id_tag} |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    And the charger sends no StartTransaction within 2 seconds
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_024_CS
  Scenario: Start Charging Session - Lock Failure
    Given the charger is connected
    When the test system sends GetConfiguration with
      | key | ["AuthorizeRemoteTxRequests"] |
    Then the charger answers with
      | configurationKey.0.key | AuthorizeRemoteTxRequests |
    When the test system sends RemoteStartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the operator is asked to plug in the cable halfway with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1                    |
      | status      | Faulted              |
      | errorCode   | ConnectorLockFailure |
    And the charger sends no StartTransaction within 2 seconds
    # Afterwards: the plug comes out, the lock works again.
    When the operator is asked to remove the fault with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
      | errorCode   | NoError   |

  @TC_026_CS
  Scenario: Remote Start Charging Session – Rejected
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalPreAuthorize | false |
    And the charger is charging on connector 1
    When the test system sends RemoteStartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Rejected |
    When the EV driver ends the session on connector 1
    Then the test system restores the charger's configuration keys

  @TC_027_CS
  Scenario: Remote start transaction - connector id shall not be 0
    Given the charger is connected
    When the test system sends RemoteStartTransaction with
      | connectorId | 0               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Rejected |
    And the charger sends no StartTransaction within 2 seconds

  @TC_028_CS
  Scenario: Remote Stop Transaction – Rejected
    Given the charger is connected
    # A transaction id the charger does not know.
    When the test system sends RemoteStopTransaction with
      | transactionId | 999999 |
    Then the charger answers with
      | status | Rejected |

  @TC_030_CS
  Scenario: Unlock Connector – Unlock Failure
    Given the charger is connected
    # Prerequisite: the connector lock cannot unlock.
    And the operator is asked to break the connector lock with
      | connectorId | 1 |
    When the test system sends UnlockConnector with
      | connectorId | 1 |
    Then the charger answers with
      | status | UnlockFailed |
    And the operator is asked to repair the connector lock with
      | connectorId | 1 |

  @TC_031_CS
  Scenario: Unlock Connector – Unknown Connector
    Given the charger is connected
    # A connector the charger does not have.
    When the test system sends UnlockConnector with
      | connectorId | 99 |
    Then the charger answers with
      | status | NotSupported |

  @TC_032_1_CS
  Scenario: Power failure boot charging point - configured to stop transaction(s) before going down
    Given the charger is connected
    And the charger is charging on connector 1
    When the operator is asked to disconnect the power
    Then the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | PowerLoss        |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the operator is asked to reconnect the power
    Then the charger reconnects
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | connectorId | 1                      |
      | status      | Finishing or Preparing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_032_2_CS
  Scenario: Power failure boot charging point-configured to stop transaction(s)
    Given the charger is connected
    And the charger is charging on connector 1
    When the operator is asked to disconnect and reconnect the power
    Then the charger reconnects
    And the charger sends BootNotification
    # The charger does not resume the transaction: it reports it stopped.
    And the charger sends StatusNotification with
      | connectorId | 1                      |
      | status      | Finishing or Preparing |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | PowerLoss        |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_034_CS
  Scenario: Power Failure with Unavailable Status
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | connectorId | 0           |
      | type        | Inoperative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1           |
      | status      | Unavailable |
    When the operator is asked to disconnect and reconnect the power
    Then the charger reconnects
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | connectorId | 1           |
      | status      | Unavailable |
    # Afterwards: operative again.
    When the test system sends ChangeAvailability with
      | connectorId | 0         |
      | type        | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_036_CS
  Scenario: Connection Loss During Transaction
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | MeterValueSampleInterval | 2 |
    And the charger is charging on connector 1
    When the operator is asked to remove the connectivity
    # At least three meter values while offline.
    And 7 seconds pass
    And the operator is asked to restore the connectivity
    Then the charger reconnects
    And the charger sends 3 MeterValues 2 seconds apart with
      | transactionId                       | ${transactionId}            |
      | meterValue.0.sampledValue.0.context | Sample.Periodic or <absent> |
      | meterValue.0.sampledValue.0.format  | Raw or <absent>             |
    When the EV driver ends the session on connector 1
    Then the test system restores the charger's configuration keys

  @TC_037_1_CS
  Scenario: Offline Start Transaction - Valid IdTag
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalAuthorizeOffline      | true |
      | LocalAuthListEnabled       | true |
      | AuthorizationCacheEnabled  | true |
      | AllowOfflineTxForUnknownId | true |
    When the operator is asked to remove the connectivity
    And the operator is asked to plug in the cable with
      | connectorId | 1 |
    And the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the operator is asked to restore the connectivity
    Then the charger reconnects
    And the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1
    Then the test system restores the charger's configuration keys

  @TC_037_2_CS
  Scenario: Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = false
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalAuthorizeOffline      | true  |
      | AllowOfflineTxForUnknownId | true  |
      | StopTransactionOnInvalidId | false |
    # The invalid card must not be in the Authorization Cache from an earlier case.
    And the test system sends ClearCache
    When the operator is asked to remove the connectivity
    And the operator is asked to plug in the cable with
      | connectorId | 1 |
    And the operator is asked to present the card with
      | connectorId | 1                 |
      | idTag       | ${invalid_id_tag} |
    And the operator is asked to restore the connectivity
    Then the charger reconnects
    # The test system answers Invalid.
    And the charger sends StartTransaction with
      | connectorId | 1                 |
      | idTag       | ${invalid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1             |
      | status      | SuspendedEVSE |
    And the charger sends no StopTransaction within 2 seconds
    # Afterwards: the driver stops the session with the same card.
    When the operator is asked to present the card with
      | connectorId | 1                 |
      | idTag       | ${invalid_id_tag} |
    Then the charger sends StopTransaction with
      | transactionId | ${transactionId} |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_037_3_CS
  Scenario: Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalAuthorizeOffline      | true |
      | AllowOfflineTxForUnknownId | true |
      | StopTransactionOnInvalidId | true |
    And the test system sends ClearCache
    When the operator is asked to remove the connectivity
    And the operator is asked to plug in the cable with
      | connectorId | 1 |
    And the operator is asked to present the card with
      | connectorId | 1                 |
      | idTag       | ${invalid_id_tag} |
    And the operator is asked to restore the connectivity
    Then the charger reconnects
    # The test system answers Invalid: the charger stops the transaction.
    And the charger sends StartTransaction with
      | connectorId | 1                 |
      | idTag       | ${invalid_id_tag} |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | DeAuthorized     |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the test system restores the charger's configuration keys

  @TC_038_CS
  Scenario: Offline Stop Transaction
    Given the charger is connected
    And the charger is charging on connector 1
    When the operator is asked to remove the connectivity
    And the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the operator is asked to restore the connectivity
    Then the charger reconnects
    And the charger sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | Local or <absent> |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_039_CS
  Scenario: Offline Transaction
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalAuthorizeOffline      | true |
      | LocalAuthListEnabled       | true |
      | AuthorizationCacheEnabled  | true |
      | AllowOfflineTxForUnknownId | true |
    When the operator is asked to remove the connectivity
    And the operator is asked to plug in the cable with
      | connectorId | 1 |
    And the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the operator is asked to unplug the cable with
      | connectorId | 1 |
    And the operator is asked to restore the connectivity
    Then the charger reconnects
    And the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StopTransaction with
      | transactionId | ${transactionId}  |
      | reason        | Local or <absent> |
    And the test system restores the charger's configuration keys

  @TC_040_1_CS
  Scenario: Configuration key - NotSupported
    Given the charger is connected
    When the test system sends ChangeConfiguration with
      | key   | Testing |
      | value | true    |
    Then the charger answers with
      | status | NotSupported |

  @TC_040_2_CS
  Scenario: Configuratoin key - Invalid value
    Given the charger is connected
    When the test system sends ChangeConfiguration with
      | key   | MeterValueSampleInterval |
      | value | -1                       |
    Then the charger answers with
      | status | Rejected |

  @TC_041_CS
  Scenario: Fault Behavior
    Given the charger is connected
    When the operator is asked to cause a fault on the connector with
      | connectorId | 1               |
      | errorCode   | HighTemperature |
    Then the charger sends StatusNotification with
      | connectorId | 1               |
      | status      | Faulted         |
      | errorCode   | HighTemperature |
    When the operator is asked to remove the fault with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
      | errorCode   | NoError   |

  @TC_062_CS
  Scenario: Data Transfer to a Charge Point
    Given the charger is connected
    When the test system sends DataTransfer with
      | vendorId  | org.openchargealliance.octt |
      | messageId | conformance                 |
      | data      | hello                       |
    Then the charger answers with
      | status | UnknownVendorId or UnknownMessageId or Rejected |
