@ocpp16 @SmartCharging
Feature: OCPP 1.6 Smart Charging profile, the CSMS under test
  The CSMS sets, reads and clears charging profiles, and starts a transaction with one
  (OCTT CSMS-side test cases, section 3.19). The OCTT's configured values of these cases
  (stack level, rate unit, duration, limit) are the ones in the tables.

  @TC_056_CSMS
  Scenario: Central Smart Charging - TxDefaultProfile
    Given the station has booted
    And the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | connectorId                                                        | 1                |
      | csChargingProfiles.chargingProfileId                               | 5601             |
      | csChargingProfiles.stackLevel                                      | 0                |
      | csChargingProfiles.chargingProfilePurpose                          | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                             | Absolute         |
      | csChargingProfiles.validFrom                                       | ${now}           |
      | csChargingProfiles.validTo                                         | ${now+1d}        |
      | csChargingProfiles.chargingSchedule.startSchedule                  | ${now}           |
      | csChargingProfiles.chargingSchedule.duration                       | 86400            |
      | csChargingProfiles.chargingSchedule.chargingRateUnit               | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod  | 0         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit        | 6         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.numberPhases | 3         |
    Then the CSMS sends SetChargingProfile with
      | connectorId                                                        | 1                |
      | csChargingProfiles.stackLevel                                      | 0                |
      | csChargingProfiles.chargingProfilePurpose                          | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                             | Absolute         |
      | csChargingProfiles.validFrom                                       | <present>        |
      | csChargingProfiles.validTo                                         | <present>        |
      | csChargingProfiles.transactionId                                   | <absent>         |
      | csChargingProfiles.recurrencyKind                                  | <absent>         |
      | csChargingProfiles.chargingSchedule.startSchedule                  | <present>        |
      | csChargingProfiles.chargingSchedule.chargingRateUnit               | A                |
      | csChargingProfiles.chargingSchedule.duration                       | 86400            |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod  | 0         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit        | 6.0 or 6000.0 |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.numberPhases | 3 or <absent> |

  @TC_057_CSMS
  Scenario: Central Smart Charging - TxProfile
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
    Given the station will answer SetChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send SetChargingProfile with
      | connectorId                                                        | 1                |
      | csChargingProfiles.chargingProfileId                               | 5701             |
      | csChargingProfiles.transactionId                                   | ${transactionId} |
      | csChargingProfiles.stackLevel                                      | 0                |
      | csChargingProfiles.chargingProfilePurpose                          | TxProfile        |
      | csChargingProfiles.chargingProfileKind                             | Relative         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit               | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod  | 0         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit        | 10        |
    Then the CSMS sends SetChargingProfile with
      | connectorId                                       | 1                     |
      | csChargingProfiles.chargingProfilePurpose         | TxProfile             |
      | csChargingProfiles.transactionId                  | ${transactionId}      |
      | csChargingProfiles.recurrencyKind                 | <absent>              |
      | csChargingProfiles.chargingProfileKind            | Relative              |
      | csChargingProfiles.chargingSchedule.startSchedule | <absent>              |

  @TC_066_CSMS
  Scenario: Get Composite Schedule
    Given the station has booted
    And the station will answer GetCompositeSchedule with
      | status                                             | Accepted |
      | connectorId                                        | 1        |
      | scheduleStart                                      | ${now}   |
      | chargingSchedule.chargingRateUnit                  | A        |
      | chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0     |
      | chargingSchedule.chargingSchedulePeriod.0.limit    | 16       |
    When the CSMS is asked to send GetCompositeSchedule with
      | connectorId      | 1    |
      | duration         | 3600 |
      | chargingRateUnit | A    |
    Then the CSMS sends GetCompositeSchedule with
      | connectorId      | 1    |
      | duration         | 3600 |
      | chargingRateUnit | A    |

  @TC_067_CSMS
  Scenario: Clear Charging Profile
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
    Given the station will answer SetChargingProfile with
      | status | Accepted |
    # Three different charging profiles
    When the CSMS is asked to send SetChargingProfile with
      | connectorId                                                        | 0                     |
      | csChargingProfiles.chargingProfileId                               | 6701                  |
      | csChargingProfiles.stackLevel                                      | 0                     |
      | csChargingProfiles.chargingProfilePurpose                          | ChargePointMaxProfile |
      | csChargingProfiles.chargingProfileKind                             | Relative              |
      | csChargingProfiles.chargingSchedule.chargingRateUnit               | A                     |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod  | 0              |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit        | 32             |
    Then the CSMS sends SetChargingProfile with
      | connectorId                               | 0                     |
      | csChargingProfiles.chargingProfilePurpose | ChargePointMaxProfile |
      | csChargingProfiles.stackLevel             | 0                     |
      | csChargingProfiles.transactionId          | <absent>              |
    And the station remembers "csChargingProfiles.chargingProfileId" of the CSMS's request as "profile_1"
    When the CSMS is asked to send SetChargingProfile with
      | connectorId                                                        | 1                |
      | csChargingProfiles.chargingProfileId                               | 6702             |
      | csChargingProfiles.stackLevel                                      | 0                |
      | csChargingProfiles.chargingProfilePurpose                          | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                             | Relative         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit               | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod  | 0         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit        | 16        |
    Then the CSMS sends SetChargingProfile with
      | connectorId                               | 1                |
      | csChargingProfiles.chargingProfilePurpose | TxDefaultProfile |
      | csChargingProfiles.stackLevel             | 0                |
      | csChargingProfiles.transactionId          | <absent>         |
      | csChargingProfiles.chargingProfileId      | 6702             |
    When the CSMS is asked to send SetChargingProfile with
      | connectorId                                                        | 1                |
      | csChargingProfiles.chargingProfileId                               | 6703             |
      | csChargingProfiles.transactionId                                   | ${transactionId} |
      | csChargingProfiles.stackLevel                                      | 0                |
      | csChargingProfiles.chargingProfilePurpose                          | TxProfile        |
      | csChargingProfiles.chargingProfileKind                             | Relative         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit               | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod  | 0         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit        | 10        |
    Then the CSMS sends SetChargingProfile with
      | connectorId                               | 1                |
      | csChargingProfiles.chargingProfilePurpose | TxProfile        |
      | csChargingProfiles.stackLevel             | 0                |
      | csChargingProfiles.transactionId          | ${transactionId} |
      | csChargingProfiles.chargingProfileId      | 6703             |
    # Clear a charging profile by its id
    Given the station will answer ClearChargingProfile with
      | status | Accepted |
    When the CSMS is asked to send ClearChargingProfile with
      | id | ${profile_1} |
    Then the CSMS sends ClearChargingProfile with
      | id                     | ${profile_1} |
      | connectorId            | <absent>     |
      | chargingProfilePurpose | <absent>     |
      | stackLevel             | <absent>     |
    # Clear a charging profile by criteria
    When the CSMS is asked to send ClearChargingProfile with
      | connectorId            | 1                |
      | chargingProfilePurpose | TxDefaultProfile |
      | stackLevel             | 0                |
    Then the CSMS sends ClearChargingProfile with
      | id                     | <absent>         |
      | connectorId            | 1                |
      | chargingProfilePurpose | TxDefaultProfile |
      | stackLevel             | 0                |
    # Clear all remaining charging profiles
    When the CSMS is asked to send ClearChargingProfile
    Then the CSMS sends ClearChargingProfile with
      | id                     | <absent> |
      | connectorId            | <absent> |
      | chargingProfilePurpose | <absent> |
      | stackLevel             | <absent> |

  @TC_059_CSMS
  Scenario: Remote Start Transaction with Charging Profile
    Given the station has booted
    And the station will answer RemoteStartTransaction with
      | status | Accepted |
    When the CSMS is asked to send RemoteStartTransaction with
      | idTag                                                           | ${valid_id_tag} |
      | connectorId                                                     | 1               |
      | chargingProfile.chargingProfileId                               | 5901            |
      | chargingProfile.stackLevel                                      | 0               |
      | chargingProfile.chargingProfilePurpose                          | TxProfile       |
      | chargingProfile.chargingProfileKind                             | Relative        |
      | chargingProfile.chargingSchedule.chargingRateUnit               | A               |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0         |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod.0.limit       | 16        |
    Then the CSMS sends RemoteStartTransaction with
      | idTag                                                           | ${valid_id_tag} |
      | connectorId                                                     | 1               |
      | chargingProfile.chargingProfilePurpose                          | TxProfile       |
      | chargingProfile.transactionId                                   | <absent>        |
      | chargingProfile.recurrencyKind                                  | <absent>        |
      | chargingProfile.chargingProfileKind                             | Relative        |
      | chargingProfile.chargingSchedule.startSchedule                  | <absent>        |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0         |
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    # The charging cable is plugged in
    When the station sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    Then the CSMS answers
