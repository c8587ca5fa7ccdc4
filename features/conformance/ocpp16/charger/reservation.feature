@ocpp16 @Reservation
Feature: OCPP 1.6 Reservation profile, the charger under test
  Our test system plays the Central System of the OCTT charger-side test cases (section
  2.20). The cases reserving the whole charger (connector 0) need
  ReserveConnectorZeroSupported = true; every case leaves connector 1 Available.

  @TC_046_1_CS
  Scenario: Reservation of a Connector - Local start transaction
    Given the charger is connected
    When the test system sends ReserveNow with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 46              |
      | expiryDate    | ${now+300s}     |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Reserved |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    And the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger sends StartTransaction with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 46              |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1

  @TC_046_2_CS
  Scenario: Reservation of a Connector - Remote start transaction
    Given the charger is connected
    When the test system sends ReserveNow with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 462             |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Reserved |
    When the test system sends RemoteStartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Accepted |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StartTransaction with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 462             |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1

  @TC_047_CS
  Scenario: Reservation of a Connector - Expire
    Given the charger is connected
    # <Configured Reservation Expiry Date Offset>: 5 s.
    When the test system sends ReserveNow with
      | connectorId   | 1            |
      | idTag         | EVH-VALID-02 |
      | reservationId | 47           |
      | expiryDate    | ${now+5s}    |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Reserved |
    # The EV driver does not come before the expiry date.
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    # Another card can charge: the reservation has expired.
    Given the charger is charging on connector 1
    When the EV driver ends the session on connector 1

  @TC_048_1_CS
  Scenario: Reservation of a Connector - Faulted
    Given the charger is connected
    When the operator is asked to cause a fault on the connector with
      | connectorId | 1          |
      | errorCode   | OtherError |
    Then the charger sends StatusNotification with
      | connectorId | 1       |
      | status      | Faulted |
    When the test system sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Faulted |
    When the operator is asked to remove the fault with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_048_2_CS
  Scenario: Reservation of a Connector - Occupied
    Given the charger is connected
    # Reusable state SetConnectorOccupied.
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the test system sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Occupied |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_048_3_CS
  Scenario: Reservation of a Connector - Unavailable
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | connectorId | 1           |
      | type        | Inoperative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1           |
      | status      | Unavailable |
    When the test system sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Unavailable |
    When the test system sends ChangeAvailability with
      | connectorId | 1         |
      | type        | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_049_CS
  Scenario: Reservation of a Charge Point - Transaction
    Given the charger is connected
    When the test system sends ReserveNow with
      | connectorId   | 0               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 49              |
    Then the charger answers with
      | status | Accepted |
    # The charger has one connector: it is the one reserved.
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Reserved |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    And the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger sends StartTransaction with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 49              |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1

  @TC_050_1_CS
  Scenario: Reservation of a Charge Point - Faulted
    Given the charger is connected
    # Every connector faulted.
    When the operator is asked to cause a fault on the connector with
      | connectorId | 1          |
      | errorCode   | OtherError |
    Then the charger sends StatusNotification with
      | connectorId | 1       |
      | status      | Faulted |
    When the test system sends ReserveNow with
      | connectorId | 0               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Faulted |
    When the operator is asked to remove the fault with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_050_2_CS
  Scenario: Reservation of a Charge Point - Occupied
    Given the charger is connected
    # Every connector occupied.
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the test system sends ReserveNow with
      | connectorId | 0               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Occupied |
    When the operator is asked to unplug the cable with
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_050_3_CS
  Scenario: Reservation of a Charge Point - Unavailable
    Given the charger is connected
    # Reusable state SetChargePointUnavailable.
    When the test system sends ChangeAvailability with
      | connectorId | 0           |
      | type        | Inoperative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1           |
      | status      | Unavailable |
    When the test system sends ReserveNow with
      | connectorId | 0               |
      | idTag       | ${valid_id_tag} |
    Then the charger answers with
      | status | Unavailable |
    When the test system sends ChangeAvailability with
      | connectorId | 0         |
      | type        | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_051_CS
  Scenario: Cancel Reservation
    Given the charger is connected
    When the test system sends ReserveNow with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 51              |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Reserved |
    When the test system sends CancelReservation with
      | reservationId | 51 |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_052_CS
  Scenario: Cancel Reservation - Rejected
    Given the charger is connected
    # Reusable state Reserved.
    When the test system sends ReserveNow with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 52              |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Reserved |
    # A reservation id the charger does not have.
    When the test system sends CancelReservation with
      | reservationId | 520 |
    Then the charger answers with
      | status | Rejected |
    # Afterwards: the reservation is cancelled.
    When the test system sends CancelReservation with
      | reservationId | 52 |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |

  @TC_053_CS
  Scenario: Use a reserved Connector with parentIdTag
    Given the charger is connected
    And the test system will answer Authorize with
      | idTagInfo.status      | Accepted        |
      | idTagInfo.parentIdTag | ${group_id_tag} |
    # Reserved for another card of the group: the valid card, of that group, may use it.
    When the test system sends ReserveNow with
      | connectorId   | 1               |
      | idTag         | EVH-VALID-02    |
      | parentIdTag   | ${group_id_tag} |
      | reservationId | 53              |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Reserved |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    And the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idTag | ${valid_id_tag} |
    And the charger sends StartTransaction with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | reservationId | 53              |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1
