@ocpp201
Feature: OCPP 2.0.1 N - Diagnostics, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block N (Core):
  the CSMS asks for a diagnostics or security log upload and follows the station's
  LogStatusNotifications, and asks for (and clears) the data the station keeps about a
  customer. The GetLogRequest starts from the template (an upload location for these cases).

  @TC_N_25_CSMS @Core
  Scenario: Retrieve Log Information - Diagnostics Log - Success
    Given the station has booted
    And the station will answer GetLog with
      | status   | Accepted                  |
      | filename | evharness-conformance.log |
    When the CSMS is asked to send GetLog with
      | logType   | DiagnosticsLog |
      | requestId | 1              |
    Then the CSMS sends GetLog with
      | logType            | DiagnosticsLog |
      | requestId          | <present>      |
      | log.remoteLocation | <present>      |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the log status Uploading
    And the station reports the log status Uploaded

  @TC_N_27_CSMS @Core
  Scenario: Get Customer Information - Accepted + data
    Given the station has booted
    And the station will answer CustomerInformation with
      | status | Accepted |
    When the CSMS is asked to send CustomerInformation with
      | requestId       | 1               |
      | report          | true            |
      | clear           | false           |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS sends CustomerInformation with
      | requestId       | <present>       |
      | report          | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyCustomerInformation with
      | data        | idToken ${valid_id_tag}: 3 transactions, last on evse 1; in the local authorization cache |
      | seqNo       | 0                                                                                         |
      | generatedAt | ${now}                                                                                    |
      | requestId   | ${request_id}                                                                             |
      | tbc         | false                                                                                     |
    Then the CSMS answers

  @TC_N_28_CSMS @Core
  Scenario: Get Customer Information - Accepted + no data
    Given the station has booted
    And the station will answer CustomerInformation with
      | status | Accepted |
    When the CSMS is asked to send CustomerInformation with
      | requestId       | 1               |
      | report          | true            |
      | clear           | false           |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS sends CustomerInformation with
      | requestId       | <present>       |
      | report          | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyCustomerInformation with
      | data        | No data       |
      | seqNo       | 0             |
      | generatedAt | ${now}        |
      | requestId   | ${request_id} |
      | tbc         | false         |
    Then the CSMS answers

  @TC_N_29_CSMS @Core
  Scenario: Get Customer Information - Not Accepted
    Given the station has booted
    And the station will answer CustomerInformation with
      | status | Rejected |
    When the CSMS is asked to send CustomerInformation with
      | requestId       | 1               |
      | report          | true            |
      | clear           | false           |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS sends CustomerInformation with
      | requestId       | <present>       |
      | report          | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |

  @TC_N_30_CSMS @Core
  Scenario: Clear Customer Information - Clear and report + data
    Given the station has booted
    And the station will answer CustomerInformation with
      | status | Accepted |
    When the CSMS is asked to send CustomerInformation with
      | requestId       | 1               |
      | report          | true            |
      | clear           | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS sends CustomerInformation with
      | requestId       | <present>       |
      | report          | true            |
      | clear           | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyCustomerInformation with
      | data        | idToken ${valid_id_tag}: 3 transactions, last on evse 1; in the local authorization cache |
      | seqNo       | 0                                                                                         |
      | generatedAt | ${now}                                                                                    |
      | requestId   | ${request_id}                                                                             |
      | tbc         | false                                                                                     |
    Then the CSMS answers

  @TC_N_31_CSMS @Core
  Scenario: Clear Customer Information - Clear and report + no data
    Given the station has booted
    And the station will answer CustomerInformation with
      | status | Accepted |
    When the CSMS is asked to send CustomerInformation with
      | requestId       | 1               |
      | report          | true            |
      | clear           | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS sends CustomerInformation with
      | requestId       | <present>       |
      | report          | true            |
      | clear           | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyCustomerInformation with
      | data        | No data       |
      | seqNo       | 0             |
      | generatedAt | ${now}        |
      | requestId   | ${request_id} |
      | tbc         | false         |
    Then the CSMS answers

  @TC_N_32_CSMS @Core
  Scenario: Clear Customer Information - Clear and no report
    Given the station has booted
    And the station will answer CustomerInformation with
      | status | Accepted |
    When the CSMS is asked to send CustomerInformation with
      | requestId       | 1               |
      | report          | false           |
      | clear           | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS sends CustomerInformation with
      | requestId       | <present>       |
      | report          | false           |
      | clear           | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyCustomerInformation with
      | data        | Cleared       |
      | seqNo       | 0             |
      | generatedAt | ${now}        |
      | requestId   | ${request_id} |
      | tbc         | false         |
    Then the CSMS answers

  @TC_N_62_CSMS @Core
  Scenario: Clear Customer Information - Clear and report - customerIdentifier
    Given the station has booted
    And the station will answer CustomerInformation with
      | status | Accepted |
    When the CSMS is asked to send CustomerInformation with
      | requestId          | 1                  |
      | report             | true               |
      | clear              | true               |
      | customerIdentifier | OpenChargeAlliance |
    Then the CSMS sends CustomerInformation with
      | requestId           | <present>          |
      | report              | true               |
      | clear               | true               |
      | customerIdentifier  | OpenChargeAlliance |
      | idToken             | <absent>           |
      | customerCertificate | <absent>           |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyCustomerInformation with
      | data        | customerIdentifier OpenChargeAlliance: 1 contract |
      | seqNo       | 0                                                 |
      | generatedAt | ${now}                                            |
      | requestId   | ${request_id}                                     |
      | tbc         | false                                             |
    Then the CSMS answers

  @TC_N_34_CSMS @Core
  Scenario: Retrieve Log Information - Rejected
    Given the station has booted
    And the station will answer GetLog with
      | status | Rejected |
    When the CSMS is asked to send GetLog with
      | logType   | DiagnosticsLog |
      | requestId | 1              |
    Then the CSMS sends GetLog with
      | logType            | DiagnosticsLog |
      | requestId          | <present>      |
      | log.remoteLocation | <present>      |

  @TC_N_35_CSMS @Core
  Scenario: Retrieve Log Information - Security Log - Success
    Given the station has booted
    And the station will answer GetLog with
      | status   | Accepted                  |
      | filename | evharness-conformance.log |
    When the CSMS is asked to send GetLog with
      | logType   | SecurityLog |
      | requestId | 1           |
    Then the CSMS sends GetLog with
      | logType            | SecurityLog |
      | requestId          | <present>   |
      | log.remoteLocation | <present>   |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the log status Uploading
    And the station reports the log status Uploaded

  @TC_N_36_CSMS @Core
  Scenario: Retrieve Log Information - Second Request
    Given the station has booted
    And the station will answer GetLog with
      | status   | Accepted                  |
      | filename | evharness-conformance.log |
    When the CSMS is asked to send GetLog with
      | logType   | DiagnosticsLog |
      | requestId | 1              |
    Then the CSMS sends GetLog with
      | logType            | DiagnosticsLog |
      | requestId          | <present>      |
      | log.remoteLocation | <present>      |
    And the station remembers "requestId" of the CSMS's request as "first_request_id"
    When the station sends LogStatusNotification with
      | status    | Uploading           |
      | requestId | ${first_request_id} |
    Then the CSMS answers
    # A second request while the first uploads: the station cancels the first
    And the station will answer GetLog with
      | status   | AcceptedCanceled          |
      | filename | evharness-conformance.log |
    When the CSMS is asked to send GetLog with
      | logType   | DiagnosticsLog |
      | requestId | 2              |
    Then the CSMS sends GetLog with
      | logType            | DiagnosticsLog |
      | requestId          | <present>      |
      | log.remoteLocation | <present>      |
    And the station remembers "requestId" of the CSMS's request as "second_request_id"
    When the station sends LogStatusNotification with
      | status    | AcceptedCanceled    |
      | requestId | ${first_request_id} |
    Then the CSMS answers
    When the station sends LogStatusNotification with
      | status    | Uploading            |
      | requestId | ${second_request_id} |
    Then the CSMS answers
    When the station sends LogStatusNotification with
      | status    | Uploaded             |
      | requestId | ${second_request_id} |
    Then the CSMS answers

  @TC_N_01_CSMS @AdvancedDeviceManagement
  Scenario: Get Monitoring Report - with monitoringCriteria
    Given the station has booted
    # No delta monitors are installed
    And the station will answer GetMonitoringReport with
      | status | EmptyResultSet |
    When the CSMS is asked to send GetMonitoringReport with
      | requestId            | 1               |
      | monitoringCriteria.0 | DeltaMonitoring |
    Then the CSMS sends GetMonitoringReport with
      | requestId            | <present>       |
      | monitoringCriteria.0 | DeltaMonitoring |
      | componentVariable    | <absent>        |
    And the station will answer GetMonitoringReport with
      | status | Accepted |
    When the CSMS is asked to send GetMonitoringReport with
      | requestId            | 2                   |
      | monitoringCriteria.0 | ThresholdMonitoring |
    Then the CSMS sends GetMonitoringReport with
      | requestId            | <present>           |
      | monitoringCriteria.0 | ThresholdMonitoring |
      | componentVariable    | <absent>            |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyMonitoringReport with
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_N_02_CSMS @AdvancedDeviceManagement
  Scenario: Get Monitoring Report - with component/variable
    Given the station has booted
    And the station will answer GetMonitoringReport with
      | status | Accepted |
    When the CSMS is asked to send GetMonitoringReport with
      | requestId                          | 1               |
      | componentVariable.0.component.name | ChargingStation |
      | componentVariable.0.variable.name  | Power           |
    Then the CSMS sends GetMonitoringReport with
      | requestId                          | <present>       |
      | monitoringCriteria                 | <absent>        |
      | componentVariable.0.component.name | ChargingStation |
      | componentVariable.0.variable.name  | Power           |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyMonitoringReport with
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_N_03_CSMS @AdvancedDeviceManagement
  Scenario: Get Monitoring Report - with component criteria and component/variable
    Given the station has booted
    # No delta monitor on the EVSE's availability
    And the station will answer GetMonitoringReport with
      | status | EmptyResultSet |
    When the CSMS is asked to send GetMonitoringReport with
      | requestId                             | 1                 |
      | monitoringCriteria.0                  | DeltaMonitoring   |
      | componentVariable.0.component.name    | EVSE              |
      | componentVariable.0.component.evse.id | 1                 |
      | componentVariable.0.variable.name     | AvailabilityState |
    Then the CSMS sends GetMonitoringReport with
      | requestId                             | <present>         |
      | monitoringCriteria.0                  | DeltaMonitoring   |
      | componentVariable.0.component.name    | EVSE              |
      | componentVariable.0.component.evse.id | 1                 |
      | componentVariable.0.variable.name     | AvailabilityState |
    And the station will answer GetMonitoringReport with
      | status | Accepted |
    When the CSMS is asked to send GetMonitoringReport with
      | requestId                          | 2                   |
      | monitoringCriteria.0               | ThresholdMonitoring |
      | componentVariable.0.component.name | ChargingStation     |
      | componentVariable.0.variable.name  | Power               |
    Then the CSMS sends GetMonitoringReport with
      | requestId                          | <present>           |
      | monitoringCriteria.0               | ThresholdMonitoring |
      | componentVariable.0.component.name | ChargingStation     |
      | componentVariable.0.variable.name  | Power               |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyMonitoringReport with
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_N_60_CSMS @AdvancedDeviceManagement
  Scenario: Get Monitoring Report - with component criteria and list of components/variables
    Given the station has booted
    And the station will answer GetMonitoringReport with
      | status | Accepted |
    When the CSMS is asked to send GetMonitoringReport with
      | requestId                             | 1                   |
      | monitoringCriteria.0                  | ThresholdMonitoring |
      | monitoringCriteria.1                  | DeltaMonitoring     |
      | componentVariable.0.component.name    | ChargingStation     |
      | componentVariable.0.variable.name     | Power               |
      | componentVariable.1.component.name    | EVSE                |
      | componentVariable.1.component.evse.id | 1                   |
      | componentVariable.1.variable.name     | AvailabilityState   |
    Then the CSMS sends GetMonitoringReport with
      | requestId                             | <present>           |
      | monitoringCriteria.0                  | ThresholdMonitoring |
      | monitoringCriteria.1                  | DeltaMonitoring     |
      | componentVariable.0.component.name    | ChargingStation     |
      | componentVariable.0.variable.name     | Power               |
      | componentVariable.1.component.name    | EVSE                |
      | componentVariable.1.component.evse.id | 1                   |
      | componentVariable.1.variable.name     | AvailabilityState   |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyMonitoringReport with
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_N_05_CSMS @AdvancedDeviceManagement
  Scenario: Set Monitoring Base - success
    Given the station has booted
    And the station will answer SetMonitoringBase with
      | status | Accepted |
    When the CSMS is asked to send SetMonitoringBase with
      | monitoringBase | All |
    Then the CSMS sends SetMonitoringBase with
      | monitoringBase | All |
    And the station will answer SetMonitoringBase with
      | status | Accepted |
    When the CSMS is asked to send SetMonitoringBase with
      | monitoringBase | FactoryDefault |
    Then the CSMS sends SetMonitoringBase with
      | monitoringBase | FactoryDefault |
    And the station will answer SetMonitoringBase with
      | status | Accepted |
    When the CSMS is asked to send SetMonitoringBase with
      | monitoringBase | HardWiredOnly |
    Then the CSMS sends SetMonitoringBase with
      | monitoringBase | HardWiredOnly |

  @TC_N_08_CSMS @AdvancedDeviceManagement
  Scenario: Set Variable Monitoring - One SetMonitoringData element
    Given the station has booted
    And the station will answer SetVariableMonitoring with
      | setMonitoringResult.0.status            | Accepted          |
      | setMonitoringResult.0.id                | 1                 |
      | setMonitoringResult.0.type              | Delta             |
      | setMonitoringResult.0.severity          | 8                 |
      | setMonitoringResult.0.component.name    | EVSE              |
      | setMonitoringResult.0.component.evse.id | 1                 |
      | setMonitoringResult.0.variable.name     | AvailabilityState |
    When the CSMS is asked to send SetVariableMonitoring with
      | setMonitoringData.0.value             | 1                 |
      | setMonitoringData.0.type              | Delta             |
      | setMonitoringData.0.severity          | 8                 |
      | setMonitoringData.0.component.name    | EVSE              |
      | setMonitoringData.0.component.evse.id | 1                 |
      | setMonitoringData.0.variable.name     | AvailabilityState |
    Then the CSMS sends SetVariableMonitoring with
      | setMonitoringData.0.value             | 1                 |
      | setMonitoringData.0.type              | Delta             |
      | setMonitoringData.0.severity          | 8                 |
      | setMonitoringData.0.component.name    | EVSE              |
      | setMonitoringData.0.component.evse.id | 1                 |
      | setMonitoringData.0.variable.name     | AvailabilityState |

  @TC_N_09_CSMS @AdvancedDeviceManagement
  Scenario: Set Variable Monitoring - Multiple elements on different component and variable
    Given the station has booted
    And the station will answer SetVariableMonitoring with
      | setMonitoringResult.0.status            | Accepted          |
      | setMonitoringResult.0.id                | 1                 |
      | setMonitoringResult.0.type              | Delta             |
      | setMonitoringResult.0.severity          | 8                 |
      | setMonitoringResult.0.component.name    | EVSE              |
      | setMonitoringResult.0.component.evse.id | 1                 |
      | setMonitoringResult.0.variable.name     | AvailabilityState |
      | setMonitoringResult.1.status            | Accepted          |
      | setMonitoringResult.1.id                | 2                 |
      | setMonitoringResult.1.type              | UpperThreshold    |
      | setMonitoringResult.1.severity          | 5                 |
      | setMonitoringResult.1.component.name    | ChargingStation   |
      | setMonitoringResult.1.variable.name     | Power             |
    When the CSMS is asked to send SetVariableMonitoring with
      | setMonitoringData.0.value             | 1                 |
      | setMonitoringData.0.type              | Delta             |
      | setMonitoringData.0.severity          | 8                 |
      | setMonitoringData.0.component.name    | EVSE              |
      | setMonitoringData.0.component.evse.id | 1                 |
      | setMonitoringData.0.variable.name     | AvailabilityState |
      | setMonitoringData.1.value             | 22000             |
      | setMonitoringData.1.type              | UpperThreshold    |
      | setMonitoringData.1.severity          | 5                 |
      | setMonitoringData.1.component.name    | ChargingStation   |
      | setMonitoringData.1.variable.name     | Power             |
    Then the CSMS sends SetVariableMonitoring with
      | setMonitoringData.0.value             | 1                 |
      | setMonitoringData.0.type              | Delta             |
      | setMonitoringData.0.severity          | 8                 |
      | setMonitoringData.0.component.name    | EVSE              |
      | setMonitoringData.0.component.evse.id | 1                 |
      | setMonitoringData.0.variable.name     | AvailabilityState |
      | setMonitoringData.1.value             | 22000             |
      | setMonitoringData.1.type              | UpperThreshold    |
      | setMonitoringData.1.severity          | 5                 |
      | setMonitoringData.1.component.name    | ChargingStation   |
      | setMonitoringData.1.variable.name     | Power             |

  @TC_N_16_CSMS @AdvancedDeviceManagement
  Scenario: Set Monitoring Level - Success
    Given the station has booted
    And the station will answer SetMonitoringLevel with
      | status | Accepted |
    When the CSMS is asked to send SetMonitoringLevel with
      | severity | 4 |
    Then the CSMS sends SetMonitoringLevel with
      | severity | 4 |

  @TC_N_17_CSMS @AdvancedDeviceManagement
  Scenario: Set Monitoring Level - Out of range
    Given the station has booted
    # The station takes the severity as out of its range
    And the station will answer SetMonitoringLevel with
      | status | Rejected |
    When the CSMS is asked to send SetMonitoringLevel with
      | severity | 4 |
    Then the CSMS sends SetMonitoringLevel with
      | severity | 4 |

  @TC_N_24_CSMS @AdvancedDeviceManagement
  Scenario: Set Variable Monitoring - Periodic event
    Given the station has booted
    # A periodic monitor reports the variable at every interval
    When the station sends NotifyEvent with
      | eventData.0.trigger               | Periodic          |
      | eventData.0.actualValue           | Available         |
      | eventData.0.eventNotificationType | HardWiredMonitor  |
      | eventData.0.component.name        | EVSE              |
      | eventData.0.component.evse.id     | 1                 |
      | eventData.0.variable.name         | AvailabilityState |
      | seqNo                             | 0                 |
    Then the CSMS answers with
      | customData | <absent> |
    When the station sends NotifyEvent with
      | eventData.0.trigger               | Periodic          |
      | eventData.0.actualValue           | Available         |
      | eventData.0.eventNotificationType | HardWiredMonitor  |
      | eventData.0.component.name        | EVSE              |
      | eventData.0.component.evse.id     | 1                 |
      | eventData.0.variable.name         | AvailabilityState |
      | seqNo                             | 1                 |
    Then the CSMS answers with
      | customData | <absent> |
    When the station sends NotifyEvent with
      | eventData.0.trigger               | Periodic          |
      | eventData.0.actualValue           | Available         |
      | eventData.0.eventNotificationType | HardWiredMonitor  |
      | eventData.0.component.name        | EVSE              |
      | eventData.0.component.evse.id     | 1                 |
      | eventData.0.variable.name         | AvailabilityState |
      | seqNo                             | 2                 |
    Then the CSMS answers with
      | customData | <absent> |

  @TC_N_44_CSMS @AdvancedDeviceManagement
  Scenario: Clear Monitoring - Rejected
    Given the station has booted
    And the station will answer ClearVariableMonitoring with
      | clearMonitoringResult.0.status | Rejected |
      | clearMonitoringResult.0.id     | 1        |
    When the CSMS is asked to send ClearVariableMonitoring with
      | id.0 | 1 |
    Then the CSMS sends ClearVariableMonitoring with
      | id.0 | 1 |

  @TC_N_47_CSMS @AdvancedDeviceManagement
  Scenario: Get Monitoring report - Report all
    Given the station has booted
    And the station will answer GetMonitoringReport with
      | status | Accepted |
    When the CSMS is asked to send GetMonitoringReport with
      | requestId | 1 |
    Then the CSMS sends GetMonitoringReport with
      | requestId          | <present> |
      | monitoringCriteria | <absent>  |
      | componentVariable  | <absent>  |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyMonitoringReport with
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_N_48_CSMS @AdvancedDeviceManagement
  Scenario: Alert Event - Variable monitoring on write only
    Given the station has booted
    # A write-only variable: the event carries no value
    When the station sends NotifyEvent with
      | eventData.0.trigger               | Alerting          |
      | eventData.0.actualValue           |                   |
      | eventData.0.eventNotificationType | HardWiredMonitor  |
      | eventData.0.component.name        | EVSE              |
      | eventData.0.component.evse.id     | 1                 |
      | eventData.0.variable.name         | AvailabilityState |
    Then the CSMS answers with
      | customData | <absent> |

  @TC_N_49_CSMS @AdvancedDeviceManagement
  Scenario: Alert Event - LowerThreshold/UpperThreshold cleared after reboot
    Given the station has booted
    # After a reboot the station clears the threshold alert it had raised
    When the station sends NotifyEvent with
      | eventData.0.trigger               | Alerting          |
      | eventData.0.actualValue           | Available         |
      | eventData.0.eventNotificationType | HardWiredMonitor  |
      | eventData.0.component.name        | EVSE              |
      | eventData.0.component.evse.id     | 1                 |
      | eventData.0.variable.name         | AvailabilityState |
      | eventData.0.cleared               | true              |
    Then the CSMS answers with
      | customData | <absent> |

  @TC_N_50_CSMS @AdvancedDeviceManagement
  Scenario: Alert Event - Periodic Triggered
    Given the station has booted
    When the station sends NotifyEvent with
      | eventData.0.trigger               | Periodic          |
      | eventData.0.actualValue           | Available         |
      | eventData.0.eventNotificationType | HardWiredMonitor  |
      | eventData.0.component.name        | EVSE              |
      | eventData.0.component.evse.id     | 1                 |
      | eventData.0.variable.name         | AvailabilityState |
    Then the CSMS answers with
      | customData | <absent> |

  @TC_N_63_CSMS @ISO15118
  Scenario: Clear Customer Information - Clear and report - customerCertificate
    Given the station has booted
    And the station will answer CustomerInformation with
      | status | Accepted |
    When the CSMS is asked to send CustomerInformation with
      | requestId                          | 1                                                                |
      | report                             | true                                                             |
      | clear                              | true                                                             |
      | customerCertificate.hashAlgorithm  | SHA256                                                           |
      | customerCertificate.issuerNameHash | 5c1e0b2f6f0a4c9e8d7b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d |
      | customerCertificate.issuerKeyHash  | 0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d5c1e0b2f6f0a4c9e8d7b3a2f1e |
      | customerCertificate.serialNumber   | 1A2B3C4D                                                         |
    Then the CSMS sends CustomerInformation with
      | requestId                          | <present>                                                        |
      | report                             | true                                                             |
      | clear                              | true                                                             |
      | idToken                            | <absent>                                                         |
      | customerIdentifier                 | <absent>                                                         |
      | customerCertificate.hashAlgorithm  | SHA256                                                           |
      | customerCertificate.issuerNameHash | 5c1e0b2f6f0a4c9e8d7b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d |
      | customerCertificate.issuerKeyHash  | 0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d5c1e0b2f6f0a4c9e8d7b3a2f1e |
      | customerCertificate.serialNumber   | 1A2B3C4D                                                         |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyCustomerInformation with
      | data        | Contract certificate 1A2B3C4D: installed 2025-03-01, 12 sessions |
      | seqNo       | 0                                                                |
      | generatedAt | ${now}                                                           |
      | requestId   | ${request_id}                                                    |
      | tbc         | false                                                            |
    Then the CSMS answers
