@ocpp201
Feature: OCPP 2.0.1 E - Transactions, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block E ("OCPP
  2.0.1 Part 6 - Test Cases", edition 3): the start and stop points of a transaction, the
  order of plug-in and authorization, cable disconnects and GetTransactionStatus. It uses
  EVSE 1, connector 1, ${valid_id_tag} and the case's transaction (${transaction_id}).
  "Reusable state" steps play the OCA reusable states; EnergyTransferSuspended is spelled out
  (EnergyTransferStarted, then the EV suspends). Cases that leave a transaction running end
  it with the reusable state EVDisconnected, which the OCA case does not do: the next case
  starts without a transaction.

  @TC_E_01_CSMS @Core
  Scenario: Start transaction options - PowerPathClosed
    Given the station has booted
    When the station sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    When the station reports the connector as Occupied
    # The power path closes: the transaction starts, the EV does not take energy yet
    And the station sends the next TransactionEvent with
      | eventType                     | Started              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |
      | idToken.idToken               | ${valid_id_tag}      |
      | idToken.type                  | ISO14443             |
      | evse.id                       | 1                    |
      | evse.connectorId              | 1                    |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    When the station executes the reusable state EnergyTransferStarted
    And the station executes the reusable state EVDisconnected

  @TC_E_02_CSMS @Core
  Scenario: Start transaction options - EnergyTransfer
    Given the station has booted
    When the station sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    When the station reports the connector as Occupied
    And the station sends the next TransactionEvent with
      | eventType                     | Started              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |
      | idToken.idToken               | ${valid_id_tag}      |
      | idToken.type                  | ISO14443             |
      | evse.id                       | 1                    |
      | evse.connectorId              | 1                    |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    And the station executes the reusable state EVDisconnected

  @TC_E_03_CSMS @Core
  Scenario: Local start transaction - Cable plugin first - Success
    Given the station is in the reusable state EVConnectedPreSession
    When the station executes the reusable state Authorized
    And the station executes the reusable state EnergyTransferStarted
    And the station executes the reusable state EVDisconnected

  @TC_E_04_CSMS @Core
  Scenario: Local start transaction - Authorization first - Success
    Given the station has booted
    When the station executes the reusable state Authorized
    And the station executes the reusable state EnergyTransferStarted
    And the station executes the reusable state EVDisconnected

  @TC_E_39_CSMS @Core
  Scenario: Stop transaction options - Deauthorized - timeout
    Given the station is in the reusable state Authorized
    # The EV is not plugged in within EVConnectionTimeOut
    When the station sends the next TransactionEvent with
      | eventType                     | Ended            |
      | triggerReason                 | EVConnectTimeout |
      | transactionInfo.stoppedReason | Timeout          |
      | idToken                       | <absent>         |
    Then the CSMS answers

  @TC_E_14_CSMS @Core
  Scenario: Stop transaction options - EVDisconnected - Charging Station side
    Given the station is in the reusable state EVConnectedPostSession
    When the station executes the reusable state EVDisconnected

  @TC_E_20_CSMS @Core
  Scenario: Stop transaction options - EVDisconnected - EV side (able to charge IEC 61851-1 EV)
    # Reusable state EnergyTransferSuspended
    Given the station is in the reusable state EnergyTransferStarted
    And the station sends the next TransactionEvent with
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |
      | idToken                       | <absent>             |
    And the CSMS answers
    When the station executes the reusable state EVDisconnected

  @TC_E_15_CSMS @Core
  Scenario: Stop transaction options - StopAuthorized - Local
    Given the station is in the reusable state EnergyTransferStarted
    # TxStopPoint Authorized: the driver's idToken ends the transaction
    When the station executes the reusable state StopAuthorized with
      | eventType                     | Ended           |
      | transactionInfo.stoppedReason | Local           |
      | idToken.idToken               | ${valid_id_tag} |
      | idToken.type                  | ISO14443        |

  @TC_E_21_CSMS @Core
  Scenario: Stop transaction options - StopAuthorized - Remote
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer RequestStopTransaction with
      | status | Accepted |
    # Manual action: request the CSMS to stop the ongoing transaction
    When the CSMS is asked to send RequestStopTransaction with
      | transactionId | ${transaction_id} |
    Then the CSMS sends RequestStopTransaction with
      | transactionId | ${transaction_id} |
    When the station sends the next TransactionEvent with
      | eventType                     | Ended      |
      | triggerReason                 | RemoteStop |
      | transactionInfo.stoppedReason | Remote     |
      | idToken                       | <absent>   |
    Then the CSMS answers

  @TC_E_09_CSMS @Core
  Scenario: Start transaction options - EVConnected
    Given the station has booted
    When the station reports the connector as Occupied
    And the station sends the next TransactionEvent with
      | eventType                     | Started        |
      | triggerReason                 | CablePluggedIn |
      | evse.id                       | 1              |
      | evse.connectorId              | 1              |
      | transactionInfo.chargingState | EVConnected    |
      | idToken                       | <absent>       |
    Then the CSMS answers
    And the station executes the reusable state EVDisconnected

  @TC_E_10_CSMS @Core
  Scenario: Start transaction options - Authorized - Local
    Given the station has booted
    # TxStartPoint Authorized: the transaction starts when the driver is authorized
    When the station executes the reusable state Authorized
    And the station executes the reusable state EVDisconnected

  @TC_E_11_CSMS @Core
  Scenario: Start transaction options - DataSigned
    Given the station has booted
    When the station sends Authorize with
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    When the station reports the connector as Occupied
    # The meter signed the start value: the transaction starts
    And the station sends the next TransactionEvent with
      | eventType                                                    | Started                       |
      | triggerReason                                                | SignedDataReceived            |
      | transactionInfo.chargingState                                | EVConnected                   |
      | idToken.idToken                                              | ${valid_id_tag}               |
      | idToken.type                                                 | ISO14443                      |
      | meterValue.0.timestamp                                       | ${now}                        |
      | meterValue.0.sampledValue.0.value                            | 1000                          |
      | meterValue.0.sampledValue.0.context                          | Transaction.Begin             |
      | meterValue.0.sampledValue.0.measurand                        | Energy.Active.Import.Register |
      | meterValue.0.sampledValue.0.unitOfMeasure.unit               | Wh                            |
      | meterValue.0.sampledValue.0.signedMeterValue.signedMeterData | RVZILUNPTkYtU0lHTkVELTEwMDA=  |
      | meterValue.0.sampledValue.0.signedMeterValue.signingMethod   | ECDSA-secp256r1-SHA256        |
      | meterValue.0.sampledValue.0.signedMeterValue.encodingMethod  | OCMF                          |
      | meterValue.0.sampledValue.0.signedMeterValue.publicKey       | RVZILUNPTkYtUFVCTElDLUtFWQ==  |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
    And the station executes the reusable state EVDisconnected

  @TC_E_12_CSMS @Core
  Scenario: Start transaction options - ParkingBayOccupied
    Given the station has booted
    When the station sends the next TransactionEvent with
      | eventType     | Started    |
      | triggerReason | EVDetected |
      | idToken       | <absent>   |
    Then the CSMS answers
    # Not in the OCA case: the EV leaves the parking bay again (reusable state
    # ParkingBayUnoccupied), so the next case starts without a transaction
    When the station sends the next TransactionEvent with
      | eventType                     | Ended      |
      | triggerReason                 | EVDeparted |
      | transactionInfo.stoppedReason | Local      |
      | idToken                       | <absent>   |
    Then the CSMS answers

  @TC_E_38_CSMS @Core
  Scenario: Local start transaction - EV not ready
    Given the station is in the reusable state Authorized
    When the station executes the reusable state EVConnectedPreSession
    And the station sends the next TransactionEvent with
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |
      | idToken                       | <absent>             |
    Then the CSMS answers
    And the station executes the reusable state EVDisconnected

  @TC_E_07_CSMS @Core
  Scenario: Stop transaction options - PowerPathClosed - Local stop
    Given the station is in the reusable state EnergyTransferStarted
    When the station sends the next TransactionEvent with
      | eventType                     | Ended           |
      | triggerReason                 | StopAuthorized  |
      | transactionInfo.stoppedReason | Local           |
      | idToken.idToken               | ${valid_id_tag} |
      | idToken.type                  | ISO14443        |
    Then the CSMS answers

  @TC_E_08_CSMS @Core
  Scenario: Stop transaction options - EnergyTransfer stopped - StopAuthorized
    Given the station is in the reusable state StopAuthorized
    When the station sends the next TransactionEvent with
      | eventType                     | Ended                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | EVConnected          |
      | transactionInfo.stoppedReason | Local                |
      | idToken                       | <absent>             |
    Then the CSMS answers

  @TC_E_16_CSMS @Core
  Scenario: Stop transaction options - Deauthorized - Invalid idToken
    Given the station has booted
    When the station sends the next TransactionEvent with
      | eventType       | Started           |
      | triggerReason   | Authorized        |
      | idToken.idToken | ${invalid_id_tag} |
      | idToken.type    | ISO14443          |
    Then the CSMS answers with
      | idTokenInfo.status | Invalid or Unknown |
    When the station sends the next TransactionEvent with
      | eventType                     | Ended        |
      | triggerReason                 | Deauthorized |
      | transactionInfo.stoppedReason | DeAuthorized |
      | idToken                       | <absent>     |
    Then the CSMS answers

  @TC_E_17_CSMS @Core
  Scenario: Stop transaction options - Deauthorized - EV side disconnect
    # Reusable state EnergyTransferSuspended
    Given the station is in the reusable state EnergyTransferStarted
    And the station sends the next TransactionEvent with
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |
      | idToken                       | <absent>             |
    And the CSMS answers
    When the station sends the next TransactionEvent with
      | eventType                     | Ended               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | idToken                       | <absent>            |
    Then the CSMS answers

  @TC_E_22_CSMS @Core
  Scenario: Stop transaction options - EnergyTransfer stopped - SuspendedEV
    Given the station is in the reusable state EnergyTransferStarted
    # TxStopPoint EnergyTransfer: the EV stops taking energy, the transaction ends
    When the station sends the next TransactionEvent with
      | eventType                     | Ended                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |
      | transactionInfo.stoppedReason | StoppedByEV          |
      | idToken                       | <absent>             |
    Then the CSMS answers

  @TC_E_19_CSMS @Core
  Scenario: Stop transaction options - ParkingBayUnoccupied
    # Reusable state EVDisconnected with TxStopPoint ParkingBayOccupancy: the transaction goes
    # on after the cable is unplugged
    Given the station is in the reusable state EnergyTransferStarted
    And the station is in the reusable state EVDisconnected with
      | eventType                     | Updated  |
      | transactionInfo.stoppedReason | <absent> |
    When the station sends the next TransactionEvent with
      | eventType                     | Ended      |
      | triggerReason                 | EVDeparted |
      | transactionInfo.stoppedReason | Local      |
      | idToken                       | <absent>   |
    Then the CSMS answers

  @TC_E_26_CSMS @Core
  Scenario: Disconnect cable on EV-side - Suspend transaction
    # Reusable state EnergyTransferSuspended
    Given the station is in the reusable state EnergyTransferStarted
    And the station sends the next TransactionEvent with
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |
      | idToken                       | <absent>             |
    And the CSMS answers
    When the station sends the next TransactionEvent with
      | eventType                     | Updated             |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
      | idToken                       | <absent>            |
    Then the CSMS answers
    When the station reports the connector as Available
    # The driver plugs the EV in again and the energy transfer restarts
    And the station reports the connector as Occupied
    And the station sends the next TransactionEvent with
      | eventType                     | Updated        |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
      | idToken                       | <absent>       |
    Then the CSMS answers
    When the station sends the next TransactionEvent with
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |
      | idToken                       | <absent>             |
    Then the CSMS answers
    And the station executes the reusable state EVDisconnected

  @TC_E_29_CSMS @Core
  Scenario: Check Transaction status - Transaction with id ongoing - with message in queue
    Given the station is in the reusable state EnergyTransferStarted
    # The connection drops for a while; the station queues what it meters meanwhile
    When the station disconnects
    And the station reconnects
    And the station will answer GetTransactionStatus with
      | ongoingIndicator | true |
      | messagesInQueue  | true |
    # Manual action: request the CSMS to ask the status of the transaction
    And the CSMS is asked to send GetTransactionStatus with
      | transactionId | ${transaction_id} |
    Then the CSMS sends GetTransactionStatus with
      | transactionId | ${transaction_id} |
    When the station sends the next TransactionEvent with
      | eventType                             | Updated                       |
      | triggerReason                         | MeterValuePeriodic            |
      | offline                               | true                          |
      | idToken                               | <absent>                      |
      | meterValue.0.timestamp                | ${now-60s}                    |
      | meterValue.0.sampledValue.0.value     | 1500                          |
      | meterValue.0.sampledValue.0.context   | Sample.Periodic               |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
    Then the CSMS answers
    And the station executes the reusable state EVDisconnected

  @TC_E_30_CSMS @Core
  Scenario: Check Transaction status - Transaction with id ongoing - without message in queue
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer GetTransactionStatus with
      | ongoingIndicator | true  |
      | messagesInQueue  | false |
    # Manual action: request the CSMS to ask the status of the transaction
    When the CSMS is asked to send GetTransactionStatus with
      | transactionId | ${transaction_id} |
    Then the CSMS sends GetTransactionStatus with
      | transactionId | ${transaction_id} |
    And the station executes the reusable state EVDisconnected

  @TC_E_31_CSMS @Core
  Scenario: Check Transaction status - Transaction with id ended - with message in queue
    Given the station is in the reusable state EnergyTransferStarted
    # The connection drops; offline, the driver stops and unplugs. Back online, the station
    # reports the connector and sends the Ended event while the others are still queued.
    When the station disconnects
    And the station reconnects
    And the station reports the connector as Available
    And the station sends TransactionEvent with
      | eventType                     | Ended               |
      | triggerReason                 | EVCommunicationLost |
      | seqNo                         | 5                   |
      | offline                       | true                |
      | transactionInfo.chargingState | Idle                |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | idToken                       | <absent>            |
    Then the CSMS answers
    And the station will answer GetTransactionStatus with
      | ongoingIndicator | false |
      | messagesInQueue  | true  |
    # Manual action: request the CSMS to ask the status of the transaction
    When the CSMS is asked to send GetTransactionStatus with
      | transactionId | ${transaction_id} |
    Then the CSMS sends GetTransactionStatus with
      | transactionId | ${transaction_id} |
    When the station sends TransactionEvent with
      | eventType                     | Updated         |
      | triggerReason                 | StopAuthorized  |
      | seqNo                         | 3               |
      | offline                       | true            |
      | transactionInfo.chargingState | EVConnected     |
      | idToken.idToken               | ${valid_id_tag} |
    Then the CSMS answers
    When the station sends TransactionEvent with
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | seqNo                         | 4                    |
      | offline                       | true                 |
      | transactionInfo.chargingState | EVConnected          |
      | idToken                       | <absent>             |
    Then the CSMS answers

  @TC_E_33_CSMS @Core
  Scenario: Check Transaction status - Without transactionId - with message in queue
    Given the station is in the reusable state EnergyTransferStarted
    # The connection drops for a while; the station queues what it meters meanwhile
    When the station disconnects
    And the station reconnects
    And the station will answer GetTransactionStatus with
      | messagesInQueue | true |
    # Manual action: request the CSMS to ask whether the station has queued messages
    And the CSMS is asked to send GetTransactionStatus
    Then the CSMS sends GetTransactionStatus with
      | transactionId | <absent> |
    When the station sends the next TransactionEvent with
      | eventType                             | Updated                       |
      | triggerReason                         | MeterValuePeriodic            |
      | offline                               | true                          |
      | idToken                               | <absent>                      |
      | meterValue.0.timestamp                | ${now-60s}                    |
      | meterValue.0.sampledValue.0.value     | 1500                          |
      | meterValue.0.sampledValue.0.context   | Sample.Periodic               |
      | meterValue.0.sampledValue.0.measurand | Energy.Active.Import.Register |
    Then the CSMS answers
    And the station executes the reusable state EVDisconnected

  @TC_E_34_CSMS @Core
  Scenario: Check Transaction status - Without transactionId - without message in queue
    Given the station has booted
    And the station will answer GetTransactionStatus with
      | messagesInQueue | false |
    # Manual action: request the CSMS to ask whether the station has queued messages
    When the CSMS is asked to send GetTransactionStatus
    Then the CSMS sends GetTransactionStatus with
      | transactionId | <absent> |

  @TC_E_53_CSMS @Core
  Scenario: Reset Sequence Number - CSMS accepting seqNo = 0 at start of transaction
    Given the station is in the reusable state EnergyTransferStarted
    And the station executes the reusable state EVDisconnected
    # A new transaction starts with seqNo 0 again
    When the station executes the reusable state Authorized with
      | eventType                     | Started             |
      | transactionInfo.transactionId | ${transaction_id}-2 |
      | seqNo                         | 0                   |
    And the station sends TransactionEvent with
      | eventType                     | Ended               |
      | triggerReason                 | EVCommunicationLost |
      | seqNo                         | 1                   |
      | transactionInfo.transactionId | ${transaction_id}-2 |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | idToken                       | <absent>            |
    Then the CSMS answers
