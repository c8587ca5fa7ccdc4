@ocpp201
Feature: OCPP 2.0.1 O - Display messages, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block O: the
  CSMS sets display messages (for the station or for a transaction, with start and end
  times), replaces, reads and clears them, and takes the station's refusals. Requests start
  from the templates: message 1, NormalCycle, UTF8 text.

  @TC_O_01_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Success
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id | 1 |
    Then the CSMS sends SetDisplayMessage with
      | message.id              | <present> |
      | message.priority        | <present> |
      | message.message.format  | <present> |
      | message.message.content | <present> |

  @TC_O_02_CSMS @AdvancedUserInterface
  Scenario: Get all Display Messages - Success
    Given the station has booted
    # Memory state: a display message is configured
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id | 1 |
    Then the CSMS sends SetDisplayMessage with
      | message.id | 1 |
    And the station will answer GetDisplayMessages with
      | status | Accepted |
    When the CSMS is asked to send GetDisplayMessages with
      | requestId | 2 |
    Then the CSMS sends GetDisplayMessages with
      | requestId | <present> |
      | id        | <absent>  |
      | priority  | <absent>  |
      | state     | <absent>  |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyDisplayMessages with
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_O_03_CSMS @AdvancedUserInterface
  Scenario: Get all Display Messages - No DisplayMessages configured
    Given the station has booted
    And the station will answer GetDisplayMessages with
      | status | Unknown |
    When the CSMS is asked to send GetDisplayMessages with
      | requestId | 2 |
    Then the CSMS sends GetDisplayMessages with
      | requestId | <present> |
      | id        | <absent>  |
      | priority  | <absent>  |
      | state     | <absent>  |

  @TC_O_04_CSMS @AdvancedUserInterface
  Scenario: Clear Display Message - Success
    Given the station has booted
    # Memory state: a display message is configured
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id | 1 |
    Then the CSMS sends SetDisplayMessage with
      | message.id | 1 |
    And the station will answer ClearDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send ClearDisplayMessage with
      | id | 1 |
    Then the CSMS sends ClearDisplayMessage with
      | id | 1 |

  @TC_O_05_CSMS @AdvancedUserInterface
  Scenario: Clear Display Message - Unknown Key
    Given the station has booted
    # The station has no message with that id
    And the station will answer ClearDisplayMessage with
      | status | Unknown |
    When the CSMS is asked to send ClearDisplayMessage with
      | id | 999 |
    Then the CSMS sends ClearDisplayMessage with
      | id | 999 |

  @TC_O_06_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Specific transaction - Success
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id            | 2                 |
      | message.transactionId | ${transaction_id} |
    Then the CSMS sends SetDisplayMessage with
      | message.transactionId | ${transaction_id} |
      | message.priority      | <present>         |
    And the station executes the reusable state EVDisconnected

  @TC_O_07_CSMS @AdvancedUserInterface
  Scenario: Get a Specific Display Message - Id
    Given the station has booted
    # Memory state: a display message is configured
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id | 1 |
    Then the CSMS sends SetDisplayMessage with
      | message.id | 1 |
    And the station will answer GetDisplayMessages with
      | status | Accepted |
    When the CSMS is asked to send GetDisplayMessages with
      | requestId | 2 |
      | id.0      | 1 |
    Then the CSMS sends GetDisplayMessages with
      | requestId | <present> |
      | id.0      | 1         |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyDisplayMessages with
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_O_08_CSMS @AdvancedUserInterface
  Scenario: Get a Specific Display Message - Priority
    Given the station has booted
    # Memory state: a display message is configured
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id | 1 |
    Then the CSMS sends SetDisplayMessage with
      | message.id | 1 |
    And the station will answer GetDisplayMessages with
      | status | Accepted |
    When the CSMS is asked to send GetDisplayMessages with
      | requestId | 2           |
      | priority  | NormalCycle |
    Then the CSMS sends GetDisplayMessages with
      | requestId | <present>   |
      | priority  | NormalCycle |
      | id        | <absent>    |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyDisplayMessages with
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_O_09_CSMS @AdvancedUserInterface
  Scenario: Get a Specific Display Message - State
    Given the station has booted
    # Memory state: a display message for the Charging state is configured
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id    | 1        |
      | message.state | Charging |
    Then the CSMS sends SetDisplayMessage with
      | message.id    | 1        |
      | message.state | Charging |
    And the station will answer GetDisplayMessages with
      | status | Accepted |
    When the CSMS is asked to send GetDisplayMessages with
      | requestId | 2        |
      | state     | Charging |
    Then the CSMS sends GetDisplayMessages with
      | requestId | <present> |
      | state     | Charging  |
      | id        | <absent>  |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends NotifyDisplayMessages with
      | requestId           | ${request_id} |
      | messageInfo.0.state | Charging      |
    Then the CSMS answers

  @TC_O_10_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Specific transaction - UnknownTransaction
    Given the station has booted
    # No transaction with that id runs on the station
    And the station will answer SetDisplayMessage with
      | status | UnknownTransaction |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id            | 3                       |
      | message.transactionId | EVH-UNKNOWN-TRANSACTION |
    Then the CSMS sends SetDisplayMessage with
      | message.transactionId | EVH-UNKNOWN-TRANSACTION |

  @TC_O_11_CSMS @AdvancedUserInterface
  Scenario: Get a Specific Display Message - Unknown parameters
    Given the station has booted
    # Memory state: a display message is configured
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id | 1 |
    Then the CSMS sends SetDisplayMessage with
      | message.id | 1 |
    And the station will answer GetDisplayMessages with
      | status | Unknown |
    When the CSMS is asked to send GetDisplayMessages with
      | requestId | 2   |
      | id.0      | 998 |
    Then the CSMS sends GetDisplayMessages with
      | requestId | <present> |
      | id.0      | 998       |

  @TC_O_12_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Replace DisplayMessage
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id | 4 |
    Then the CSMS sends SetDisplayMessage with
      | message.id | 4 |
    # The same id with other content replaces the message
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id              | 4                                        |
      | message.message.content | Maintenance tonight from 22:00 to 23:00. |
    Then the CSMS sends SetDisplayMessage with
      | message.id              | 4                                        |
      | message.message.content | Maintenance tonight from 22:00 to 23:00. |

  @TC_O_13_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Display message at StartTime
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id            | 5          |
      | message.startDateTime | ${now+60s} |
    Then the CSMS sends SetDisplayMessage with
      | message.id            | 5         |
      | message.startDateTime | <present> |

  @TC_O_14_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Remove message after EndTime
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id          | 6          |
      | message.endDateTime | ${now+60s} |
    Then the CSMS sends SetDisplayMessage with
      | message.id          | 6         |
      | message.endDateTime | <present> |

  @TC_O_17_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - NotSupportedPriority
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | NotSupportedPriority |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id       | 7           |
      | message.priority | AlwaysFront |
    Then the CSMS sends SetDisplayMessage with
      | message.priority | AlwaysFront |

  @TC_O_18_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - NotSupportedState
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | NotSupportedState |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id    | 8       |
      | message.state | Faulted |
    Then the CSMS sends SetDisplayMessage with
      | message.state | Faulted |

  @TC_O_19_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - NotSupportedMessageFormat
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | NotSupportedMessageFormat |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id              | 9               |
      | message.message.format  | HTML            |
      | message.message.content | <b>Welcome!</b> |
    Then the CSMS sends SetDisplayMessage with
      | message.message.format | HTML |

  @TC_O_25_CSMS
  Scenario: Set Display Message - Send Specific state
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id    | 10   |
      | message.state | Idle |
    Then the CSMS sends SetDisplayMessage with
      | message.id    | 10   |
      | message.state | Idle |

  @TC_O_26_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Rejected
    Given the station has booted
    And the station will answer SetDisplayMessage with
      | status | Rejected |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id | 11 |
    Then the CSMS sends SetDisplayMessage with
      | message.id | 11 |

  @TC_O_27_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Specific transaction - Display message at StartTime
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id            | 12                |
      | message.transactionId | ${transaction_id} |
      | message.startDateTime | ${now+60s}        |
    Then the CSMS sends SetDisplayMessage with
      | message.transactionId | ${transaction_id} |
      | message.startDateTime | <present>         |
    And the station executes the reusable state EVDisconnected

  @TC_O_28_CSMS @AdvancedUserInterface
  Scenario: Set Display Message - Specific transaction - Remove message after EndTime
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer SetDisplayMessage with
      | status | Accepted |
    When the CSMS is asked to send SetDisplayMessage with
      | message.id            | 13                |
      | message.transactionId | ${transaction_id} |
      | message.endDateTime   | ${now+60s}        |
    Then the CSMS sends SetDisplayMessage with
      | message.transactionId | ${transaction_id} |
      | message.endDateTime   | <present>         |
    And the station executes the reusable state EVDisconnected
