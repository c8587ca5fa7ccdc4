@ocpp201
Feature: OCPP 2.0.1 P DataTransfer, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block P): vendor-specific messages and custom data.

  @TC_P_01_CS @Core
  Scenario: Data Transfer to the Charging Station - Rejected / Unknown VendorId / Unknown MessageId
    Given the charger is connected
    When the test system sends DataTransfer with
      | vendorId  | org.openchargealliance.octt.unknown |
      | messageId | OCTTUnknownMessage                  |
      | data      | OCTT                                |
    Then the charger answers with
      | status | Rejected or UnknownVendorId or UnknownMessageId |

  @TC_P_03_CS @Core
  Scenario: CustomData - Receive custom data
    Given the charger is connected
    # customData of a vendor the charger does not know is ignored, in a request and in
    # an answer alike.
    And the test system will answer Heartbeat with
      | currentTime         | ${now}                      |
      | customData.vendorId | org.openchargealliance.octt |
    When the test system sends TriggerMessage with
      | requestedMessage    | Heartbeat                   |
      | customData.vendorId | org.openchargealliance.octt |
    Then the charger answers with
      | status | Accepted |
    And the charger sends Heartbeat
    When the test system sends GetVariables with
      | getVariableData.0.component.name | OCPPCommCtrlr               |
      | getVariableData.0.variable.name  | OfflineThreshold            |
      | customData.vendorId              | org.openchargealliance.octt |
    Then the charger answers with
      | getVariableResult.0.attributeStatus | Accepted |
