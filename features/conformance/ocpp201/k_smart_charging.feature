@ocpp201
Feature: OCPP 2.0.1 K - Smart charging, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block K (Smart
  Charging): the CSMS sets, replaces, clears and reads charging profiles, asks for the
  composite schedule, and starts a transaction with a profile. Requests start from the
  templates (conformance/templates/v201_csms_fp.yaml): a TxDefaultProfile of 6 A on EVSE 1,
  stack level 0, chargingRateUnit A, numberPhases 3; a case's table changes the rest.

  @TC_K_01_CSMS @SmartCharging
  Scenario: Set Charging Profile - TxDefaultProfile - Specific EVSE
    Given the station has booted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | evseId                                 | 1                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends SetChargingProfile with
      | evseId                                                                   | 1                |
      | chargingProfile.stackLevel                                               | 0                |
      | chargingProfile.chargingProfilePurpose                                   | TxDefaultProfile |
      | chargingProfile.chargingProfileKind                                      | Absolute         |
      | chargingProfile.validFrom                                                | <present>        |
      | chargingProfile.validTo                                                  | <present>        |
      | chargingProfile.chargingSchedule.0.startSchedule                         | <present>        |
      | chargingProfile.chargingSchedule.0.chargingRateUnit                      | A                |
      | chargingProfile.chargingSchedule.0.duration                              | 300              |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod  | 0                |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit        | 6 or 6000        |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.numberPhases | 3 or <absent>    |

  @TC_K_02_CSMS @SmartCharging
  Scenario: Set Charging Profile - TxProfile without ongoing transaction on the specified EVSE
    Given the station has booted
    # There is no transaction on EVSE 1: the station rejects a TxProfile
    And the station will answer SetChargingProfile with
      | status | Rejected |
    When the CSMS is asked to send SetChargingProfile with
      | evseId                                                            | 1         |
      | chargingProfile.chargingProfilePurpose                            | TxProfile |
      | chargingProfile.chargingProfileKind                               | Relative  |
      | chargingProfile.validFrom                                         | <absent>  |
      | chargingProfile.validTo                                           | <absent>  |
      | chargingProfile.chargingSchedule.0.startSchedule                  | <absent>  |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit | 7         |
    Then the CSMS sends SetChargingProfile with
      | evseId                                                                   | 1             |
      | chargingProfile.chargingProfilePurpose                                   | TxProfile     |
      | chargingProfile.stackLevel                                               | 0             |
      | chargingProfile.chargingProfileKind                                      | Relative      |
      | chargingProfile.chargingSchedule.0.startSchedule                         | <absent>      |
      | chargingProfile.chargingSchedule.0.chargingRateUnit                      | A             |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod  | 0             |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit        | 7 or 7000     |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.numberPhases | 3 or <absent> |

  @TC_K_03_CSMS @SmartCharging
  Scenario: Set Charging Profile - ChargingStationMaxProfile
    Given the station has booted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | evseId                                 | 0                         |
      | chargingProfile.chargingProfilePurpose | ChargingStationMaxProfile |
    Then the CSMS sends SetChargingProfile with
      | evseId                                                                   | 0                         |
      | chargingProfile.stackLevel                                               | 0                         |
      | chargingProfile.chargingProfilePurpose                                   | ChargingStationMaxProfile |
      | chargingProfile.chargingProfileKind                                      | Absolute                  |
      | chargingProfile.validFrom                                                | <present>                 |
      | chargingProfile.validTo                                                  | <present>                 |
      | chargingProfile.chargingSchedule.0.startSchedule                         | <present>                 |
      | chargingProfile.chargingSchedule.0.chargingRateUnit                      | A                         |
      | chargingProfile.chargingSchedule.0.duration                              | 300                       |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod  | 0                         |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit        | 6 or 6000                 |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.numberPhases | 3 or <absent>             |

  @TC_K_04_CSMS @SmartCharging
  Scenario: Replace charging profile - With chargingProfileId
    Given the station has booted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | chargingProfile.id                                                | 11 |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit | 8  |
    Then the CSMS sends SetChargingProfile with
      | chargingProfile.id                                                      | 11               |
      | chargingProfile.stackLevel                                              | 0                |
      | chargingProfile.chargingProfilePurpose                                  | TxDefaultProfile |
      | chargingProfile.chargingProfileKind                                     | Absolute         |
      | chargingProfile.recurrencyKind                                          | <absent>         |
      | chargingProfile.chargingSchedule.0.startSchedule                        | <present>        |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod | 0                |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit       | 8 or 8000        |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.1             | <absent>         |
    # The same profile (id, purpose, kind, stack level) with another limit replaces it
    When the CSMS is asked to send SetChargingProfile with
      | chargingProfile.id                                                | 11 |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit | 6  |
    Then the CSMS sends SetChargingProfile with
      | chargingProfile.id                                                      | 11               |
      | chargingProfile.stackLevel                                              | 0                |
      | chargingProfile.chargingProfilePurpose                                  | TxDefaultProfile |
      | chargingProfile.chargingProfileKind                                     | Absolute         |
      | chargingProfile.recurrencyKind                                          | <absent>         |
      | chargingProfile.chargingSchedule.0.startSchedule                        | <present>        |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod | 0                |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit       | 6 or 6000        |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.1             | <absent>         |

  @TC_K_05_CSMS @SmartCharging
  Scenario: Clear Charging Profile - With chargingProfileId
    Given the station has booted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | chargingProfile.id | 12 |
    Then the CSMS sends SetChargingProfile with
      | chargingProfile.id | 12 |
    And the station will answer ClearChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send ClearChargingProfile with
      | chargingProfileId | 12 |
    Then the CSMS sends ClearChargingProfile with
      | chargingProfileId       | 12       |
      | chargingProfileCriteria | <absent> |

  @TC_K_06_CSMS @SmartCharging
  Scenario: Clear Charging Profile - With stackLevel/purpose combination for one profile
    Given the station has booted
    And the station will answer ClearChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send ClearChargingProfile with
      | chargingProfileCriteria.chargingProfilePurpose | TxDefaultProfile |
      | chargingProfileCriteria.stackLevel             | 0                |
      | chargingProfileCriteria.evseId                 | 1                |
    Then the CSMS sends ClearChargingProfile with
      | chargingProfileId                              | <absent>         |
      | chargingProfileCriteria.chargingProfilePurpose | TxDefaultProfile |
      | chargingProfileCriteria.stackLevel             | 0                |
      | chargingProfileCriteria.evseId                 | 1                |

  @TC_K_08_CSMS @SmartCharging
  Scenario: Clear Charging Profile - Without previous charging profile
    Given the station has booted
    # The station has no profile with that id
    And the station will answer ClearChargingProfile with
      | status | Unknown |
    When the CSMS is asked to send ClearChargingProfile with
      | chargingProfileId | 13 |
    Then the CSMS sends ClearChargingProfile with
      | chargingProfileId | 13 |

  @TC_K_10_CSMS @SmartCharging
  Scenario: Set Charging Profile - TxDefaultProfile - All EVSE
    Given the station has booted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | evseId                                 | 0                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends SetChargingProfile with
      | evseId                                                                   | 0                |
      | chargingProfile.stackLevel                                               | 0                |
      | chargingProfile.chargingProfilePurpose                                   | TxDefaultProfile |
      | chargingProfile.chargingProfileKind                                      | Absolute         |
      | chargingProfile.validFrom                                                | <present>        |
      | chargingProfile.validTo                                                  | <present>        |
      | chargingProfile.chargingSchedule.0.startSchedule                         | <present>        |
      | chargingProfile.chargingSchedule.0.chargingRateUnit                      | A                |
      | chargingProfile.chargingSchedule.0.duration                              | 300              |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod  | 0                |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit        | 6 or 6000        |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.numberPhases | 3 or <absent>    |

  @TC_K_15_CSMS @SmartCharging
  Scenario: Set Charging Profile - Not Supported
    Given the station has booted
    # This station does not implement smart charging
    And the station will answer SetChargingProfile with a CALLERROR "NotSupported"
    When the CSMS is asked to send SetChargingProfile with
      | evseId                                 | 1                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends SetChargingProfile with
      | evseId                                                                   | 1                |
      | chargingProfile.stackLevel                                               | 0                |
      | chargingProfile.chargingProfilePurpose                                   | TxDefaultProfile |
      | chargingProfile.chargingProfileKind                                      | Absolute         |
      | chargingProfile.validFrom                                                | <present>        |
      | chargingProfile.validTo                                                  | <present>        |
      | chargingProfile.chargingSchedule.0.startSchedule                         | <present>        |
      | chargingProfile.chargingSchedule.0.chargingRateUnit                      | A                |
      | chargingProfile.chargingSchedule.0.duration                              | 300              |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod  | 0                |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit        | 6 or 6000        |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.numberPhases | 3 or <absent>    |
    # The CSMS takes the CALLERROR in stride: the station goes on as before
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |

  @TC_K_19_CSMS @SmartCharging
  Scenario: Set Charging Profile - ChargingProfileKind is Recurring
    Given the station has booted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | chargingProfile.chargingProfileKind         | Recurring |
      | chargingProfile.recurrencyKind              | Daily     |
      | chargingProfile.chargingSchedule.0.duration | 86400     |
    Then the CSMS sends SetChargingProfile with
      | evseId                                                                  | 1                |
      | chargingProfile.chargingProfilePurpose                                  | TxDefaultProfile |
      | chargingProfile.chargingProfileKind                                     | Recurring        |
      | chargingProfile.recurrencyKind                                          | Daily            |
      | chargingProfile.chargingSchedule.0.startSchedule                        | <present>        |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod | 0                |

  @TC_K_29_CSMS @SmartCharging
  Scenario: Get Charging Profile - EvseId 0
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | evseId | 0 |
    Then the CSMS sends GetChargingProfiles with
      | requestId                              | <present> |
      | evseId                                 | 0         |
      | chargingProfile.chargingProfilePurpose | <present> |
      | chargingProfile.stackLevel             | <absent>  |
      | chargingProfile.chargingLimitSource    | <absent>  |
      | chargingProfile.chargingProfileId      | <absent>  |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId | ${request_id} |
      | evseId    | 0             |
    Then the CSMS answers

  @TC_K_30_CSMS @SmartCharging
  Scenario: Get Charging Profile - EvseId > 0
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | evseId | 1 |
    Then the CSMS sends GetChargingProfiles with
      | requestId                              | <present> |
      | evseId                                 | 1         |
      | chargingProfile.chargingProfilePurpose | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId | ${request_id} |
      | evseId    | 1             |
    Then the CSMS answers

  @TC_K_31_CSMS @SmartCharging
  Scenario: Get Charging Profile - No EvseId
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | evseId | <absent> |
    Then the CSMS sends GetChargingProfiles with
      | requestId                              | <present> |
      | evseId                                 | <absent>  |
      | chargingProfile.chargingProfilePurpose | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId | ${request_id} |
      | evseId    | 1             |
    Then the CSMS answers

  @TC_K_32_CSMS @SmartCharging
  Scenario: Get Charging Profile - chargingProfileId
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | chargingProfile.chargingProfilePurpose | <absent> |
      | chargingProfile.chargingProfileId.0    | 1        |
    Then the CSMS sends GetChargingProfiles with
      | requestId                              | <present> |
      | chargingProfile.chargingProfileId.0    | 1         |
      | chargingProfile.chargingProfilePurpose | <absent>  |
      | chargingProfile.stackLevel             | <absent>  |
      | chargingProfile.chargingLimitSource    | <absent>  |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId | ${request_id} |
      | evseId    | 1             |
    Then the CSMS answers

  @TC_K_33_CSMS @SmartCharging
  Scenario: Get Charging Profile - EvseId > 0 + stackLevel
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | evseId                                 | 1        |
      | chargingProfile.chargingProfilePurpose | <absent> |
      | chargingProfile.stackLevel             | 0        |
    Then the CSMS sends GetChargingProfiles with
      | requestId                              | <present> |
      | evseId                                 | 1         |
      | chargingProfile.stackLevel             | 0         |
      | chargingProfile.chargingProfilePurpose | <absent>  |
      | chargingProfile.chargingProfileId      | <absent>  |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId | ${request_id} |
      | evseId    | 1             |
    Then the CSMS answers

  @TC_K_34_CSMS @SmartCharging
  Scenario: Get Charging Profile - EvseId > 0 + chargingLimitSource
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | evseId                                 | 1        |
      | chargingProfile.chargingProfilePurpose | <absent> |
      | chargingProfile.chargingLimitSource.0  | CSO      |
    Then the CSMS sends GetChargingProfiles with
      | requestId                              | <present> |
      | evseId                                 | 1         |
      | chargingProfile.chargingLimitSource.0  | CSO       |
      | chargingProfile.chargingProfilePurpose | <absent>  |
      | chargingProfile.chargingProfileId      | <absent>  |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId | ${request_id} |
      | evseId    | 1             |
    Then the CSMS answers

  @TC_K_35_CSMS @SmartCharging
  Scenario: Get Charging Profile - EvseId > 0 + chargingProfilePurpose
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | evseId                                 | 1                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends GetChargingProfiles with
      | requestId                              | <present>        |
      | evseId                                 | 1                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
      | chargingProfile.stackLevel             | <absent>         |
      | chargingProfile.chargingProfileId      | <absent>         |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId | ${request_id} |
      | evseId    | 1             |
    Then the CSMS answers

  @TC_K_36_CSMS @SmartCharging
  Scenario: Get Charging Profile - EvseId > 0 + chargingProfilePurpose + stackLevel
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | evseId                                 | 1                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
      | chargingProfile.stackLevel             | 0                |
    Then the CSMS sends GetChargingProfiles with
      | requestId                              | <present>        |
      | evseId                                 | 1                |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
      | chargingProfile.stackLevel             | 0                |
      | chargingProfile.chargingProfileId      | <absent>         |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId | ${request_id} |
      | evseId    | 1             |
    Then the CSMS answers

  @TC_K_60_CSMS @SmartCharging
  Scenario: Set Charging Profile - TxProfile with ongoing transaction on the specified EVSE
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | evseId                                           | 1                 |
      | chargingProfile.id                               | 14                |
      | chargingProfile.stackLevel                       | 1                 |
      | chargingProfile.chargingProfilePurpose           | TxProfile         |
      | chargingProfile.chargingProfileKind              | Relative          |
      | chargingProfile.transactionId                    | ${transaction_id} |
      | chargingProfile.validFrom                        | <absent>          |
      | chargingProfile.validTo                          | <absent>          |
      | chargingProfile.chargingSchedule.0.startSchedule | <absent>          |
    Then the CSMS sends SetChargingProfile with
      | evseId                                                                  | 1                    |
      | chargingProfile.chargingProfilePurpose                                  | TxProfile            |
      | chargingProfile.transactionId                                           | ${transaction_id}    |
      | chargingProfile.chargingProfileKind                                     | Relative or Absolute |
      | chargingProfile.chargingSchedule.0.startSchedule                        | <absent>             |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod | 0                    |

  @TC_K_37_CSMS @SmartCharging
  Scenario: Remote start transaction with charging profile - Success
    Given the station has booted
    And the station will answer RequestStartTransaction with
      | status | Accepted |
    When the CSMS is asked to send RequestStartTransaction with
      | idToken.idToken                                                         | ${valid_id_tag} |
      | idToken.type                                                            | ISO14443        |
      | evseId                                                                  | 1               |
      | chargingProfile.id                                                      | 15              |
      | chargingProfile.stackLevel                                              | 1               |
      | chargingProfile.chargingProfilePurpose                                  | TxProfile       |
      | chargingProfile.chargingProfileKind                                     | Relative        |
      | chargingProfile.chargingSchedule.0.id                                   | 1               |
      | chargingProfile.chargingSchedule.0.chargingRateUnit                     | A               |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod | 0               |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit       | 16              |
    Then the CSMS sends RequestStartTransaction with
      | idToken.idToken                                  | ${valid_id_tag} |
      | idToken.type                                     | ISO14443        |
      | evseId                                           | 1               |
      | chargingProfile.chargingProfilePurpose           | TxProfile       |
      | chargingProfile.transactionId                    | <absent>        |
      | chargingProfile.chargingProfileKind              | Relative        |
      | chargingProfile.chargingSchedule.0.startSchedule | <absent>        |
    And the station remembers "remoteStartId" of the CSMS's request as "remote_start_id"
    When the station sends the next TransactionEvent with
      | eventType                     | Started            |
      | triggerReason                 | RemoteStart        |
      | transactionInfo.remoteStartId | ${remote_start_id} |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |

  @TC_K_43_CSMS @SmartCharging
  Scenario: Get Composite Schedule - Specific EVSE
    Given the station has booted
    # The station answers with its composite schedule: 10 A for 300 s
    And the station will answer GetCompositeSchedule with
      | status          | Accepted |
      | schedule.evseId | 1        |
    When the CSMS is asked to send GetCompositeSchedule with
      | evseId           | 1   |
      | duration         | 300 |
      | chargingRateUnit | A   |
    Then the CSMS sends GetCompositeSchedule with
      | evseId           | 1   |
      | duration         | 300 |
      | chargingRateUnit | A   |

  @TC_K_44_CSMS @SmartCharging
  Scenario: Get Composite Schedule - Charging Station
    Given the station has booted
    And the station will answer GetCompositeSchedule with
      | status          | Accepted |
      | schedule.evseId | 0        |
    When the CSMS is asked to send GetCompositeSchedule with
      | evseId           | 0   |
      | duration         | 300 |
      | chargingRateUnit | A   |
    Then the CSMS sends GetCompositeSchedule with
      | evseId           | 0   |
      | duration         | 300 |
      | chargingRateUnit | A   |

  @TC_K_70_CSMS @SmartCharging
  Scenario: Set Charging Profile - Multiple Profiles
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | chargingProfile.id                     | 21               |
      | chargingProfile.chargingProfilePurpose | TxDefaultProfile |
    Then the CSMS sends SetChargingProfile with
      | chargingProfile.id                                                      | 21                    |
      | chargingProfile.chargingProfilePurpose                                  | TxDefaultProfile      |
      | chargingProfile.chargingProfileKind                                     | Absolute or Recurring |
      | chargingProfile.chargingSchedule.0.startSchedule                        | <present>             |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod | 0                     |
    When the CSMS is asked to send SetChargingProfile with
      | evseId                                                            | 0                         |
      | chargingProfile.id                                                | 22                        |
      | chargingProfile.chargingProfilePurpose                            | ChargingStationMaxProfile |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.limit | 32                        |
    Then the CSMS sends SetChargingProfile with
      | evseId                                                                  | 0                         |
      | chargingProfile.id                                                      | 22                        |
      | chargingProfile.chargingProfilePurpose                                  | ChargingStationMaxProfile |
      | chargingProfile.chargingProfileKind                                     | Absolute                  |
      | chargingProfile.chargingSchedule.0.startSchedule                        | <present>                 |
      | chargingProfile.chargingSchedule.0.chargingSchedulePeriod.0.startPeriod | 0                         |

  @TC_K_48_CSMS
  Scenario: Set / Update External Charging Limit (not on a transaction)
    Given the station has booted
    # An energy management system limits EVSE 1 to 16 A
    When the station sends NotifyChargingLimit with
      | chargingLimit.chargingLimitSource                       | EMS   |
      | chargingLimit.isGridCritical                            | false |
      | evseId                                                  | 1     |
      | chargingSchedule.0.id                                   | 1     |
      | chargingSchedule.0.chargingRateUnit                     | A     |
      | chargingSchedule.0.chargingSchedulePeriod.0.startPeriod | 0     |
      | chargingSchedule.0.chargingSchedulePeriod.0.limit       | 16    |
    Then the CSMS answers

  @TC_K_50_CSMS
  Scenario: Reset / release external charging limit - Without ongoing transaction
    Given the station has booted
    # The energy management system releases its limit
    When the station sends ClearedChargingLimit with
      | chargingLimitSource | EMS |
      | evseId              | 1   |
    Then the CSMS answers

  @TC_K_51_CSMS
  Scenario: Reset / release external charging limit - With ongoing transaction
    Given the station is in the reusable state EnergyTransferStarted
    When the station sends ClearedChargingLimit with
      | chargingLimitSource | EMS |
      | evseId              | 1   |
    Then the CSMS answers
    When the station sends the next TransactionEvent with
      | eventType                     | Updated             |
      | triggerReason                 | ChargingRateChanged |
      | transactionInfo.chargingState | Charging            |
      | idToken                       | <absent>            |
    Then the CSMS answers

  @TC_K_52_CSMS
  Scenario: Set / Update External Charging Limit (not on a transaction) - ChargingStationExternalConstraints in report
    Given the station has booted
    When the station sends NotifyChargingLimit with
      | chargingLimit.chargingLimitSource | EMS |
    Then the CSMS answers
    And the station will answer GetChargingProfiles with
      | status | Accepted |
    When the CSMS is asked to send GetChargingProfiles with
      | chargingProfile.chargingProfilePurpose | <absent> |
      | chargingProfile.chargingLimitSource.0  | EMS      |
    Then the CSMS sends GetChargingProfiles with
      | requestId | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends ReportChargingProfiles with
      | requestId                                                           | ${request_id}                      |
      | chargingLimitSource                                                 | EMS                                |
      | chargingProfile.0.chargingProfilePurpose                            | ChargingStationExternalConstraints |
      | chargingProfile.0.chargingSchedule.0.chargingSchedulePeriod.0.limit | 16                                 |
    Then the CSMS answers
