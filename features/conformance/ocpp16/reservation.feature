@ocpp16 @Reservation
Feature: OCPP 1.6 Reservation profile, the CSMS under test
  The CSMS reserves a connector or the whole Charge Point for an idTag, cancels
  reservations, and accepts the transaction that uses one (OCTT CSMS-side test cases,
  section 3.17). Our station answers each ReserveNow as the case needs.

  @TC_046_CSMS
  Scenario: Reservation of a Connector - Transaction
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | reservationId | 4601            |
    Then the CSMS sends ReserveNow with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | expiryDate    | <present>       |
      | reservationId | <present>       |
    And the station remembers "reservationId" of the CSMS's request as "reservation_id"
    When the station sends StatusNotification with
      | status | Reserved |
    Then the CSMS answers
    # Reusable state Charging, on the reservation
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction with
      | connectorId   | 1                 |
      | idTag         | ${valid_id_tag}   |
      | reservationId | ${reservation_id} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers

  @TC_047_CSMS
  Scenario: Reservation of a Connector - Expire
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+60s}      |
      | idTag         | ${valid_id_tag} |
      | reservationId | 4701            |
    Then the CSMS sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
      | expiryDate  | <present>       |
    When the station sends StatusNotification with
      | status | Reserved |
    Then the CSMS answers
    # The EV driver does not arrive before the expiry date (not waited for: the CSMS has
    # nothing to do meanwhile)
    When the station sends StatusNotification with
      | status | Available |
    Then the CSMS answers

  @TC_048_1_CSMS
  Scenario: Reservation of a Connector - Faulted
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Faulted |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | reservationId | 4811            |
    Then the CSMS sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |

  @TC_048_2_CSMS
  Scenario: Reservation of a Connector - Occupied
    Given the station has booted
    # EV driver plugs in the cable
    When the station sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    Then the CSMS answers
    Given the station will answer ReserveNow with
      | status | Occupied |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | reservationId | 4821            |
    Then the CSMS sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |

  @TC_048_3_CSMS
  Scenario: Reservation of a Connector - Unavailable
    Given the station has booted
    And the station will answer ChangeAvailability with
      | status | Accepted |
    When the CSMS is asked to send ChangeAvailability with
      | connectorId | 1           |
      | type        | Inoperative |
    Then the CSMS sends ChangeAvailability with
      | connectorId | 1           |
      | type        | Inoperative |
    When the station sends StatusNotification with
      | connectorId | 1           |
      | status      | Unavailable |
    Then the CSMS answers
    Given the station will answer ReserveNow with
      | status | Unavailable |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | reservationId | 4831            |
    Then the CSMS sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |

  @TC_048_4_CSMS
  Scenario: Reservation of a Connector - Rejected
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Rejected |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | reservationId | 4841            |
    Then the CSMS sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |

  @TC_049_CSMS
  Scenario: Reservation of a Charge Point - Transaction
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 0               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | reservationId | 4901            |
    Then the CSMS sends ReserveNow with
      | connectorId   | 0               |
      | idTag         | ${valid_id_tag} |
      | reservationId | <present>       |
    And the station remembers "reservationId" of the CSMS's request as "reservation_id"
    # The station has one connector: reserving the Charge Point reserves it
    When the station sends StatusNotification with
      | connectorId | 1        |
      | status      | Reserved |
    Then the CSMS answers
    # The idTag of the reservation charges on the Charge Point (the transaction of the title)
    When the station sends Authorize with
      | idTag | ${valid_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction with
      | connectorId   | 1                 |
      | idTag         | ${valid_id_tag}   |
      | reservationId | ${reservation_id} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers

  @TC_051_CSMS
  Scenario: Cancel Reservation
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | reservationId | 5101            |
    Then the CSMS sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the station remembers "reservationId" of the CSMS's request as "reservation_id"
    When the station sends StatusNotification with
      | status | Reserved |
    Then the CSMS answers
    Given the station will answer CancelReservation with
      | status | Accepted |
    When the CSMS is asked to send CancelReservation with
      | reservationId | ${reservation_id} |
    Then the CSMS sends CancelReservation with
      | reservationId | ${reservation_id} |
    When the station sends StatusNotification with
      | status | Available |
    Then the CSMS answers

  @TC_052_CSMS
  Scenario: Cancel Reservation - Rejected
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | reservationId | 5201            |
    Then the CSMS sends ReserveNow with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the station remembers "reservationId" of the CSMS's request as "reservation_id"
    When the station sends StatusNotification with
      | status | Reserved |
    Then the CSMS answers
    # The reservation is cancelled locally at the station: it knows the reservationId no more
    Given the station will answer CancelReservation with
      | status | Rejected |
    When the CSMS is asked to send CancelReservation with
      | reservationId | ${reservation_id} |
    Then the CSMS sends CancelReservation with
      | reservationId | ${reservation_id} |

  @TC_053_CSMS
  Scenario: Use a reserved Connector with parentIdTag
    Given the station has booted
    And the station will answer ReserveNow with
      | status | Accepted |
    When the CSMS is asked to send ReserveNow with
      | connectorId   | 1               |
      | expiryDate    | ${now+3600s}    |
      | idTag         | ${valid_id_tag} |
      | parentIdTag   | ${group_id_tag} |
      | reservationId | 5301            |
    Then the CSMS sends ReserveNow with
      | connectorId   | 1               |
      | idTag         | ${valid_id_tag} |
      | parentIdTag   | ${group_id_tag} |
      | reservationId | <present>       |
    And the station remembers "reservationId" of the CSMS's request as "reservation_id"
    When the station sends StatusNotification with
      | status | Reserved |
    Then the CSMS answers
    # The EV driver presents a different idTag with the same parentIdTag
    When the station sends Authorize with
      | idTag | ${child_id_tag} |
    Then the CSMS answers with
      | idTagInfo.status      | Accepted        |
      | idTagInfo.parentIdTag | ${group_id_tag} |
    When the station sends StatusNotification with
      | status | Preparing |
    Then the CSMS answers
    When the station sends StartTransaction with
      | connectorId   | 1                 |
      | idTag         | ${child_id_tag}   |
      | reservationId | ${reservation_id} |
    Then the CSMS answers with
      | idTagInfo.status | Accepted |
    When the station sends StatusNotification with
      | status | Charging |
    Then the CSMS answers
