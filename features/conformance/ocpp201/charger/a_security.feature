@ocpp201
Feature: OCPP 2.0.1 A Security, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block A) for security profile 1: HTTP Basic authentication over ws://. The
  charger's password is the plan variable basic_auth_password (set it with --set; our CI runs
  the simulator with --password conformance-pass-0001). The TLS cases (profiles 2 and 3) are
  not in this plan: the test system listens without TLS.

  Background:
    Given the plan variable "basic_auth_password" defaults to "conformance-pass-0001"

  @TC_A_01_CS @Core
  Scenario: Basic Authentication - Valid username/password combination
    Given the charger is connected
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the charger presented the credentials of "${station_id}"
    And the charger presented the password "${basic_auth_password}"
    And the charger sends BootNotification with
      | reason | PowerUp |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |

  @TC_A_09_CS @Core
  Scenario: Update Charging Station Password for HTTP Basic Authentication - Accepted
    Given the charger is connected
    When the test system sends SetVariables with
      | setVariableData.0.component.name | SecurityCtrlr             |
      | setVariableData.0.variable.name  | BasicAuthPassword         |
      | setVariableData.0.attributeValue | evharness-new-password-02 |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Accepted |
    # The charger connects again, with the new password.
    And the charger reconnects
    And the charger presented the credentials of "${station_id}"
    And the charger presented the password "evharness-new-password-02"
    When the test system sends TriggerMessage with
      | requestedMessage | Heartbeat |
    Then the charger answers with
      | status | Accepted |
    And the charger sends Heartbeat
    # Back to the password the charger had.
    When the test system sends SetVariables with
      | setVariableData.0.component.name | SecurityCtrlr          |
      | setVariableData.0.variable.name  | BasicAuthPassword      |
      | setVariableData.0.attributeValue | ${basic_auth_password} |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Accepted |
    And the charger reconnects
    And the charger presented the password "${basic_auth_password}"

  @TC_A_10_CS @Core
  Scenario: Update Charging Station Password for HTTP Basic Authentication - Rejected
    Given the charger is connected
    # Too short for a password (16 to 40 characters).
    When the test system sends SetVariables with
      | setVariableData.0.component.name | SecurityCtrlr     |
      | setVariableData.0.variable.name  | BasicAuthPassword |
      | setVariableData.0.attributeValue | short             |
    Then the charger answers with
      | setVariableResult.0.attributeStatus | Rejected |
    # The charger keeps its connection and its password.
    When the test system sends TriggerMessage with
      | requestedMessage | Heartbeat |
    Then the charger answers with
      | status | Accepted |
    And the charger sends Heartbeat
