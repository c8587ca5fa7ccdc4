@ocpp201
Feature: OCPP 2.0.1 H - Reservation, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block H: the
  CSMS reserves an EVSE (or any EVSE, or a connector type) for the plan's valid idToken or
  its group, cancels a reservation, and follows the station when a reservation expires or
  is removed. The ReserveNowRequest starts from the template (reservation 1 of
  ${valid_id_tag} on EVSE 1, for 5 minutes).

  @TC_H_01_CSMS @Reservation
  Scenario: Reserve a specific EVSE - Accepted - Valid idToken
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | evseId | 1 |
    Then the CSMS sends ReserveNow with
      | id              | <present>       |
      | expiryDateTime  | <present>       |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | connectorType   | <absent>        |
    And the station remembers "id" of the CSMS's request as "reservation_id"
    And the station reports the connector as Reserved

  @TC_H_07_CSMS @Reservation
  Scenario: Reserve a specific EVSE - Reservation Ended / not used
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | evseId         | 1          |
      | expiryDateTime | ${now+60s} |
    Then the CSMS sends ReserveNow with
      | id              | <present>       |
      | expiryDateTime  | <present>       |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | connectorType   | <absent>        |
    And the station remembers "id" of the CSMS's request as "reservation_id"
    And the station reports the connector as Reserved
    # The driver does not come before expiryDateTime (the harness does not wait for it)
    When the station reports the connector as Available
    And the station sends ReservationStatusUpdate with
      | reservationId           | ${reservation_id} |
      | reservationUpdateStatus | Expired           |
    Then the CSMS answers

  @TC_H_08_CSMS @Reservation
  Scenario: Reserve an unspecified EVSE - Accepted
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | evseId | <absent> |
    Then the CSMS sends ReserveNow with
      | id              | <present>       |
      | expiryDateTime  | <present>       |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | <absent>        |
      | connectorType   | <absent>        |
    And the station remembers "id" of the CSMS's request as "reservation_id"

  @TC_H_14_CSMS @Reservation
  Scenario: Reserve an unspecified EVSE - Amount of EVSEs available equals the amount of reservations
    Given the station has booted
    # One reservation per EVSE: our station has one, so it reserves it
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | evseId | <absent> |
    Then the CSMS sends ReserveNow with
      | id              | <present>       |
      | expiryDateTime  | <present>       |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | <absent>        |
      | connectorType   | <absent>        |
    And the station remembers "id" of the CSMS's request as "reservation_id"
    And the station reports the connector as Reserved

  @TC_H_15_CSMS @Reservation
  Scenario: Reserve a connector with a specific type - Success
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | evseId        | <absent> |
      | connectorType | cType2   |
    Then the CSMS sends ReserveNow with
      | id              | <present>       |
      | expiryDateTime  | <present>       |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | <absent>        |
      | connectorType   | cType2          |
    And the station remembers "id" of the CSMS's request as "reservation_id"
    And the station reports the connector as Reserved

  @TC_H_17_CSMS @Reservation
  Scenario: Cancel reservation of an EVSE - Success
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | evseId | 1 |
    Then the CSMS sends ReserveNow with
      | id              | <present>       |
      | expiryDateTime  | <present>       |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | connectorType   | <absent>        |
    And the station remembers "id" of the CSMS's request as "reservation_id"
    And the station reports the connector as Reserved
    And the station will answer CancelReservation with
      | status | Accepted |
    When the CSMS is asked to send CancelReservation with
      | reservationId | ${reservation_id} |
    Then the CSMS sends CancelReservation with
      | reservationId | ${reservation_id} |
    And the station reports the connector as Available

  @TC_H_19_CSMS @Reservation
  Scenario: Reserve a specific EVSE - Use a reserved EVSE with GroupId
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | evseId               | 1               |
      | groupIdToken.idToken | ${group_id_tag} |
      | groupIdToken.type    | Central         |
    Then the CSMS sends ReserveNow with
      | id                   | <present>       |
      | expiryDateTime       | <present>       |
      | idToken.idToken      | ${valid_id_tag} |
      | idToken.type         | ISO14443        |
      | evseId               | 1               |
      | connectorType        | <absent>        |
      | groupIdToken.idToken | ${group_id_tag} |
    And the station remembers "id" of the CSMS's request as "reservation_id"
    And the station reports the connector as Reserved

  @TC_H_20_CSMS @Reservation
  Scenario: Charging Station cancels reservation when Faulted
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | evseId | 1 |
    Then the CSMS sends ReserveNow with
      | id              | <present>       |
      | expiryDateTime  | <present>       |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | connectorType   | <absent>        |
    And the station remembers "id" of the CSMS's request as "reservation_id"
    And the station reports the connector as Reserved
    # The EVSE becomes Faulted: the station removes the reservation
    When the station reports the connector as Faulted
    And the station sends ReservationStatusUpdate with
      | reservationId           | ${reservation_id} |
      | reservationUpdateStatus | Removed           |
    Then the CSMS answers

  @TC_H_22_CSMS @Reservation
  Scenario: Reserve a specific EVSE - Configured to Reject
    Given the station has booted
    # The station is configured to reject reservations
    And the station will answer ReserveNow with
      | status | Rejected |
    When the CSMS is asked to send ReserveNow with
      | evseId | 1 |
    Then the CSMS sends ReserveNow with
      | id              | <present>       |
      | expiryDateTime  | <present>       |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
      | evseId          | 1               |
      | connectorType   | <absent>        |
    And the station remembers "id" of the CSMS's request as "reservation_id"
