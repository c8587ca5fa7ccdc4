@ocpp201
Feature: OCPP 2.0.1 G - Availability, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block G: the
  CSMS changes the availability of an EVSE, a connector or the whole station, with and
  without a transaction going on, and takes connector status notifications. The station has
  one EVSE (1) with one connector (1).

  @TC_G_03_CSMS @Core
  Scenario: Change Availability EVSE - Operative to inoperative
    Given the station has booted
    And the station will answer ChangeAvailability with
      | status | Accepted |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | <absent>    |
    And the station reports the connector as Unavailable

  @TC_G_04_CSMS @Core
  Scenario: Change Availability EVSE - Inoperative to operative
    # Memory state: the EVSE is Unavailable (as left by an earlier ChangeAvailability)
    Given the station is connected
    And the station sends BootNotification
    And the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Unavailable
    And the station will answer ChangeAvailability with
      | status | Accepted |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | <absent>  |
    And the station reports the connector as Available

  @TC_G_05_CSMS @Core
  Scenario: Change Availability Charging Station - Operative to inoperative
    Given the station has booted
    And the station will answer ChangeAvailability with
      | status | Accepted |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse              | <absent>    |
    # Every connector of the station becomes Unavailable: our station has one
    And the station reports the connector as Unavailable

  @TC_G_06_CSMS @Core
  Scenario: Change Availability Charging Station - Inoperative to operative
    # Memory state: the station is Unavailable
    Given the station is connected
    And the station sends BootNotification
    And the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Unavailable
    And the station will answer ChangeAvailability with
      | status | Accepted |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Operative |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse              | <absent>  |
    And the station reports the connector as Available

  @TC_G_07_CSMS @Core
  Scenario: Change Availability Connector - Operative to inoperative
    Given the station has booted
    And the station will answer ChangeAvailability with
      | status | Accepted |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    And the station reports the connector as Unavailable

  @TC_G_08_CSMS @Core
  Scenario: Change Availability Connector - Inoperative to operative
    # Memory state: the connector is Unavailable
    Given the station is connected
    And the station sends BootNotification
    And the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Unavailable
    And the station will answer ChangeAvailability with
      | status | Accepted |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    And the station reports the connector as Available

  @TC_G_11_CSMS @Core
  Scenario: Change Availability EVSE - With ongoing transaction
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer ChangeAvailability with
      | status | Scheduled |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | <absent>    |
    # The change waits for the transaction to end (the harness does not wait the
    # configured transaction duration)
    When the station executes the reusable state StopAuthorized
    And the station executes the reusable state EVConnectedPostSession
    And the station executes the reusable state EVDisconnected
    Then the station reports the connector as Unavailable

  @TC_G_14_CSMS @Core
  Scenario: Change Availability Charging Station - With ongoing transaction
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer ChangeAvailability with
      | status | Scheduled |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Inoperative |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse              | <absent>    |
    When the station executes the reusable state StopAuthorized
    And the station executes the reusable state EVConnectedPostSession
    And the station executes the reusable state EVDisconnected
    Then the station reports the connector as Unavailable

  @TC_G_17_CSMS @Core
  Scenario: Change Availability Connector - With ongoing transaction
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer ChangeAvailability with
      | status | Scheduled |
    When the CSMS is asked to send ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the CSMS sends ChangeAvailability with
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    When the station executes the reusable state StopAuthorized
    And the station executes the reusable state EVConnectedPostSession
    And the station executes the reusable state EVDisconnected
    Then the station reports the connector as Unavailable

  @TC_G_20_CSMS @Core
  Scenario: Connector status Notification - Lock Failure
    Given the station has booted
    When the station sends NotifyEvent with
      | eventData.0.trigger               | Delta                      |
      | eventData.0.actualValue           | true                       |
      | eventData.0.eventNotificationType | HardWiredNotification      |
      | eventData.0.component.name        | ConnectorPlugRetentionLock |
      | eventData.0.component.evse.id     | 1                          |
      | eventData.0.variable.name         | Problem                    |
    Then the CSMS answers
