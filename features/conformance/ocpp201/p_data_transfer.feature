@ocpp201
Feature: OCPP 2.0.1 P - Data transfer, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block P: it sends
  a vendor DataTransfer the CSMS has no implementation for, and custom data (customData)
  inside standard messages, which the CSMS must take without complaint.

  @TC_P_02_CSMS @Core
  Scenario: Data Transfer to the CSMS - Rejected / Unknown VendorId / Unknown MessageId
    Given the station has booted
    When the station sends DataTransfer with
      | vendorId  | org.openchargealliance.conformance |
      | messageId | TestMessage                        |
      | data      | evharness                          |
    Then the CSMS answers with
      | status | UnknownVendorId or UnknownMessageId or Rejected |

  @TC_P_03_CSMS @Core
  Scenario: CustomData - Receive custom data
    Given the station has booted
    # customData may carry any vendor property besides vendorId
    When the station sends StatusNotification with
      | connectorStatus | Available                                                                    |
      | customData      | {"vendorId": "org.openchargealliance.conformance", "cableTemperature": 31.5} |
    Then the CSMS answers
    When the station sends the next TransactionEvent with
      | eventType                  | Started                                                                          |
      | triggerReason              | Authorized                                                                       |
      | customData                 | {"vendorId": "org.openchargealliance.conformance", "firmwareBuild": "1.1.0-evh"} |
      | transactionInfo.customData | {"vendorId": "org.openchargealliance.conformance", "tariffHint": "weekday"}      |
    Then the CSMS answers with
      | idTokenInfo.status | Accepted |
