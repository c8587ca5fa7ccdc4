@ocpp201
Feature: OCPP 2.0.1 N Diagnostics, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block N): log uploads and customer information. The upload locations are plan
  variables (set them with --set for a real charger): one that works, one that cannot (an
  .invalid host, RFC 2606).

  Background:
    Given the plan variable "log_upload_location" defaults to "ftp://files.evharness.example/logs/"
    And the plan variable "log_unreachable_location" defaults to "ftp://files.evharness.invalid/logs/"

  @TC_N_25_CS @Core
  Scenario: Retrieve Log Information - Diagnostics Log - Success
    Given the charger is connected
    When the test system sends GetLog with
      | logType            | DiagnosticsLog         |
      | requestId          | 125                    |
      | log.remoteLocation | ${log_upload_location} |
    Then the charger answers with
      | status   | Accepted  |
      | filename | <present> |
    And the charger sends LogStatusNotification with
      | status    | Uploading |
      | requestId | 125       |
    And the charger sends LogStatusNotification with
      | status    | Uploaded |
      | requestId | 125      |

  @TC_N_26_CS @Core
  Scenario: Retrieve Log Information - Diagnostics Log - Upload failed
    Given the charger is connected
    When the test system sends GetLog with
      | logType            | DiagnosticsLog              |
      | requestId          | 126                         |
      | log.remoteLocation | ${log_unreachable_location} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends LogStatusNotification with
      | status    | Uploading |
      | requestId | 126       |
    And the charger sends LogStatusNotification with
      | status    | UploadFailure |
      | requestId | 126           |

  @TC_N_35_CS @Core
  Scenario: Retrieve Log Information - Security Log - Success
    Given the charger is connected
    When the test system sends GetLog with
      | logType            | SecurityLog            |
      | requestId          | 135                    |
      | log.remoteLocation | ${log_upload_location} |
    Then the charger answers with
      | status   | Accepted  |
      | filename | <present> |
    And the charger sends LogStatusNotification with
      | status    | Uploading |
      | requestId | 135       |
    And the charger sends LogStatusNotification with
      | status    | Uploaded |
      | requestId | 135      |

  @TC_N_36_CS @Core
  Scenario: Retrieve Log Information - Second Request
    Given the charger is connected
    When the test system sends GetLog with
      | logType            | DiagnosticsLog         |
      | requestId          | 1361                   |
      | log.remoteLocation | ${log_upload_location} |
    Then the charger answers with
      | status | Accepted |
    And the charger sends LogStatusNotification with
      | status    | Uploading |
      | requestId | 1361      |
    # A second request while the first uploads: the first is canceled.
    When the test system sends GetLog with
      | logType            | DiagnosticsLog         |
      | requestId          | 1362                   |
      | log.remoteLocation | ${log_upload_location} |
    Then the charger answers with
      | status | AcceptedCanceled |
    And the charger sends LogStatusNotification with
      | status    | Uploading |
      | requestId | 1362      |
    And the charger sends LogStatusNotification with
      | status    | Uploaded |
      | requestId | 1362     |
    And the charger sends no LogStatusNotification within 1 seconds

  @TC_N_27_CS @Core
  Scenario: Get Customer Information - Accepted + data
    Given the charger is connected
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    When the test system sends CustomerInformation with
      | requestId       | 127             |
      | report          | true            |
      | clear           | false           |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the charger answers with
      | status | Accepted |
    And the charger sends NotifyCustomerInformation with
      | requestId | 127               |
      | seqNo     | 0                 |
      | data      | <present>         |
      | tbc       | false or <absent> |

  @TC_N_28_CS @Core
  Scenario: Get Customer Information - Accepted + no data
    Given the charger is connected
    When the test system sends CustomerInformation with
      | requestId       | 128                 |
      | report          | true                |
      | clear           | false               |
      | idToken.idToken | ${invalid_id_tag}-N |
      | idToken.type    | ISO14443            |
    Then the charger answers with
      | status | Accepted |
    And the charger sends NotifyCustomerInformation with
      | requestId | 128               |
      | seqNo     | 0                 |
      | tbc       | false or <absent> |

  @TC_N_29_CS @Core
  Scenario: Get Customer Information - Not Accepted
    Given the charger is connected
    # No idToken, customerIdentifier or customerCertificate: nobody to report on.
    When the test system sends CustomerInformation with
      | requestId | 129   |
      | report    | true  |
      | clear     | false |
    Then the charger answers with
      | status | Rejected |
    And the charger sends no NotifyCustomerInformation within 1 seconds

  @TC_N_30_CS @Core
  Scenario: Clear Customer Information - Clear and report + data
    Given the charger is connected
    And the charger has "${valid_id_tag}" in its authorization cache as Accepted
    When the test system sends CustomerInformation with
      | requestId       | 130             |
      | report          | true            |
      | clear           | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the charger answers with
      | status | Accepted |
    And the charger sends NotifyCustomerInformation with
      | requestId | 130       |
      | seqNo     | 0         |
      | data      | <present> |

  @TC_N_31_CS @Core
  Scenario: Clear Customer Information - Clear and report + no data
    Given the charger is connected
    When the test system sends CustomerInformation with
      | requestId       | 131                 |
      | report          | true                |
      | clear           | true                |
      | idToken.idToken | ${invalid_id_tag}-N |
      | idToken.type    | ISO14443            |
    Then the charger answers with
      | status | Accepted |
    And the charger sends NotifyCustomerInformation with
      | requestId | 131 |
      | seqNo     | 0   |

  @TC_N_32_CS @Core
  Scenario: Clear Customer Information - Clear and no report
    Given the charger is connected
    When the test system sends CustomerInformation with
      | requestId       | 132             |
      | report          | false           |
      | clear           | true            |
      | idToken.idToken | ${valid_id_tag} |
      | idToken.type    | ISO14443        |
    Then the charger answers with
      | status | Accepted |
    And the charger sends no NotifyCustomerInformation within 1 seconds

  @TC_N_62_CS @Core
  Scenario: Clear Customer Information - Clear and report - customerIdentifier
    Given the charger is connected
    When the test system sends CustomerInformation with
      | requestId          | 162             |
      | report             | true            |
      | clear              | true            |
      | customerIdentifier | OCTT-CUSTOMER-1 |
    Then the charger answers with
      | status | Accepted |
    And the charger sends NotifyCustomerInformation with
      | requestId | 162 |
      | seqNo     | 0   |
