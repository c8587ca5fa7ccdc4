@ocpp201
Feature: OCPP 2.0.1 C Authorization, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block C) on EVSE 1. ${invalid_id_tag}, ${blocked_id_tag} and
  ${expired_id_tag} are answered Invalid, Blocked and Expired; a second card of the driver
  is ${valid_id_tag}-B. The memory state IdTokenCached ("the charger has ... in its
  authorization cache") clears the cache first.

  @TC_C_02_CS @Core
  Scenario: Local start transaction - Authorization Invalid/Unknown
    Given the charger is connected
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${invalid_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${invalid_id_tag} |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected

  @TC_C_06_CS @Core
  Scenario: Local start transaction - Authorization Blocked
    Given the charger is connected
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${blocked_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${blocked_id_tag} |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected

  @TC_C_07_CS @Core
  Scenario: Local start transaction - Authorization Expired
    Given the charger is connected
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${expired_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${expired_id_tag} |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected

  @TC_C_56_CS @Core
  Scenario: Local start transaction - Authorization Unknown
    Given the charger is connected
    And the test system will answer Authorize with
      | idTokenInfo.status | Unknown |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${invalid_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${invalid_id_tag} |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected

  @TC_C_04_CS @Core
  Scenario: Local Stop Transaction - Different idToken
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    # Another card, of no common group: the transaction goes on.
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${valid_id_tag}-B |
    Then the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected

  @TC_C_08_CS @Core
  Scenario: Authorization through authorization cache - Accepted
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # Accepted in the cache: the transaction starts without asking.
    Then the charger sends TransactionEvent with
      | eventType       | Started         |
      | idToken.idToken | ${valid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    And the charger sends no Authorize within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_09_CS @Core
  Scenario: Authorization through authorization cache - Invalid & Not Accepted
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${invalid_id_tag}" in its authorization cache as Invalid
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${invalid_id_tag} |
    # Not Accepted in the cache: the charger asks, and the answer is still Invalid.
    Then the charger sends Authorize with
      | idToken.idToken | ${invalid_id_tag} |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_10_CS @Core
  Scenario: Authorization through authorization cache - Blocked
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${blocked_id_tag}" in its authorization cache as Blocked
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${blocked_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${blocked_id_tag} |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_11_CS @Core
  Scenario: Authorization through authorization cache - Expired
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${expired_id_tag}" in its authorization cache as Expired
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${expired_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${expired_id_tag} |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_12_CS @Core
  Scenario: Authorization through authorization cache - Invalid & Accepted
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${valid_id_tag}" in its authorization cache as Invalid
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # Invalid in the cache, but the CSMS now accepts it.
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    And the charger sends TransactionEvent with
      | eventType       | Started         |
      | idToken.idToken | ${valid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_13_CS @Core
  Scenario: Authorization through authorization cache - Accepted but cable not connected yet.
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends no Authorize within 1 seconds
    When the operator is asked to plug in the cable with
      | evseId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorStatus | Occupied |
    And the charger sends TransactionEvent with
      | eventType       | Started         |
      | idToken.idToken | ${valid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_16_CS @Core
  Scenario: Authorization through authorization cache - StopTxOnInvalidId = true
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
      | TxCtrlr.StopTxOnInvalidId   | true  |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    And the test system will answer TransactionEvent with
      | idTokenInfo.status | Invalid |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends TransactionEvent with
      | eventType       | Started         |
      | idToken.idToken | ${valid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    # Started from the cache, then found invalid: the transaction is stopped.
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | Deauthorized     |
      | transactionInfo.stoppedReason | DeAuthorized     |
    Given the test system answers TransactionEvent as usual again
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_32_CS @Core
  Scenario: Store Authorization Data in the Authorization Cache - Persistent over reboot
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    Given the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # Still in the cache after the reboot: no AuthorizeRequest.
    Then the charger sends TransactionEvent with
      | eventType       | Started         |
      | idToken.idToken | ${valid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    And the charger sends no Authorize within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_33_CS @Core
  Scenario: Store Authorization Data in the Authorization Cache - Update on AuthorizeResponse
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    # The next AuthorizeResponse blocks the idToken: the cache entry follows it.
    And the test system will answer Authorize with
      | idTokenInfo.status | Blocked |
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    Given the test system answers Authorize as usual again
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # Blocked in the cache now: the charger asks again instead of starting at once.
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    And the charger sends TransactionEvent with
      | eventType | Started |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_34_CS @Core
  Scenario: Store Authorization Data in the Authorization Cache - Update on TransactionResponse
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
      | TxCtrlr.StopTxOnInvalidId   | true  |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    # The TransactionEventResponse blocks the idToken: the cache entry follows it.
    And the test system will answer TransactionEvent with
      | idTokenInfo.status | Blocked |
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends TransactionEvent with
      | eventType | Started |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
    Given the test system answers TransactionEvent as usual again
    When the charger is brought to the reusable state EVDisconnected
    And the charger is brought to the reusable state EVConnectedPreSession
    And the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    And the charger sends TransactionEvent with
      | eventType | Started |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_36_CS @Core
  Scenario: Store Authorization Data in the Authorization Cache - AuthCacheCtrlr.LocalPreAuthorize = false
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # Cached, but LocalPreAuthorize is false: the charger asks first.
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    And the charger sends TransactionEvent with
      | eventType | Started |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_37_CS @Core
  Scenario: Clear Authorization Data in Authorization Cache - Accepted
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    When the test system sends ClearCache
    Then the charger answers with
      | status | Accepted |
    Given the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # The cache is empty: the charger asks.
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    And the charger sends TransactionEvent with
      | eventType | Started |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_38_CS @Core
  Scenario: Clear Authorization Data in Authorization Cache - Rejected
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled | false |
    When the test system sends ClearCache
    Then the charger answers with
      | status | Rejected |
    And the test system restores the charger's configuration

  @TC_C_46_CS @Core
  Scenario: Store Authorization Data in the Authorization Cache - AuthCacheLifeTime
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCacheCtrlr.LifeTime     | 2     |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    When 3 seconds pass
    And the charger is brought to the reusable state EVConnectedPreSession
    And the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # Older than AuthCacheCtrlr.LifeTime: the entry is gone, the charger asks.
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    And the charger sends TransactionEvent with
      | eventType | Started |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_39_CS @Core
  Scenario: Authorization by GroupId - Success
    Given the charger is connected
    And the test system will answer Authorize with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |
      | idTokenInfo.groupIdToken.type    | Central         |
    And the charger is in the reusable state EnergyTransferStarted
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${valid_id_tag}-B |
    # Another card of the same group stops the transaction.
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag}-B |
    And the charger sends TransactionEvent with
      | eventType                     | Ended             |
      | transactionInfo.transactionId | ${transactionId}  |
      | triggerReason                 | StopAuthorized    |
      | idToken.idToken               | ${valid_id_tag}-B |
    When the charger is brought to the reusable state EVDisconnected

  @TC_C_41_CS @Core
  Scenario: Authorization by GroupId - Success with Authorization Cache
    Given the charger is connected
    And the test system configures the charger with
      | AuthCacheCtrlr.Enabled      | true  |
      | AuthCtrlr.LocalPreAuthorize | false |
    And the test system will answer Authorize with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |
      | idTokenInfo.groupIdToken.type    | Central         |
    And the charger has "${valid_id_tag}-B" in its authorization cache as Accepted
    And the charger is in the reusable state EnergyTransferStarted
    And the test system configures the charger with
      | AuthCtrlr.LocalPreAuthorize | true |
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${valid_id_tag}-B |
    # The other card and its group come from the cache: no AuthorizeRequest.
    Then the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | StopAuthorized   |
    And the charger sends no Authorize within 1 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_C_42_CS @Core
  Scenario: Authorization by GroupId - Not stopped by GroupId
    Given the charger is connected
    And the test system will answer Authorize with
      | idTokenInfo.status               | Accepted        |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag} |
      | idTokenInfo.groupIdToken.type    | Central         |
    And the charger is in the reusable state EnergyTransferStarted
    Given the test system will answer Authorize with
      | idTokenInfo.status               | Accepted          |
      | idTokenInfo.groupIdToken.idToken | ${group_id_tag}-X |
      | idTokenInfo.groupIdToken.type    | Central           |
    When the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${valid_id_tag}-B |
    # A card of another group does not stop the transaction.
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag}-B |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected

  @TC_C_26_CS @Core
  Scenario: Offline Authorization - Unknown Id
    Given the charger is connected
    And the test system configures the charger with
      | AuthCtrlr.OfflineTxForUnknownIdEnabled | true |
      | TxCtrlr.StopTxOnInvalidId              | true |
    When the test system sends ClearCache
    Then the charger answers with
      | status | Accepted |
    When the operator is asked to go offline with
      | seconds | 2 |
    And the operator is asked to plug in the cable with
      | evseId | 1 |
    And the operator is asked to present the card with
      | evseId  | 1                 |
      | idToken | ${invalid_id_tag} |
    # Offline, an unknown idToken may start a transaction; back online, the CSMS says it
    # is invalid and the transaction stops.
    Given the test system will answer TransactionEvent with
      | idTokenInfo.status | Invalid |
    Then the charger reconnects
    And the charger sends TransactionEvent with
      | eventType       | Started           |
      | offline         | true              |
      | idToken.idToken | ${invalid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | Deauthorized     |
    Given the test system answers TransactionEvent as usual again
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration
