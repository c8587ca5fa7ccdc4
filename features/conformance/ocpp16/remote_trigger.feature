@ocpp16 @RemoteTrigger
Feature: OCPP 1.6 Remote Trigger profile, the CSMS under test
  The CSMS asks the station to send a message now (OCTT CSMS-side test cases, section
  3.18); our station sends the triggered message right after accepting.

  @TC_054_CSMS
  Scenario: Trigger Message
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | Accepted |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | MeterValues |
      | connectorId      | 1           |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | MeterValues |
      | connectorId      | 1           |
    When the station sends MeterValues with
      | connectorId | 1 |
    Then the CSMS answers
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | Heartbeat |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | Heartbeat |
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | StatusNotification |
      | connectorId      | 1                  |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | StatusNotification |
      | connectorId      | 1                  |
    When the station sends StatusNotification with
      | connectorId | 1 |
    Then the CSMS answers
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | DiagnosticsStatusNotification |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | DiagnosticsStatusNotification |
    When the station sends DiagnosticsStatusNotification with
      | status | Idle |
    Then the CSMS answers
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | FirmwareStatusNotification |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | FirmwareStatusNotification |
    When the station sends FirmwareStatusNotification with
      | status | Idle |
    Then the CSMS answers

  @TC_055_CSMS
  Scenario: Trigger Message - Rejected
    Given the station has booted
    And the station will answer TriggerMessage with
      | status | Rejected |
    When the CSMS is asked to send TriggerMessage with
      | requestedMessage | MeterValues |
      | connectorId      | 1           |
    Then the CSMS sends TriggerMessage with
      | requestedMessage | MeterValues |
