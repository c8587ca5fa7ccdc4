@ocpp201
Feature: OCPP 2.0.1 G Availability, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block G): connector status notifications, and ChangeAvailability of the
  whole charging station, EVSE 1, and connector 1 of EVSE 1. Every case makes the charger
  operative again before it ends.

  @TC_G_01_CS @Core
  Scenario: Connector status Notification - Available to Occupied
    Given the charger is connected
    When the operator is asked to plug in the cable with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Occupied  |
      | timestamp       | <present> |
    When the charger is brought to the reusable state EVDisconnected

  @TC_G_02_CS @Core
  Scenario: Connector status Notification - Occupied to Available
    Given the charger is connected
    And the charger is in the reusable state EVConnectedPreSession
    When the operator is asked to unplug the cable with
      | evseId      | 1 |
      | connectorId | 1 |
    Then the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |
      | timestamp       | <present> |

  @TC_G_03_CS @Core
  Scenario: Change Availability EVSE - Operative to inoperative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    # Back as the charger was.
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_04_CS @Core
  Scenario: Change Availability EVSE - Inoperative to operative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_05_CS @Core
  Scenario: Change Availability Charging Station - Operative to inoperative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    # Back as the charger was.
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_06_CS @Core
  Scenario: Change Availability Charging Station - Inoperative to operative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_07_CS @Core
  Scenario: Change Availability Connector - Operative to inoperative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    # Back as the charger was.
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_08_CS @Core
  Scenario: Change Availability Connector - Inoperative to operative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_09_CS @Core
  Scenario: Change Availability EVSE - Operative to operative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the charger answers with
      | status | Accepted |
    # Nothing changes: no StatusNotification.
    And the charger sends no StatusNotification within 1 seconds

  @TC_G_10_CS @Core
  Scenario: Change Availability EVSE - Inoperative to inoperative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    Given the test system forgets what the charger sent so far
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the charger answers with
      | status | Accepted |
    # Nothing changes: no StatusNotification.
    And the charger sends no StatusNotification within 1 seconds
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_11_CS @Core
  Scenario: Change Availability EVSE - With ongoing transaction
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the charger answers with
      | status | Scheduled |
    # Unavailable only once the transaction has ended.
    And the charger sends no StatusNotification within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    Then the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_12_CS @Core
  Scenario: Change Availability Charging Station - Operative to operative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
    Then the charger answers with
      | status | Accepted |
    # Nothing changes: no StatusNotification.
    And the charger sends no StatusNotification within 1 seconds

  @TC_G_13_CS @Core
  Scenario: Change Availability Charging Station - Inoperative to inoperative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    Given the test system forgets what the charger sent so far
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the charger answers with
      | status | Accepted |
    # Nothing changes: no StatusNotification.
    And the charger sends no StatusNotification within 1 seconds
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_14_CS @Core
  Scenario: Change Availability Charging Station - With ongoing transaction
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the charger answers with
      | status | Scheduled |
    # Unavailable only once the transaction has ended.
    And the charger sends no StatusNotification within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    Then the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_15_CS @Core
  Scenario: Change Availability Connector - Operative to operative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    Then the charger answers with
      | status | Accepted |
    # Nothing changes: no StatusNotification.
    And the charger sends no StatusNotification within 1 seconds

  @TC_G_16_CS @Core
  Scenario: Change Availability Connector - Inoperative to inoperative
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    Given the test system forgets what the charger sent so far
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the charger answers with
      | status | Accepted |
    # Nothing changes: no StatusNotification.
    And the charger sends no StatusNotification within 1 seconds
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_17_CS @Core
  Scenario: Change Availability Connector - With ongoing transaction
    Given the charger is connected
    And the charger is in the reusable state EnergyTransferStarted
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the charger answers with
      | status | Scheduled |
    # Unavailable only once the transaction has ended.
    And the charger sends no StatusNotification within 1 seconds
    When the charger is brought to the reusable state StopAuthorized
    Then the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the operator is asked to unplug the cable with
      | evseId | 1 |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_18_CS @Core
  Scenario: Change Availability EVSE - state persists across reboot
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends Reset with
      | type | OnIdle |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | RemoteReset |
    # Inoperative before the reboot, inoperative after it.
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_19_CS @Core
  Scenario: Change Availability Connector - state persists across reboot
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends Reset with
      | type | OnIdle |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | RemoteReset |
    # Inoperative before the reboot, inoperative after it.
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_G_21_CS @Core
  Scenario: Change Availability Charging Station - state persists across reboot
    Given the charger is connected
    When the test system sends ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends Reset with
      | type | OnIdle |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | RemoteReset |
    # Inoperative before the reboot, inoperative after it.
    And the charger sends StatusNotification with
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
    When the test system sends ChangeAvailability with
      | operationalStatus | Operative |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |
