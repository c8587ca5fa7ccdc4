@ocpp16 @Core
Feature: OCPP 1.6 Core profile, the CSMS under test
  Our station plays the Charge Point of the OCTT CSMS-side test cases ("Test case document
  OCTT for OCPP 1.6", section 3). Tags carry the OCA case IDs. ${valid_id_tag} and the other
  tags are plan variables; against our own CSMS they are provisioned through its admin API.
  The reusable states of the OCTT appear as their steps: "Authorized" is an accepted
  Authorize; "Charging" is Authorized, then Preparing, an accepted StartTransaction and
  Charging on connector 1.

  @TC_001_CSMS
  Scenario: Cold Boot Charge Point
    Given the station is connected
    When the station sends BootNotification
    Then the CSMS answers with
      | status      | Accepted  |
      | interval    | <present> |
      | currentTime | <present> |
    When the station sends StatusNotification with
      | connectorId | 0 |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1 |
    Then the CSMS answers
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |

  @TC_003_CSMS
  Scenario: Regular Charging Session - Plugin First
    Given the station has booted
    # EV driver plugs in the cable
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    # EV driver presents identification
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted  |
      | transactionId    | <present> |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers

  @TC_004_1_CSMS
  Scenario: Regular Charging Session – Identification First
    Given the station has booted
    # EV driver presents identification (reusable state Authorized)
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    # EV driver plugs in the cable
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers

  @TC_004_2_CSMS
  Scenario: Regular Charging Session – Identification First - ConnectionTimeOut
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    # No cable is plugged in before the configured ConnectionTimeOut: the connector returns to
    # Available. The CSMS is not asked to do anything meanwhile, so the station does not wait.
    When the station sends StatusNotification with
      | status | Available |
    Then the CSMS answers

  @TC_005_1_CSMS
  Scenario: EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = true
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers
    # EV driver disconnects the cable on the EV side
    When the station sends StatusNotification with
      | status | SuspendedEV |
    Then the CSMS answers
    When the station sends StopTransaction with
      | transactionId | ${transactionId} |
      | idTag         | ${valid_id_tag}  |
      | reason        | EVDisconnected   |
    Then the CSMS answers
    When the station sends StatusNotification with
      | status | Finishing |
    Then the CSMS answers
    # EV driver unplugs the cable from the Charge Point
    When the station sends StatusNotification with
      | status | Available |
    Then the CSMS answers

  @TC_007_CSMS
  Scenario: Regular Start Charging Session – Cached Id
    Given the station has booted
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    # The id is in the station's Authorization Cache: no Authorize before StartTransaction
    When the station sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers

  @TC_061_CSMS
  Scenario: Clear Authorization Data in Authorization Cache
    Given the station has booted
    When the CSMS is asked to send ClearCache
    Then the CSMS sends ClearCache

  @TC_010_CSMS
  Scenario: Remote Start Charging Session – Cable Plugged in First
    Given the station has booted
    # EV driver plugs in the cable
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the CSMS is asked to send RemoteStartTransaction with
      | idTag       | ${valid_id_tag} |
      | connectorId | 1               |
    Then the CSMS sends RemoteStartTransaction with
      | idTag | ${valid_id_tag} |
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers

  @TC_011_1_CSMS
  Scenario: Remote Start Charging Session – Remote Start First
    Given the station has booted
    When the CSMS is asked to send RemoteStartTransaction with
      | idTag       | ${valid_id_tag} |
      | connectorId | 1               |
    Then the CSMS sends RemoteStartTransaction with
      | idTag | ${valid_id_tag} |
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    # EV driver plugs in the cable
    When the station sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers

  @TC_011_2_CSMS
  Scenario: Remote Start Charging Session – Time Out
    Given the station has booted
    When the CSMS is asked to send RemoteStartTransaction with
      | idTag       | ${valid_id_tag} |
      | connectorId | 1               |
    Then the CSMS sends RemoteStartTransaction with
      | idTag | ${valid_id_tag} |
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    # The cable is not plugged in before the configured connection timeout (not waited for:
    # the CSMS has nothing to do meanwhile)
    When the station sends StatusNotification with
      | status | Available |
    Then the CSMS answers

  @TC_012_CSMS
  Scenario: Remote Stop Charging Session
    Given the station has booted
    When the station sends StartTransaction
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the CSMS is asked to send RemoteStopTransaction with
      | transactionId | ${transactionId} |
    Then the CSMS sends RemoteStopTransaction with
      | transactionId | ${transactionId} |
    When the station sends StopTransaction with
      | reason | Remote |
    Then the CSMS answers

  @TC_013_CSMS
  Scenario: Hard Reset
    Given the station has booted
    When the CSMS is asked to send Reset with
      | type | Hard |
    Then the CSMS sends Reset with
      | type | Hard |
    # The station reboots
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 0 |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1 |
    Then the CSMS answers

  @TC_014_CSMS
  Scenario: Soft Reset
    Given the station has booted
    When the CSMS is asked to send Reset with
      | type | Soft |
    Then the CSMS sends Reset with
      | type | Soft |
    # The station reboots
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 0 |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1 |
    Then the CSMS answers

  @TC_017_1_CSMS
  Scenario: Unlock connector - no charging session running (Not fixed cable)
    Given the station has booted
    And the station will answer UnlockConnector with
      | status | Unlocked |
    When the CSMS is asked to send UnlockConnector with
      | connectorId | 1 |
    Then the CSMS sends UnlockConnector with
      | connectorId | 1 |

  @TC_017_2_CSMS
  Scenario: Unlock connector - no charging session running (Fixed cable)
    Given the station has booted
    And the station will answer UnlockConnector with
      | status | NotSupported |
    When the CSMS is asked to send UnlockConnector with
      | connectorId | 1 |
    Then the CSMS sends UnlockConnector with
      | connectorId | 1 |

  @TC_018_1_CSMS
  Scenario: Unlock Connector - With Charging Session (Not fixed cable)
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers
    Given the station will answer UnlockConnector with
      | status | Unlocked |
    When the CSMS is asked to send UnlockConnector with
      | connectorId | 1 |
    Then the CSMS sends UnlockConnector with
      | connectorId | 1 |
    When the station sends StatusNotification with
      | status | Finishing |
    Then the CSMS answers
    When the station sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | UnlockCommand    |
    Then the CSMS answers
    # EV driver unplugs the cable
    When the station sends StatusNotification with
      | status | Available |
    Then the CSMS answers

  @TC_019_1_CSMS
  Scenario: Retrieve all configuration keys
    Given the station has booted
    When the CSMS is asked to send GetConfiguration
    Then the CSMS sends GetConfiguration with
      | key | <absent> |

  @TC_019_2_CSMS
  Scenario: Retrieve specific configuration key
    Given the station has booted
    And the station will answer GetConfiguration with
      | configurationKey | [{"key": "HeartbeatInterval", "readonly": false, "value": "300"}] |
    When the CSMS is asked to send GetConfiguration with
      | key.0 | HeartbeatInterval |
    Then the CSMS sends GetConfiguration with
      | key.0 | HeartbeatInterval |
      | key.1 | <absent>          |

  @TC_021_CSMS
  Scenario: Change/set Configuration
    Given the station has booted
    And the station will answer ChangeConfiguration with
      | status | Accepted |
    When the CSMS is asked to send ChangeConfiguration with
      | key   | MeterValueSampleInterval |
      | value | 60                       |
    Then the CSMS sends ChangeConfiguration with
      | key   | MeterValueSampleInterval |
      | value | 60                       |

  @TC_023_1_CSMS
  Scenario: Start Charging Session – Authorize invalid
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${invalid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Invalid |

  @TC_023_2_CSMS
  Scenario: Start Charging Session – Authorize expired
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${expired_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Expired |

  @TC_023_3_CSMS
  Scenario: Start Charging Session – Authorize blocked
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${blocked_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Blocked |

  @TC_024_CSMS
  Scenario: Start Charging Session Lock Failure
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    # EV driver plugs in the cable, the connector cannot be locked
    When the station sends StatusNotification with
      | status    | Faulted              |
      | errorCode | ConnectorLockFailure |
    Then the CSMS answers

  @TC_026_CSMS
  Scenario: Remote Start Charging Session – Rejected
    Given the station has booted
    And the station will answer RemoteStartTransaction with
      | status | Rejected |
    When the CSMS is asked to send RemoteStartTransaction with
      | idTag       | ${valid_id_tag} |
      | connectorId | 1               |
    Then the CSMS sends RemoteStartTransaction with
      | idTag | ${valid_id_tag} |

  @TC_028_CSMS
  Scenario: Remote Stop Transaction – Rejected
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers
    Given the station will answer RemoteStopTransaction with
      | status | Rejected |
    When the CSMS is asked to send RemoteStopTransaction with
      | transactionId | ${transactionId} |
    Then the CSMS sends RemoteStopTransaction with
      | transactionId | ${transactionId} |

  @TC_030_CSMS
  Scenario: Unlock Connector – Unlock Failure
    Given the station has booted
    And the station will answer UnlockConnector with
      | status | UnlockFailed |
    When the CSMS is asked to send UnlockConnector with
      | connectorId | 1 |
    Then the CSMS sends UnlockConnector with
      | connectorId | 1 |

  @TC_031_CSMS
  Scenario: Unlock Connector – Unknown Connector
    Given the station has booted
    And the station will answer UnlockConnector with
      | status | NotSupported |
    # The station has one connector: 2 is unknown to it
    When the CSMS is asked to send UnlockConnector with
      | connectorId | 2 |
    Then the CSMS sends UnlockConnector with
      | connectorId | 2 |

  @TC_032_1_CSMS
  Scenario: Power failure boot charging point-configured to stop transaction(s)
    Given the station has booted
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers
    # The power of the Charge Point is disconnected and reconnected
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 0         |
      | status      | Available |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1         |
      | status      | Finishing |
    Then the CSMS answers
    When the station sends StopTransaction with
      | transactionId | ${transactionId} |
      | reason        | PowerLoss        |
    Then the CSMS answers

  @TC_037_1_CSMS
  Scenario: Offline Start Transaction - Valid IdTag
    Given the station has booted
    # Connectivity is removed; the EV driver starts a transaction with a valid idTag offline
    When the station disconnects
    And the station queues StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
      | meterStart  | 0               |
      | timestamp   | ${now-120s}     |
    # Connectivity is restored
    And the station reconnects
    And the station sends its queued messages
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers

  @TC_037_3_CSMS
  Scenario: Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true
    Given the station has booted
    # Connectivity is removed; the EV driver starts a transaction with an invalid idTag offline
    When the station disconnects
    And the station queues StartTransaction with
      | connectorId | 1                 |
      | idTag       | ${invalid_id_tag} |
      | meterStart  | 0                 |
      | timestamp   | ${now-120s}       |
    # Connectivity is restored
    And the station reconnects
    And the station sends its queued messages
    Then the CSMS answers with
      | idTagInfo.status | Invalid   |
      | transactionId    | <present> |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers
    When the station sends StopTransaction with
      | transactionId | ${transactionId} |
      | meterStop     | 100              |
      | reason        | DeAuthorized     |
    Then the CSMS answers
    When the station sends StatusNotification with
      | status | Finishing |
    Then the CSMS answers

  @TC_039_CSMS
  Scenario: Offline Transaction
    Given the station has booted
    # Connectivity is removed; the EV driver starts and stops a transaction offline and
    # unplugs the cable; then connectivity is restored
    When the station disconnects
    And the station queues StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
      | meterStart  | 0               |
      | timestamp   | ${now-600s}     |
    And the station reconnects
    And the station sends its queued messages
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    # The queued StopTransaction carries the transactionId the CSMS gave the queued
    # StartTransaction, so it follows that answer
    When the station sends StopTransaction with
      | transactionId | ${transactionId} |
      | idTag         | ${valid_id_tag}  |
      | meterStop     | 2500             |
      | timestamp     | ${now-300s}      |
      | reason        | Local            |
    Then the CSMS answers

  @TC_040_1_CSMS
  Scenario: Configuration keys - NotSupported
    Given the station has booted
    And the station will answer ChangeConfiguration with
      | status | NotSupported |
    When the CSMS is asked to send ChangeConfiguration with
      | key   | EvhUnknownKey |
      | value | 123           |
    Then the CSMS sends ChangeConfiguration with
      | key | EvhUnknownKey |

  @TC_040_2_CSMS
  Scenario: Configuration keys - Invalid value
    Given the station has booted
    And the station will answer ChangeConfiguration with
      | status | Rejected |
    When the CSMS is asked to send ChangeConfiguration with
      | key   | MeterValueSampleInterval |
      | value | -1                       |
    Then the CSMS sends ChangeConfiguration with
      | key | MeterValueSampleInterval |

  @TC_064_CSMS
  Scenario: Data Transfer to a Central System
    Given the station has booted
    When the station sends DataTransfer with
      | vendorId  | org.evharness.unknown |
      | messageId | conformance           |
    Then the CSMS answers with
      | status | Rejected or UnknownMessageId or UnknownVendorId |
