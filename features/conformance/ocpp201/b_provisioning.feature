@ocpp201
Feature: OCPP 2.0.1 B - Provisioning, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block B ("OCPP
  2.0.1 Part 6 - Test Cases", edition 3): booting (Accepted, Pending), device model variables
  and reports, resets, network connection profiles. It uses EVSE 1, connector 1. "The CSMS is
  asked to" is the manual action of the OCA case (through the admin API against our CSMS);
  "the CSMS is set to answer the station's BootNotification with Pending" is the CSMS
  configuration the Pending cases require.

  @TC_B_01_CSMS @Core
  Scenario: Cold Boot Charging Station - Accepted
    # Reusable state Booted
    Given the station is connected
    When the station sends BootNotification with
      | reason                     | PowerUp     |
      | chargingStation.model      | Conformance |
      | chargingStation.vendorName | evharness   |
    Then the CSMS answers with
      | status      | Accepted  |
      | interval    | <present> |
      | currentTime | <present> |
    When the station reports the connector as Available

  @TC_B_02_CSMS @Core
  Scenario: Cold Boot Charging Station - Pending
    Given the CSMS is set to answer the station's BootNotification with Pending
    And the station is connected
    When the station sends BootNotification with
      | reason                     | PowerUp     |
      | chargingStation.model      | Conformance |
      | chargingStation.vendorName | evharness   |
    Then the CSMS answers with
      | status   | Pending   |
      | interval | <present> |
    # The CSMS decides when it accepts the station (ours: when its operator says so). The OCTT
    # waits the interval of the answer before it boots again; the harness does not wait.
    When the CSMS is set to answer the station's BootNotification with Accepted
    And the station sends BootNotification with
      | reason | PowerUp |
    Then the CSMS answers with
      | status | Accepted |
    When the station reports the connector as Available

  @TC_B_30_CSMS @Core
  Scenario: Cold Boot Charging Station - Pending/Rejected - SecurityError
    Given the CSMS is set to answer the station's BootNotification with Pending
    And the station is connected
    When the station sends BootNotification with
      | reason                     | PowerUp     |
      | chargingStation.model      | Conformance |
      | chargingStation.vendorName | evharness   |
    Then the CSMS answers with
      | status | Pending or Rejected |
    When the station sends StatusNotification with
      | connectorStatus | Available |
    Then the CSMS answers with a CALLERROR "SecurityError"
    When the station sends NotifyEvent with
      | eventData.0.trigger                    | Delta             |
      | eventData.0.actualValue                | Available         |
      | eventData.0.component.name             | Connector         |
      | eventData.0.component.evse.id          | 1                 |
      | eventData.0.component.evse.connectorId | 1                 |
      | eventData.0.variable.name              | AvailabilityState |
    Then the CSMS answers with a CALLERROR "SecurityError"
    # Not in the OCA case: the CSMS accepts the station again, for the cases after this one
    When the CSMS is set to answer the station's BootNotification with Accepted
    And the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |

  @TC_B_31_CSMS @Core
  Scenario: Cold Boot Charging Station - Pending/Rejected - TriggerMessage
    Given the CSMS is set to answer the station's BootNotification with Pending
    And the station is connected
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the station sends BootNotification with
      | reason                     | PowerUp     |
      | chargingStation.model      | Conformance |
      | chargingStation.vendorName | evharness   |
    Then the CSMS answers with
      | status | Pending or Rejected |
    # Manual action: the CSMS accepts the station and requests a new BootNotification
    When the CSMS is set to answer the station's BootNotification with Accepted
    And the CSMS is asked to send TriggerMessage with
      | requestedMessage | BootNotification |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | BootNotification |
    When the station sends BootNotification with
      | reason | Triggered |
    Then the CSMS answers with
      | status | Accepted |
    When the station reports the connector as Available

  @TC_B_06_CSMS @Core
  Scenario: Get Variables - single value
    Given the station has booted
    And the station will answer GetVariables with
      | getVariableResult.0.attributeStatus | Accepted         |
      | getVariableResult.0.attributeType   | Actual           |
      | getVariableResult.0.attributeValue  | 300              |
      | getVariableResult.0.component.name  | OCPPCommCtrlr    |
      | getVariableResult.0.variable.name   | OfflineThreshold |
    # Manual action: request the CSMS to get OCPPCommCtrlr.OfflineThreshold
    When the CSMS is asked to send GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr    |
      | getVariableData.0.variable.name  | OfflineThreshold |
    Then the CSMS sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr                                    |
      | getVariableData.0.variable.name  | OfflineThreshold                                 |
      | getVariableData.0.attributeType  | <absent> or Actual or Target or MinSet or MaxSet |

  @TC_B_07_CSMS @Core
  Scenario: Get Variables - multiple values
    Given the station has booted
    And the station will answer GetVariables with
      | getVariableResult.0.attributeStatus | Accepted             |
      | getVariableResult.0.attributeValue  | 300                  |
      | getVariableResult.0.component.name  | OCPPCommCtrlr        |
      | getVariableResult.0.variable.name   | OfflineThreshold     |
      | getVariableResult.1.attributeStatus | Accepted             |
      | getVariableResult.1.attributeValue  | true                 |
      | getVariableResult.1.component.name  | AuthCtrlr            |
      | getVariableResult.1.variable.name   | AuthorizeRemoteStart |
    # Manual action: request the CSMS to get OCPPCommCtrlr.OfflineThreshold and
    # AuthCtrlr.AuthorizeRemoteStart (the OCTT accepts them in any order; the harness
    # checks them in the order it asked for them)
    When the CSMS is asked to send GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr        |
      | getVariableData.0.variable.name  | OfflineThreshold     |
      | getVariableData.1.component.name | AuthCtrlr            |
      | getVariableData.1.variable.name  | AuthorizeRemoteStart |
    Then the CSMS sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr                                    |
      | getVariableData.0.variable.name  | OfflineThreshold                                 |
      | getVariableData.0.attributeType  | <absent> or Actual or Target or MinSet or MaxSet |
      | getVariableData.1.component.name | AuthCtrlr                                        |
      | getVariableData.1.variable.name  | AuthorizeRemoteStart                             |
      | getVariableData.1.attributeType  | <absent> or Actual or Target or MinSet or MaxSet |

  @TC_B_09_CSMS @Core
  Scenario: Set Variables - single value
    Given the station has booted
    And the station will answer SetVariables with
      | setVariableResult.0.attributeStatus | Accepted         |
      | setVariableResult.0.attributeType   | Actual           |
      | setVariableResult.0.component.name  | OCPPCommCtrlr    |
      | setVariableResult.0.variable.name   | OfflineThreshold |
    # Manual action: request the CSMS to set OCPPCommCtrlr.OfflineThreshold
    When the CSMS is asked to send SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr    |
      | setVariableData.0.variable.name  | OfflineThreshold |
      | setVariableData.0.attributeValue | 123              |
    Then the CSMS sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr      |
      | setVariableData.0.variable.name  | OfflineThreshold   |
      | setVariableData.0.attributeValue | 123                |
      | setVariableData.0.attributeType  | <absent> or Actual |

  @TC_B_10_CSMS @Core
  Scenario: Set Variables - multiple values
    Given the station has booted
    And the station will answer SetVariables with
      | setVariableResult.0.attributeStatus | Accepted             |
      | setVariableResult.0.component.name  | OCPPCommCtrlr        |
      | setVariableResult.0.variable.name   | OfflineThreshold     |
      | setVariableResult.1.attributeStatus | Accepted             |
      | setVariableResult.1.component.name  | AuthCtrlr            |
      | setVariableResult.1.variable.name   | AuthorizeRemoteStart |
    # Manual action: request the CSMS to set OCPPCommCtrlr.OfflineThreshold and
    # AuthCtrlr.AuthorizeRemoteStart
    When the CSMS is asked to send SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr        |
      | setVariableData.0.variable.name  | OfflineThreshold     |
      | setVariableData.0.attributeValue | 123                  |
      | setVariableData.1.component.name | AuthCtrlr            |
      | setVariableData.1.variable.name  | AuthorizeRemoteStart |
      | setVariableData.1.attributeValue | false                |
    Then the CSMS sends SetVariables with
      | setVariableData.0.component.name | OCPPCommCtrlr        |
      | setVariableData.0.variable.name  | OfflineThreshold     |
      | setVariableData.0.attributeValue | 123                  |
      | setVariableData.1.component.name | AuthCtrlr            |
      | setVariableData.1.variable.name  | AuthorizeRemoteStart |
      | setVariableData.1.attributeValue | false                |

  @TC_B_12_CSMS @Core
  Scenario: Get Base Report - ConfigurationInventory
    Given the station has booted
    And the station will answer GetBaseReport with
      | status | Accepted |
    # Manual action: request the CSMS to get a ConfigurationInventory report
    When the CSMS is asked to send GetBaseReport with
      | requestId  | 1201                   |
      | reportBase | ConfigurationInventory |
    Then the CSMS sends GetBaseReport with
      | requestId  | <present>              |
      | reportBase | ConfigurationInventory |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyReport with
      | requestId                                   | ${request_id}    |
      | generatedAt                                 | ${now}           |
      | seqNo                                       | 0                |
      | tbc                                         | false            |
      | reportData.0.component.name                 | OCPPCommCtrlr    |
      | reportData.0.variable.name                  | OfflineThreshold |
      | reportData.0.variableAttribute.0.type       | Actual           |
      | reportData.0.variableAttribute.0.value      | 300              |
      | reportData.0.variableAttribute.0.mutability | ReadWrite        |
    Then the CSMS answers

  @TC_B_13_CSMS @Core
  Scenario: Get Base Report - FullInventory
    Given the station has booted
    And the station will answer GetBaseReport with
      | status | Accepted |
    # Manual action: request the CSMS to get a FullInventory report
    When the CSMS is asked to send GetBaseReport with
      | requestId  | 1301          |
      | reportBase | FullInventory |
    Then the CSMS sends GetBaseReport with
      | requestId  | <present>     |
      | reportBase | FullInventory |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyReport with
      | requestId                                   | ${request_id}    |
      | generatedAt                                 | ${now}           |
      | seqNo                                       | 0                |
      | tbc                                         | true             |
      | reportData.0.component.name                 | OCPPCommCtrlr    |
      | reportData.0.variable.name                  | OfflineThreshold |
      | reportData.0.variableAttribute.0.type       | Actual           |
      | reportData.0.variableAttribute.0.value      | 300              |
      | reportData.0.variableAttribute.0.mutability | ReadWrite        |
    Then the CSMS answers
    When the station sends NotifyReport with
      | requestId                                   | ${request_id}     |
      | generatedAt                                 | ${now}            |
      | seqNo                                       | 1                 |
      | tbc                                         | false             |
      | reportData.0.component.name                 | Connector         |
      | reportData.0.component.evse.id              | 1                 |
      | reportData.0.component.evse.connectorId     | 1                 |
      | reportData.0.variable.name                  | AvailabilityState |
      | reportData.0.variableAttribute.0.type       | Actual            |
      | reportData.0.variableAttribute.0.value      | Available         |
      | reportData.0.variableAttribute.0.mutability | ReadOnly          |
    Then the CSMS answers

  @TC_B_20_CSMS @Core
  Scenario: Reset Charging Station - Without ongoing transaction - OnIdle
    Given the station has booted
    And the station will answer Reset with
      | status | Accepted |
    # Manual action: request the CSMS to reboot the Charging Station with type OnIdle
    When the CSMS is asked to send Reset with
      | type | OnIdle |
    Then the CSMS sends Reset with
      | type   | OnIdle   |
      | evseId | <absent> |
    # The station reboots
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | RemoteReset |
    Then the CSMS answers with
      | status | Accepted |
    When the station reports the connector as Available

  @TC_B_21_CSMS @Core
  Scenario: Reset Charging Station - With Ongoing Transaction - OnIdle
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer Reset with
      | status | Scheduled |
    # Manual action: request the CSMS to reboot the Charging Station with type OnIdle
    When the CSMS is asked to send Reset with
      | type | OnIdle |
    Then the CSMS sends Reset with
      | type   | OnIdle   |
      | evseId | <absent> |
    When the station sends the next TransactionEvent with
      | eventType                     | Updated         |
      | triggerReason                 | StopAuthorized  |
      | transactionInfo.chargingState | EVConnected     |
      | idToken.idToken               | ${valid_id_tag} |
      | idToken.type                  | ISO14443        |
    Then the CSMS answers
    When the station sends the next TransactionEvent with
      | eventType                     | Ended               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | idToken                       | <absent>            |
    Then the CSMS answers
    # The transaction ended: the station reboots
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | RemoteReset |
    Then the CSMS answers with
      | status | Accepted |
    When the station reports the connector as Available

  @TC_B_22_CSMS @Core
  Scenario: Reset Charging Station - With Ongoing Transaction - Immediate
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer Reset with
      | status | Accepted |
    # Manual action: request the CSMS to reboot the Charging Station with type Immediate
    When the CSMS is asked to send Reset with
      | type | Immediate |
    Then the CSMS sends Reset with
      | type   | Immediate |
      | evseId | <absent>  |
    When the station sends the next TransactionEvent with
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.chargingState | EVConnected    |
      | transactionInfo.stoppedReason | ImmediateReset |
      | idToken                       | <absent>       |
    Then the CSMS answers
    # The station reboots
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | RemoteReset |
    Then the CSMS answers with
      | status | Accepted |
    # The EV is still plugged in
    When the station reports the connector as Occupied

  @TC_B_25_CSMS @Core
  Scenario: Reset EVSE - Without ongoing transaction
    Given the station has booted
    And the station will answer Reset with
      | status | Accepted |
    # Manual action: request the CSMS to reboot EVSE 1 with type OnIdle
    When the CSMS is asked to send Reset with
      | type   | OnIdle |
      | evseId | 1      |
    Then the CSMS sends Reset with
      | type   | OnIdle |
      | evseId | 1      |

  @TC_B_26_CSMS @Core
  Scenario: Reset EVSE - With Ongoing Transaction - OnIdle
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer Reset with
      | status | Scheduled |
    # Manual action: request the CSMS to reboot the charging EVSE with type OnIdle
    When the CSMS is asked to send Reset with
      | type   | OnIdle |
      | evseId | 1      |
    Then the CSMS sends Reset with
      | type   | OnIdle |
      | evseId | 1      |
    When the station sends the next TransactionEvent with
      | eventType                     | Updated         |
      | triggerReason                 | StopAuthorized  |
      | transactionInfo.chargingState | EVConnected     |
      | idToken.idToken               | ${valid_id_tag} |
      | idToken.type                  | ISO14443        |
    Then the CSMS answers
    When the station sends the next TransactionEvent with
      | eventType                     | Ended               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | idToken                       | <absent>            |
    Then the CSMS answers

  @TC_B_27_CSMS @Core
  Scenario: Reset EVSE - With Ongoing Transaction - Immediate
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer Reset with
      | status | Accepted |
    # Manual action: request the CSMS to reboot the charging EVSE with type Immediate
    When the CSMS is asked to send Reset with
      | type   | Immediate |
      | evseId | 1         |
    Then the CSMS sends Reset with
      | type   | Immediate |
      | evseId | 1         |
    When the station sends the next TransactionEvent with
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.chargingState | EVConnected    |
      | transactionInfo.stoppedReason | ImmediateReset |
      | idToken                       | <absent>       |
    Then the CSMS answers

  @TC_B_42_CSMS @Core
  Scenario: Set new NetworkConnectionProfile - Accepted
    Given the station has booted
    And the station will answer SetNetworkProfile with
      | status | Accepted |
    # Manual action: request the CSMS to set a new NetworkConnectionProfile in slot 2
    When the CSMS is asked to send SetNetworkProfile with
      | configurationSlot              | 2                              |
      | connectionData.messageTimeout  | 30                             |
      | connectionData.ocppCsmsUrl     | ws://csms.evharness.test/ocpp/ |
      | connectionData.ocppInterface   | Wired0                         |
      | connectionData.ocppTransport   | JSON                           |
      | connectionData.ocppVersion     | OCPP20                         |
      | connectionData.securityProfile | 1                              |
    Then the CSMS sends SetNetworkProfile with
      | configurationSlot              | 2                              |
      | connectionData.messageTimeout  | 30                             |
      | connectionData.ocppCsmsUrl     | ws://csms.evharness.test/ocpp/ |
      | connectionData.ocppInterface   | Wired0                         |
      | connectionData.ocppTransport   | JSON                           |
      | connectionData.ocppVersion     | OCPP20                         |
      | connectionData.securityProfile | 1                              |

  @TC_B_44_CSMS @Core
  Scenario: Set new NetworkConnectionProfile - Failed
    Given the station has booted
    And the station will answer SetNetworkProfile with
      | status | Failed |
    # Manual action: request the CSMS to set a new NetworkConnectionProfile in slot 2
    When the CSMS is asked to send SetNetworkProfile with
      | configurationSlot              | 2                              |
      | connectionData.messageTimeout  | 30                             |
      | connectionData.ocppCsmsUrl     | ws://csms.evharness.test/ocpp/ |
      | connectionData.ocppInterface   | Wired0                         |
      | connectionData.ocppTransport   | JSON                           |
      | connectionData.ocppVersion     | OCPP20                         |
      | connectionData.securityProfile | 1                              |
    Then the CSMS sends SetNetworkProfile with
      | configurationSlot          | 2                              |
      | connectionData.ocppCsmsUrl | ws://csms.evharness.test/ocpp/ |
      | connectionData.ocppVersion | OCPP20                         |
    # The CSMS must take the Failed answer: it still talks to the station
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |

  @TC_B_14_CSMS @AdvancedDeviceManagement
  Scenario: Get Base Report - SummaryInventory
    Given the station has booted
    And the station will answer GetBaseReport with
      | status | Accepted |
    # Manual action: request the CSMS to get a SummaryInventory report
    When the CSMS is asked to send GetBaseReport with
      | requestId  | 1401             |
      | reportBase | SummaryInventory |
    Then the CSMS sends GetBaseReport with
      | requestId  | <present>        |
      | reportBase | SummaryInventory |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyReport with
      | requestId                                   | ${request_id}     |
      | generatedAt                                 | ${now}            |
      | seqNo                                       | 0                 |
      | tbc                                         | false             |
      | reportData.0.component.name                 | EVSE              |
      | reportData.0.component.evse.id              | 1                 |
      | reportData.0.variable.name                  | AvailabilityState |
      | reportData.0.variableAttribute.0.type       | Actual            |
      | reportData.0.variableAttribute.0.value      | Available         |
      | reportData.0.variableAttribute.0.mutability | ReadOnly          |
    Then the CSMS answers

  @TC_B_18_CSMS @AdvancedDeviceManagement
  Scenario: Get Custom Report - with componentCriteria and component/variables
    Given the station has booted
    And the station will answer GetReport with
      | status | Accepted |
    # Manual action: request the CSMS to get a report of the available EVSE components
    When the CSMS is asked to send GetReport with
      | requestId                             | 1801              |
      | componentCriteria.0                   | Available         |
      | componentVariable.0.component.name    | EVSE              |
      | componentVariable.0.component.evse.id | 1                 |
      | componentVariable.0.variable.name     | AvailabilityState |
    Then the CSMS sends GetReport with
      | requestId                          | <present> |
      | componentCriteria.0                | <present> |
      | componentVariable.0.component.name | EVSE      |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyReport with
      | requestId                                   | ${request_id}     |
      | generatedAt                                 | ${now}            |
      | seqNo                                       | 0                 |
      | tbc                                         | false             |
      | reportData.0.component.name                 | EVSE              |
      | reportData.0.component.evse.id              | 1                 |
      | reportData.0.variable.name                  | AvailabilityState |
      | reportData.0.variableAttribute.0.type       | Actual            |
      | reportData.0.variableAttribute.0.value      | Available         |
      | reportData.0.variableAttribute.0.mutability | ReadOnly          |
    Then the CSMS answers
