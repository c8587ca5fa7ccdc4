@ocpp16 @SmartCharging
Feature: OCPP 1.6 Smart Charging profile, the charger under test
  Our test system plays the Central System of the OCTT charger-side test cases (section
  2.22). Limits are in A (ChargingScheduleAllowedChargingRateUnit must allow Current).
  Every case clears the profiles it set.

  @TC_056_CS
  Scenario: Central Smart Charging - TxDefaultProfile
    Given the charger is connected
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1                |
      | csChargingProfiles.chargingProfileId                           | 56               |
      | csChargingProfiles.stackLevel                                  | 0                |
      | csChargingProfiles.chargingProfilePurpose                      | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                         | Relative         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 10     |
    Then the charger answers with
      | status | Accepted |
    # A new transaction gets the default profile.
    Given the charger is charging on connector 1
    When the test system sends GetCompositeSchedule with
      | connectorId      | 1   |
      | duration         | 300 |
      | chargingRateUnit | A   |
    Then the charger answers with
      | status                                          | Accepted |
      | chargingSchedule.chargingSchedulePeriod.0.limit | 10       |
    When the EV driver ends the session on connector 1
    And the test system sends ClearChargingProfile with
      | id | 56 |
    Then the charger answers with
      | status | Accepted |

  @TC_057_CS
  Scenario: Central Smart Charging - TxProfile
    Given the charger is connected
    And the charger is charging on connector 1
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1                |
      | csChargingProfiles.chargingProfileId                           | 57               |
      | csChargingProfiles.transactionId                               | ${transactionId} |
      | csChargingProfiles.stackLevel                                  | 0                |
      | csChargingProfiles.chargingProfilePurpose                      | TxProfile        |
      | csChargingProfiles.chargingProfileKind                         | Relative         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 8      |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetCompositeSchedule with
      | connectorId      | 1   |
      | duration         | 300 |
      | chargingRateUnit | A   |
    Then the charger answers with
      | status                                          | Accepted |
      | chargingSchedule.chargingSchedulePeriod.0.limit | 8        |
    # A TxProfile ends with its transaction.
    When the EV driver ends the session on connector 1

  @TC_058_1_CS
  Scenario: Central Smart Charging - No ongoing transaction
    Given the charger is connected
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1         |
      | csChargingProfiles.chargingProfileId                           | 581       |
      | csChargingProfiles.transactionId                               | 581       |
      | csChargingProfiles.stackLevel                                  | 0         |
      | csChargingProfiles.chargingProfilePurpose                      | TxProfile |
      | csChargingProfiles.chargingProfileKind                         | Relative  |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0 |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 8 |
    # Rejected (a CALLERROR PropertyConstraintViolation would do too).
    Then the charger answers with
      | status | Rejected |

  @TC_058_2_CS
  Scenario: Central Smart Charging - Wrong transactionId
    Given the charger is connected
    And the charger is charging on connector 1
    # A transaction id that is not the running transaction's.
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1         |
      | csChargingProfiles.chargingProfileId                           | 582       |
      | csChargingProfiles.transactionId                               | 999999    |
      | csChargingProfiles.stackLevel                                  | 0         |
      | csChargingProfiles.chargingProfilePurpose                      | TxProfile |
      | csChargingProfiles.chargingProfileKind                         | Relative  |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0 |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 8 |
    Then the charger answers with
      | status | Rejected |
    When the EV driver ends the session on connector 1

  @TC_082_CS
  Scenario: Central Smart Charging - TxDefaultProfile - with ongoing transaction
    Given the charger is connected
    And the charger is charging on connector 1
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1                |
      | csChargingProfiles.chargingProfileId                           | 82               |
      | csChargingProfiles.stackLevel                                  | 0                |
      | csChargingProfiles.chargingProfilePurpose                      | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                         | Relative         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 9      |
    Then the charger answers with
      | status | Accepted |
    # The running transaction gets it too.
    When the test system sends GetCompositeSchedule with
      | connectorId      | 1   |
      | duration         | 300 |
      | chargingRateUnit | A   |
    Then the charger answers with
      | status                                          | Accepted |
      | chargingSchedule.chargingSchedulePeriod.0.limit | 9        |
    When the EV driver ends the session on connector 1
    And the test system sends ClearChargingProfile with
      | id | 82 |
    Then the charger answers with
      | status | Accepted |

  @TC_066_CS
  Scenario: Get Composite Schedule
    Given the charger is connected
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1                |
      | csChargingProfiles.chargingProfileId                           | 66               |
      | csChargingProfiles.stackLevel                                  | 0                |
      | csChargingProfiles.chargingProfilePurpose                      | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                         | Absolute         |
      | csChargingProfiles.chargingSchedule.startSchedule              | ${now}           |
      | csChargingProfiles.chargingSchedule.duration                   | 300              |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 12     |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetCompositeSchedule with
      | connectorId      | 1   |
      | duration         | 200 |
      | chargingRateUnit | A   |
    Then the charger answers with
      | status                                                | Accepted |
      | connectorId                                           | 1        |
      | scheduleStart                                         | <present> |
      | chargingSchedule.chargingRateUnit                     | A        |
      | chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0        |
      | chargingSchedule.chargingSchedulePeriod.0.limit       | 12       |
    When the test system sends ClearChargingProfile with
      | id | 66 |
    Then the charger answers with
      | status | Accepted |

  @TC_067_CS
  Scenario: Clear Charging Profile
    Given the charger is connected
    And the charger is charging on connector 1
    # Three different charging profiles.
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 0                     |
      | csChargingProfiles.chargingProfileId                           | 671                   |
      | csChargingProfiles.stackLevel                                  | 1                     |
      | csChargingProfiles.chargingProfilePurpose                      | ChargePointMaxProfile |
      | csChargingProfiles.chargingProfileKind                         | Relative              |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                     |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0           |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 16          |
    Then the charger answers with
      | status | Accepted |
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1                |
      | csChargingProfiles.chargingProfileId                           | 672              |
      | csChargingProfiles.stackLevel                                  | 1                |
      | csChargingProfiles.chargingProfilePurpose                      | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                         | Relative         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 12     |
    Then the charger answers with
      | status | Accepted |
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1                |
      | csChargingProfiles.chargingProfileId                           | 673              |
      | csChargingProfiles.transactionId                               | ${transactionId} |
      | csChargingProfiles.stackLevel                                  | 1                |
      | csChargingProfiles.chargingProfilePurpose                      | TxProfile        |
      | csChargingProfiles.chargingProfileKind                         | Relative         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 10     |
    Then the charger answers with
      | status | Accepted |
    # By id.
    When the test system sends ClearChargingProfile with
      | id | 671 |
    Then the charger answers with
      | status | Accepted |
    # By criteria.
    When the test system sends ClearChargingProfile with
      | connectorId            | 1                |
      | chargingProfilePurpose | TxDefaultProfile |
      | stackLevel             | 1                |
    Then the charger answers with
      | status | Accepted |
    # All that remain.
    When the test system sends ClearChargingProfile
    Then the charger answers with
      | status | Accepted |
    When the EV driver ends the session on connector 1

  @TC_072_CS
  Scenario: Stacking Charging Profiles
    Given the charger is connected
    # <Configured max time deviation>: the composite's period starts may lie a second early.
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1                |
      | csChargingProfiles.chargingProfileId                           | 721              |
      | csChargingProfiles.stackLevel                                  | 0                |
      | csChargingProfiles.chargingProfilePurpose                      | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                         | Absolute         |
      | csChargingProfiles.validFrom                                   | ${now-60s}       |
      | csChargingProfiles.validTo                                     | ${now+600s}      |
      | csChargingProfiles.chargingSchedule.startSchedule              | ${now}           |
      | csChargingProfiles.chargingSchedule.duration                   | 400              |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 6      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.1.startPeriod | 100    |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.1.limit       | 8      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.2.startPeriod | 200    |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.2.limit       | 10     |
    Then the charger answers with
      | status | Accepted |
    When the test system sends SetChargingProfile with
      | connectorId                                                    | 1                |
      | csChargingProfiles.chargingProfileId                           | 722              |
      | csChargingProfiles.stackLevel                                  | 1                |
      | csChargingProfiles.chargingProfilePurpose                      | TxDefaultProfile |
      | csChargingProfiles.chargingProfileKind                         | Absolute         |
      | csChargingProfiles.validFrom                                   | ${now-60s}       |
      | csChargingProfiles.validTo                                     | ${now+600s}      |
      | csChargingProfiles.chargingSchedule.startSchedule              | ${now}           |
      | csChargingProfiles.chargingSchedule.duration                   | 150              |
      | csChargingProfiles.chargingSchedule.chargingRateUnit           | A                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0      |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.0.limit       | 10     |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.1.startPeriod | 100    |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod.1.limit       | 7      |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetCompositeSchedule with
      | connectorId      | 1   |
      | duration         | 400 |
      | chargingRateUnit | A   |
    # Profile 2 (stack level 1) for its 150 s, then profile 1.
    Then the charger answers with
      | status                                                | Accepted  |
      | chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0         |
      | chargingSchedule.chargingSchedulePeriod.0.limit       | 10        |
      | chargingSchedule.chargingSchedulePeriod.1.startPeriod | 99 or 100 |
      | chargingSchedule.chargingSchedulePeriod.1.limit       | 7         |
      | chargingSchedule.chargingSchedulePeriod.2.startPeriod | 149 or 150 |
      | chargingSchedule.chargingSchedulePeriod.2.limit       | 8         |
      | chargingSchedule.chargingSchedulePeriod.3.startPeriod | 199 or 200 |
      | chargingSchedule.chargingSchedulePeriod.3.limit       | 10        |
    When the test system sends ClearChargingProfile with
      | chargingProfilePurpose | TxDefaultProfile |
    Then the charger answers with
      | status | Accepted |

  @TC_059_CS
  Scenario: Remote Start Transaction with Charging Profile
    Given the charger is connected
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the test system sends RemoteStartTransaction with
      | connectorId                                                 | 1         |
      | idTag                                                       | ${valid_id_tag} |
      | chargingProfile.chargingProfileId                           | 59        |
      | chargingProfile.stackLevel                                  | 0         |
      | chargingProfile.chargingProfilePurpose                      | TxProfile |
      | chargingProfile.chargingProfileKind                         | Relative  |
      | chargingProfile.chargingSchedule.chargingRateUnit           | A         |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0 |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod.0.limit       | 6 |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1

  @TC_060_CS
  Scenario: Remote Start Transaction with Charging Profile - Rejected
    Given the charger is connected
    # The profile is not a TxProfile.
    When the test system sends RemoteStartTransaction with
      | connectorId                                                 | 1                |
      | idTag                                                       | ${valid_id_tag}  |
      | chargingProfile.chargingProfileId                           | 60               |
      | chargingProfile.stackLevel                                  | 0                |
      | chargingProfile.chargingProfilePurpose                      | TxDefaultProfile |
      | chargingProfile.chargingProfileKind                         | Relative         |
      | chargingProfile.chargingSchedule.chargingRateUnit           | A                |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod.0.startPeriod | 0        |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod.0.limit       | 6        |
    Then the charger answers with
      | status | Rejected |
    And the charger sends no StartTransaction within 2 seconds
