@ocpp201
Feature: OCPP 2.0.1 E Transactions, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block E) on EVSE 1, connector 1, with the plan's idTokens. The cases for
  start and stop points the charger does not support (TxCtrlr.TxStartPoint and TxStopPoint
  list what it does) are left out of this plan.

  @TC_E_01_CS @Core
  Scenario: Start transaction options - PowerPathClosed
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.TxStartPoint | PowerPathClosed |
    When the operator is asked to plug in the cable with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorStatus | Occupied |
    # Cable in, not yet authorized: the power path is still open, no transaction.
    And the charger sends no TransactionEvent within 1 seconds
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    And the charger sends TransactionEvent with
      | eventType                     | Started                            |
      | triggerReason                 | Authorized or ChargingStateChanged |
      | transactionInfo.chargingState | Charging                           |
      | evse.id                       | 1                                  |
      | evse.connectorId              | 1                                  |
      | idToken.idToken               | ${valid_id_tag}                    |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_03_CS @Core
  Scenario: Local start transaction - Cable plugin first - Success
    Given the charger is connected
    When the operator is asked to plug in the cable with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | <present>       |
    And the charger sends TransactionEvent with
      | eventType                     | Started         |
      | transactionInfo.chargingState | Charging        |
      | evse.id                       | 1               |
      | idToken.idToken               | ${valid_id_tag} |
      | seqNo                         | 0               |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected

  @TC_E_04_CS @Core
  Scenario: Local start transaction - Authorization first - Success
    Given the charger is connected
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    # Authorized without a cable: the connector stays Available, no transaction yet.
    And the charger sends no StatusNotification within 1 seconds
    When the operator is asked to plug in the cable with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorStatus | Occupied |
    And the charger sends TransactionEvent with
      | eventType                     | Started         |
      | triggerReason                 | CablePluggedIn  |
      | transactionInfo.chargingState | Charging        |
      | evse.id                       | 1               |
      | idToken.idToken               | ${valid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected

  @TC_E_05_CS @Core
  Scenario: Local start transaction - Authorization first - Cable plugin timeout
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.EVConnectionTimeOut | 2 |
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
    # No cable within EVConnectionTimeOut: the authorization lapses, nothing starts.
    And the charger sends no TransactionEvent within 3 seconds
    When the operator is asked to plug in the cable with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1        |
      | connectorStatus | Occupied |
    And the charger sends no TransactionEvent within 1 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_06_CS @Core
  Scenario: Local Stop Transaction - Accepted
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # The idToken that started the transaction stops it without asking the CSMS.
    Then the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | StopAuthorized   |
      | transactionInfo.stoppedReason | Local            |
    When the charger is brought to the reusable state EVDisconnected
    Then the charger sends no TransactionEvent within 1 seconds

  @TC_E_07_CS @Core
  Scenario: Stop transaction options - PowerPathClosed - Local stop
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.TxStopPoint | PowerPathClosed |
    And the charger is in the reusable state EnergyTransferStarted
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_35_CS @Core
  Scenario: Stop transaction options - PowerPathClosed - Remote stop
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.TxStopPoint | PowerPathClosed |
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends RequestStopTransaction with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | RemoteStop       |
      | transactionInfo.stoppedReason | Remote           |
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_37_CS @Core
  Scenario: Stop transaction options - PowerPathClosed - EV side disconnect
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.TxStopPoint | PowerPathClosed |
    And the charger is in the reusable state EnergyTransferStarted
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    Then the charger sends TransactionEvent with
      | eventType                     | Ended               |
      | transactionInfo.transactionId | ${transactionId}    |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected      |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    And the test system restores the charger's configuration

  @TC_E_15_CS @Core
  Scenario: Stop transaction options - StopAuthorized - Local
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.TxStopPoint | Authorized |
    And the charger is in the reusable state EnergyTransferStarted
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_21_CS @Core
  Scenario: Stop transaction options - StopAuthorized - Remote
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.TxStopPoint | Authorized |
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends RequestStopTransaction with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | RemoteStop       |
      | transactionInfo.stoppedReason | Remote           |
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_16_CS @Core
  Scenario: Stop transaction options - Deauthorized - Invalid idToken
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.TxStopPoint       | Authorized |
      | TxCtrlr.StopTxOnInvalidId | true       |
    # The idToken is accepted by Authorize, then found invalid when the transaction starts.
    And the test system will answer TransactionEvent with
      | idTokenInfo.status | Invalid |
    When the operator is asked to plug in the cable with
      | evseId | 1 |
    And the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends Authorize
    And the charger sends TransactionEvent with
      | eventType       | Started         |
      | idToken.idToken | ${valid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | Deauthorized     |
      | transactionInfo.stoppedReason | DeAuthorized     |
    Given the test system answers TransactionEvent as usual again
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_17_CS @Core
  Scenario: Stop transaction options - Deauthorized - EV side disconnect
    Given the charger is connected
    And the test system configures the charger with
      | TxCtrlr.TxStopPoint | Authorized |
    And the charger's variable "TxCtrlr.StopTxOnEVSideDisconnect" is "true"
    And the charger is in the reusable state EnergyTransferStarted
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    Then the charger sends TransactionEvent with
      | eventType                     | Ended               |
      | transactionInfo.transactionId | ${transactionId}    |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected      |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    And the test system restores the charger's configuration

  @TC_E_24_CS @Core
  Scenario: Disconnect cable on EV-side - Deauthorize transaction - UnlockOnEVSideDisconnect is true
    Given the charger is connected
    And the test system configures the charger with
      | OCPPCommCtrlr.UnlockOnEVSideDisconnect | true |
    And the charger's variable "TxCtrlr.StopTxOnEVSideDisconnect" is "true"
    And the charger is in the reusable state EnergyTransferStarted
    # Our simulator's cable comes out of the EV and the (unlocked) connector at once.
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    Then the charger sends TransactionEvent with
      | eventType                     | Ended               |
      | transactionInfo.transactionId | ${transactionId}    |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected      |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    And the test system restores the charger's configuration

  @TC_E_28_CS @Core
  Scenario: Check Transaction status - TransactionId unknown
    Given the charger is connected
    When the test system sends GetTransactionStatus with
      | transactionId | OCTT-UNKNOWN-TX |
    Then the charger answers with
      | messagesInQueue  | false |
      | ongoingIndicator | false |

  @TC_E_29_CS @Core
  Scenario: Check Transaction status - Transaction with id ongoing - with message in queue
    Given the charger is connected
    And the test system configures the charger with
      | OCPPCommCtrlr.MessageAttempts[TransactionEvent]        | 3 |
      | OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] | 2 |
    And the charger is in the reusable state EnergyTransferStarted
    # The OCA tool leaves a TransactionEventRequest unanswered; our test system fails it
    # with a CALLERROR, so the charger keeps it queued to retry.
    And the test system will answer TransactionEvent with a CALLERROR "InternalError"
    When the test system sends TriggerMessage with
      | requestedMessage | TransactionEvent |
      | evse.id          | 1                |
    Then the charger answers with
      | status | Accepted |
    And the charger sends TransactionEvent with
      | eventType     | Updated |
      | triggerReason | Trigger |
    When the test system sends GetTransactionStatus with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | messagesInQueue  | true |
      | ongoingIndicator | true |
    Given the test system answers TransactionEvent as usual again
    Then the charger sends TransactionEvent with
      | eventType     | Updated |
      | triggerReason | Trigger |
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_30_CS @Core
  Scenario: Check Transaction status - Transaction with id ongoing - without message in queue
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends GetTransactionStatus with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | messagesInQueue  | false |
      | ongoingIndicator | true  |
    When the charger is brought to the reusable state EVDisconnected

  @TC_E_31_CS @Core
  Scenario: Check Transaction status - Transaction with id ended - with message in queue
    Given the charger is connected
    And the test system configures the charger with
      | OCPPCommCtrlr.MessageAttempts[TransactionEvent]        | 3 |
      | OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] | 2 |
    And the charger is in the reusable state EnergyTransferStarted
    # The OCA tool leaves the last TransactionEventRequest unanswered; our test system fails
    # it with a CALLERROR, so the charger keeps it queued to retry.
    And the test system will answer TransactionEvent with a CALLERROR "InternalError"
    When the charger is brought to the reusable state StopAuthorized
    And the test system sends GetTransactionStatus with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | messagesInQueue  | true  |
      | ongoingIndicator | false |
    Given the test system answers TransactionEvent as usual again
    Then the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_32_CS @Core
  Scenario: Check Transaction status - Transaction with id ended - without message in queue
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the charger is brought to the reusable state StopAuthorized
    And the charger is brought to the reusable state EVDisconnected
    And the test system sends GetTransactionStatus with
      | transactionId | ${transactionId} |
    Then the charger answers with
      | messagesInQueue  | false |
      | ongoingIndicator | false |

  @TC_E_33_CS @Core
  Scenario: Check Transaction status - Without transactionId - with message in queue
    Given the charger is connected
    And the test system configures the charger with
      | OCPPCommCtrlr.MessageAttempts[TransactionEvent]        | 3 |
      | OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] | 2 |
    And the charger is in the reusable state EnergyTransferStarted
    # See TC_E_31_CS: a CALLERROR keeps the message queued.
    And the test system will answer TransactionEvent with a CALLERROR "InternalError"
    When the charger is brought to the reusable state StopAuthorized
    And the test system sends GetTransactionStatus
    Then the charger answers with
      | messagesInQueue  | true     |
      | ongoingIndicator | <absent> |
    Given the test system answers TransactionEvent as usual again
    Then the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_34_CS @Core
  Scenario: Check Transaction status - Without transactionId - without message in queue
    Given the charger is connected
    When the test system sends GetTransactionStatus
    Then the charger answers with
      | messagesInQueue  | false    |
      | ongoingIndicator | <absent> |

  @TC_E_40_CS @Core
  Scenario: Offline Behaviour - Connection loss during transaction
    Given the charger is connected
    And the test system configures the charger with
      | SampledDataCtrlr.TxUpdatedInterval | 1 |
    And the charger is in the reusable state EnergyTransferStarted
    When the operator is asked to go offline with
      | seconds | 3 |
    Then the charger reconnects
    # What happened offline is delivered after the reconnect, marked offline.
    And the charger sends TransactionEvent with
      | eventType                     | Updated            |
      | transactionInfo.transactionId | ${transactionId}   |
      | triggerReason                 | MeterValuePeriodic |
      | offline                       | true               |
    And the charger sends no BootNotification within 1 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_50_CS @Core
  Scenario: Retry sending transaction message when failed - Max retry count reached - CallError
    Given the charger is connected
    And the test system configures the charger with
      | OCPPCommCtrlr.MessageAttempts[TransactionEvent]        | 3 |
      | OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] | 1 |
    And the charger is in the reusable state EnergyTransferStarted
    And the test system will answer TransactionEvent with a CALLERROR "InternalError"
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    # Sent MessageAttempts times, the waits growing by MessageAttemptInterval, then given up.
    Then the charger sends 3 TransactionEvent messages with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
    And the charger sends no further TransactionEvent within 3 seconds
    Given the test system answers TransactionEvent as usual again
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_51_CS @Core
  Scenario: Retry sending transaction message when failed - Success before reaching the max retry count - CallError
    Given the charger is connected
    And the test system configures the charger with
      | OCPPCommCtrlr.MessageAttempts[TransactionEvent]        | 3 |
      | OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] | 1 |
    And the charger is in the reusable state EnergyTransferStarted
    And the test system will answer TransactionEvent with a CALLERROR "InternalError"
    When the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    Then the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
    Given the test system answers TransactionEvent as usual again
    Then the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
    And the charger sends no further TransactionEvent within 3 seconds
    When the charger is brought to the reusable state EVDisconnected
    Then the test system restores the charger's configuration

  @TC_E_43_CS @Core
  Scenario: Offline Behaviour - Transaction during offline period
    Given the charger is connected
    And the test system configures the charger with
      | AuthCtrlr.OfflineTxForUnknownIdEnabled | true |
    When the operator is asked to go offline with
      | seconds | 4 |
    And the operator is asked to plug in the cable with
      | evseId | 1 |
    And the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    And 1 second passes
    And the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    And the operator is asked to unplug the cable with
      | evseId | 1 |
    Then the charger reconnects
    And the charger sends TransactionEvent with
      | eventType       | Started         |
      | offline         | true            |
      | idToken.idToken | ${valid_id_tag} |
    And the test system remembers "transactionInfo.transactionId" of the charger's request as "transactionId"
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | offline                       | true             |
    And the test system restores the charger's configuration

  @TC_E_44_CS @Core
  Scenario: Offline Behaviour - Stop transaction during offline period
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the operator is asked to go offline with
      | seconds | 2 |
    And the operator is asked to present the card with
      | evseId  | 1               |
      | idToken | ${valid_id_tag} |
    And the operator is asked to unplug the cable with
      | evseId | 1 |
    Then the charger reconnects
    And the charger sends TransactionEvent with
      | eventType                     | Ended            |
      | transactionInfo.transactionId | ${transactionId} |
      | triggerReason                 | StopAuthorized   |
      | transactionInfo.stoppedReason | Local            |
      | offline                       | true             |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
