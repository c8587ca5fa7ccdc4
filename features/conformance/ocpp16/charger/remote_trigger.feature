@ocpp16 @RemoteTrigger
Feature: OCPP 1.6 Remote Trigger profile, the charger under test
  Our test system plays the Central System of the OCTT charger-side test cases (section
  2.21).

  @TC_054_CS
  Scenario: Trigger Message
    Given the charger is connected
    When the test system sends TriggerMessage with
      | requestedMessage | MeterValues |
      | connectorId      | 1           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends MeterValues with
      | connectorId | 1 |
    When the test system sends TriggerMessage with
      | requestedMessage | Heartbeat |
    Then the charger answers with
      | status | Accepted |
    And the charger sends Heartbeat
    When the test system sends TriggerMessage with
      | requestedMessage | StatusNotification |
      | connectorId      | 1                  |
    Then the charger answers with
      | status | Accepted |
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    When the test system sends TriggerMessage with
      | requestedMessage | DiagnosticsStatusNotification |
    Then the charger answers with
      | status | Accepted |
    And the charger sends DiagnosticsStatusNotification with
      | status | Idle |
    When the test system sends TriggerMessage with
      | requestedMessage | FirmwareStatusNotification |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status | Idle |
    When the test system sends TriggerMessage with
      | requestedMessage | BootNotification |
    Then the charger answers with
      | status | Accepted |
    And the charger sends BootNotification

  @TC_055_CS
  Scenario: Trigger Message - Rejected
    Given the charger is connected
    # A connector the charger does not have.
    When the test system sends TriggerMessage with
      | requestedMessage | MeterValues |
      | connectorId      | 99          |
    Then the charger answers with
      | status | Rejected |
