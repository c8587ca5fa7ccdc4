@ocpp201
Feature: OCPP 2.0.1 C - Authorization, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block C ("OCPP
  2.0.1 Part 6 - Test Cases", edition 3): the status of valid, invalid, blocked and expired
  idTokens, the Authorization Cache, GroupId and the Master Pass. It uses EVSE 1, connector 1
  (and EVSE 2 where a case needs two transactions) and the plan's id tags; ${valid_id_tag2},
  ${masterpass_id_tag} and ${masterpass_group_id} have defaults (see the step module).
  Cases that leave a transaction running end it with the reusable state EVDisconnected, which
  the OCA case does not do: the next case starts without a transaction.
  Not here: the ISO 15118 contract certificate cases (TC_C_50, TC_C_51, TC_C_52).

  @TC_C_02_CSMS @Core
  Scenario: Local start transaction - Authorization Invalid/Unknown
    Given the station has booted
    When the station sends Authorize with
      | idToken.idToken | ${invalid_id_tag} |
      | idToken.type    | ISO14443          |
    Then the CSMS answers with
      | idTokenInfo.status | Invalid or Unknown |

  @TC_C_06_CSMS @Core
  Scenario: Local start transaction - Authorization Blocked
    Given the station has booted
    When the station sends Authorize with
      | idToken.idToken | ${blocked_id_tag} |
      | idToken.type    | ISO14443          |
    Then the CSMS answers with
      | idTokenInfo.status | Blocked or Invalid |

  @TC_C_07_CSMS @Core
  Scenario: Local start transaction - Authorization Expired
    Given the station has booted
    When the station sends Authorize with
      | idToken.idToken | ${expired_id_tag} |
      | idToken.type    | ISO14443          |
    Then the CSMS answers with
      | idTokenInfo.status | Expired or Invalid |

  @TC_C_08_CSMS @Core
  Scenario: Authorization through authorization cache - Accepted
    Given the station has booted
    # TxStartPoint contains ParkingBayOccupancy: the transaction started when the EV drove in
    And the station sends the next TransactionEvent with
      | eventType     | Started    |
      | triggerReason | EVDetected |
      | idToken       | <absent>   |
    And the CSMS answers
    # The idToken is Accepted in the station's Authorization Cache: no AuthorizeRequest
    When the station sends the next TransactionEvent with
      | eventType       | Updated         |
      | triggerReason   | Authorized      |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    And the station executes the reusable state EVDisconnected

  @TC_C_20_CSMS @Core
  Scenario: Authorization through authorization cache - Invalid
    Given the station has booted
    # TxStartPoint contains ParkingBayOccupancy: the transaction started when the EV drove in
    And the station sends the next TransactionEvent with
      | eventType     | Started    |
      | triggerReason | EVDetected |
      | idToken       | <absent>   |
    And the CSMS answers
    # The idToken is Accepted in the station's Authorization Cache, but no longer at the CSMS
    When the station sends the next TransactionEvent with
      | eventType       | Updated           |
      | triggerReason   | Authorized        |
      | idToken.idToken | ${invalid_id_tag} |
      | idToken.type    | ISO14443          |
    Then the CSMS answers with
      | idTokenInfo.status | Invalid or Unknown |
    # The station deauthorizes the transaction
    When the station sends the next TransactionEvent with
      | eventType                     | Ended        |
      | triggerReason                 | Deauthorized |
      | transactionInfo.stoppedReason | DeAuthorized |
      | idToken                       | <absent>     |
    Then the CSMS answers

  @TC_C_37_CSMS @Core
  Scenario: Clear Authorization Data in Authorization Cache - Accepted
    Given the station has booted
    And the station will answer ClearCache with
      | status | Accepted |
    # Manual action: request the CSMS to clear the station's Authorization Cache
    When the CSMS is asked to send ClearCache
    Then the CSMS sends ClearCache

  @TC_C_38_CSMS @Core
  Scenario: Clear Authorization Data in Authorization Cache - Rejected
    Given the station has booted
    And the station will answer ClearCache with
      | status | Rejected |
    # Manual action: request the CSMS to clear the station's Authorization Cache
    When the CSMS is asked to send ClearCache
    Then the CSMS sends ClearCache
    # The CSMS must take the Rejected answer: it still talks to the station
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |

  @TC_C_39_CSMS @Core
  Scenario: Authorization by GroupId - Success
    # Memory state: two valid idTokens with the same GroupId
    Given the CSMS knows the id token "${valid_id_tag}" of group "${group_id_tag}"
    And the CSMS knows the id token "${valid_id_tag2}" of group "${group_id_tag}"
    And the station is in the reusable state EVConnectedPreSession
    When the station sends Authorize with
      | idToken.idToken | ${valid_id_tag2} |
      | idToken.type    | ISO14443         |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |
    When the station sends the next TransactionEvent with
      | eventType       | Updated         |
      | triggerReason   | Authorized      |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |
    When the station executes the reusable state EnergyTransferStarted
    # The second idToken of the group stops the transaction
    And the station sends Authorize with
      | idToken.idToken | ${valid_id_tag2} |
      | idToken.type    | ISO14443         |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |
    When the station sends the next TransactionEvent with
      | eventType                     | Ended            |
      | triggerReason                 | StopAuthorized   |
      | transactionInfo.stoppedReason | Local            |
      | idToken.idToken               | ${valid_id_tag2} |
      | idToken.type                  | ISO14443         |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |

  @TC_C_40_CSMS @LocalAuthListManagement
  Scenario: Authorization by GroupId - Success with Local Authorization List
    # Memory state: two valid idTokens of the same GroupId, both on the station's Local
    # Authorization List
    Given the CSMS knows the id token "${valid_id_tag}" of group "${group_id_tag}"
    And the CSMS knows the id token "${valid_id_tag2}" of group "${group_id_tag}"
    And the station is in the reusable state EVConnectedPreSession
    # The idToken is on the Local Authorization List: no AuthorizeRequest
    When the station sends the next TransactionEvent with
      | eventType       | Updated         |
      | triggerReason   | Authorized      |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |
    When the station executes the reusable state EnergyTransferStarted
    # The second idToken of the group, also on the list, stops the transaction
    And the station sends the next TransactionEvent with
      | eventType                     | Ended            |
      | triggerReason                 | StopAuthorized   |
      | transactionInfo.stoppedReason | Local            |
      | idToken.idToken               | ${valid_id_tag2} |
      | idToken.type                  | ISO14443         |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |

  @TC_C_47_CSMS @Core
  Scenario: Stop Transaction with a Master Pass - With UI - All transactions
    # Memory state: an idToken with the MasterPassGroupId as its GroupId
    Given the CSMS knows the id token "${masterpass_id_tag}" of group "${masterpass_group_id}"
    And the CSMS knows the id token "${valid_id_tag2}" of group "${group_id_tag}"
    # Reusable state EnergyTransferStarted for EVSE 1 with ${valid_id_tag}
    And the station is in the reusable state EnergyTransferStarted
    # Reusable state EnergyTransferStarted for EVSE 2 with ${valid_id_tag2}
    And the station sends Authorize with
      | idToken.idToken | ${valid_id_tag2} |
      | idToken.type    | ISO14443         |
    And the CSMS answers with
      | idTokenInfo.status | Accepted |
    And the station sends StatusNotification with
      | evseId          | 2        |
      | connectorStatus | Occupied |
    And the CSMS answers
    And the station sends TransactionEvent with
      | eventType                     | Started              |
      | triggerReason                 | ChargingStateChanged |
      | seqNo                         | 0                    |
      | transactionInfo.transactionId | ${transaction_id}-2  |
      | transactionInfo.chargingState | Charging             |
      | idToken.idToken               | ${valid_id_tag2}     |
      | evse.id                       | 2                    |
    And the CSMS answers with
      | idTokenInfo.status | Accepted |
    When the station sends Authorize with
      | idToken.idToken | ${masterpass_id_tag} |
      | idToken.type    | ISO14443             |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted               |
      | idTokenInfo.groupIdToken.idToken | ${masterpass_group_id} |
    # The user selects to stop all transactions
    When the station sends the next TransactionEvent with
      | eventType                     | Ended                |
      | triggerReason                 | StopAuthorized       |
      | transactionInfo.stoppedReason | MasterPass           |
      | idToken.idToken               | ${masterpass_id_tag} |
      | idToken.type                  | ISO14443             |
    Then the CSMS answers
    When the station sends TransactionEvent with
      | eventType                     | Ended                |
      | triggerReason                 | StopAuthorized       |
      | seqNo                         | 1                    |
      | transactionInfo.transactionId | ${transaction_id}-2  |
      | transactionInfo.stoppedReason | MasterPass           |
      | idToken.idToken               | ${masterpass_id_tag} |
      | evse.id                       | 2                    |
    Then the CSMS answers

  @TC_C_48_CSMS @Core
  Scenario: Stop Transaction with a Master Pass - With UI - With UI - Specific transactions
    # Memory state: an idToken with the MasterPassGroupId as its GroupId
    Given the CSMS knows the id token "${masterpass_id_tag}" of group "${masterpass_group_id}"
    And the station is in the reusable state EnergyTransferStarted
    # The OCA document names the valid idToken in this AuthorizeRequest; the Master Pass is
    # what the driver presents (C16), and the valid idToken is busy in the transaction.
    When the station sends Authorize with
      | idToken.idToken | ${masterpass_id_tag} |
      | idToken.type    | ISO14443             |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted               |
      | idTokenInfo.groupIdToken.idToken | ${masterpass_group_id} |
    # The user selects to stop the transaction on EVSE 1
    When the station sends the next TransactionEvent with
      | eventType                     | Ended                |
      | triggerReason                 | StopAuthorized       |
      | transactionInfo.stoppedReason | MasterPass           |
      | idToken.idToken               | ${masterpass_id_tag} |
      | idToken.type                  | ISO14443             |
    Then the CSMS answers

  @TC_C_49_CSMS @Core
  Scenario: Stop Transaction with a Master Pass - Without UI
    # Memory state: an idToken with the MasterPassGroupId as its GroupId
    Given the CSMS knows the id token "${masterpass_id_tag}" of group "${masterpass_group_id}"
    And the CSMS knows the id token "${valid_id_tag2}" of group "${group_id_tag}"
    # Reusable state EnergyTransferStarted for EVSE 1 with ${valid_id_tag}
    And the station is in the reusable state EnergyTransferStarted
    # Reusable state EnergyTransferStarted for EVSE 2 with ${valid_id_tag2}
    And the station sends Authorize with
      | idToken.idToken | ${valid_id_tag2} |
      | idToken.type    | ISO14443         |
    And the CSMS answers with
      | idTokenInfo.status | Accepted |
    And the station sends StatusNotification with
      | evseId          | 2        |
      | connectorStatus | Occupied |
    And the CSMS answers
    And the station sends TransactionEvent with
      | eventType                     | Started              |
      | triggerReason                 | ChargingStateChanged |
      | seqNo                         | 0                    |
      | transactionInfo.transactionId | ${transaction_id}-2  |
      | transactionInfo.chargingState | Charging             |
      | idToken.idToken               | ${valid_id_tag2}     |
      | evse.id                       | 2                    |
    And the CSMS answers with
      | idTokenInfo.status | Accepted |
    When the station sends Authorize with
      | idToken.idToken | ${masterpass_id_tag} |
      | idToken.type    | ISO14443             |
    Then the CSMS answers with
      | idTokenInfo.status               | Accepted               |
      | idTokenInfo.groupIdToken.idToken | ${masterpass_group_id} |
    # Without a user interface the station stops every transaction
    When the station sends the next TransactionEvent with
      | eventType                     | Ended           |
      | triggerReason                 | StopAuthorized  |
      | transactionInfo.stoppedReason | MasterPass      |
      | idToken.idToken               | ${valid_id_tag} |
      | idToken.type                  | ISO14443        |
    Then the CSMS answers
    When the station sends TransactionEvent with
      | eventType                     | Ended               |
      | triggerReason                 | StopAuthorized      |
      | seqNo                         | 1                   |
      | transactionInfo.transactionId | ${transaction_id}-2 |
      | transactionInfo.stoppedReason | MasterPass          |
      | idToken.idToken               | ${valid_id_tag}     |
      | evse.id                       | 2                   |
    Then the CSMS answers
