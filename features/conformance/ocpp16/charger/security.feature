@ocpp16 @Security
Feature: OCPP 1.6 security extension (whitepaper edition 3), the charger under test
  Our test system plays the Central System of the OCTT charger-side test cases (section
  2.24), at security profile 1: HTTP Basic authentication without TLS. The test PKI is the
  harness's own (conformance/templates/v16_charger.yaml); the charger's certificate is
  signed by a CA the test system makes for the case.

  @TC_085_CS
  Scenario: Basic Authentication - Valid username/password combination
    Given the charger is connected
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the charger presented the credentials of "${station_id}"
    And the charger sends BootNotification

  @TC_073_CS
  Scenario: Update Charge Point Password for HTTP Basic Authentication
    Given the charger is connected
    # The password the charger has now (to put it back afterwards).
    When the operator is asked to power cycle the charger
    Then the charger reconnects
    And the test system remembers the charger's password as "old_password"
    When the test system sends ChangeConfiguration with
      | key   | AuthorizationKey               |
      | value | 4f435454-new-password-0073     |
    Then the charger answers with
      | status | Accepted |
    # The charger connects again, with the new password.
    And the charger reconnects
    And the charger presented the credentials of "${station_id}"
    And the charger presented the password "4f435454-new-password-0073"
    # Afterwards: the old password.
    When the test system sends ChangeConfiguration with
      | key   | AuthorizationKey |
      | value | ${old_password}  |
    Then the charger answers with
      | status | Accepted |
    And the charger reconnects
    And the charger presented the password "${old_password}"

  @TC_074_CS
  Scenario: Update Charge Point Certificate by request of Central System
    Given the charger is connected
    When the test system sends ExtendedTriggerMessage with
      | requestedMessage | SignChargePointCertificate |
    Then the charger answers with
      | status | Accepted |
    And the charger sends SignCertificate with
      | csr | <present> |
    When the test system signs the charger's certificate signing request as "certificate_chain"
    And the test system sends CertificateSigned with
      | certificateChain | ${certificate_chain} |
    Then the charger answers with
      | status | Accepted |

  @TC_075_1_CS
  Scenario: Install a certificate on the Charge Point - ManufacturerRootCertificate
    Given the charger is connected
    And the test system has its test certificates
    When the test system sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate      |
      | certificate     | ${manufacturer_root_certificate} |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType | ManufacturerRootCertificate |
    Then the charger answers with
      | status                             | Accepted  |
      | certificateHashData.0.serialNumber | <present> |

  @TC_075_2_CS
  Scenario: Install a certificate on the Charge Point - CentralSystemRootCertificate
    Given the charger is connected
    When the test system sends InstallCertificate with
      | certificateType | CentralSystemRootCertificate |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType | CentralSystemRootCertificate |
    Then the charger answers with
      | status                             | Accepted  |
      | certificateHashData.0.serialNumber | <present> |

  @TC_076_CS
  Scenario: Delete a specific certificate from the Charge Point
    Given the charger is connected
    And the test system has its test certificates
    # Memory state: a ManufacturerRootCertificate installed.
    When the test system sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate      |
      | certificate     | ${manufacturer_root_certificate} |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType | ManufacturerRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the test system remembers "certificateHashData.0.hashAlgorithm" of the answer as "hash_algorithm"
    And the test system remembers "certificateHashData.0.issuerNameHash" of the answer as "issuer_name_hash"
    And the test system remembers "certificateHashData.0.issuerKeyHash" of the answer as "issuer_key_hash"
    And the test system remembers "certificateHashData.0.serialNumber" of the answer as "serial_number"
    When the test system sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | ${hash_algorithm}   |
      | certificateHashData.issuerNameHash | ${issuer_name_hash} |
      | certificateHashData.issuerKeyHash  | ${issuer_key_hash}  |
      | certificateHashData.serialNumber   | ${serial_number}    |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType | ManufacturerRootCertificate |
    Then the charger answers with
      | status | NotFound |

  @TC_077_CS
  Scenario: Invalid ChargePointCertificate Security Event
    Given the charger is connected
    And the test system has its test certificates
    When the test system sends ExtendedTriggerMessage with
      | requestedMessage | SignChargePointCertificate |
    Then the charger answers with
      | status | Accepted |
    And the charger sends SignCertificate with
      | csr | <present> |
    # Not a certificate for the charger's key.
    When the test system sends CertificateSigned with
      | certificateChain | ${manufacturer_root_certificate} |
    Then the charger answers with
      | status | Rejected |
    And the charger sends SecurityEventNotification with
      | type | InvalidChargePointCertificate |

  @TC_079_CS
  Scenario: Get Security Log
    Given the charger is connected
    When the test system sends GetLog with
      | logType             | SecurityLog                       |
      | requestId           | 79                                |
      | log.remoteLocation  | ftp://logs.example.com/evharness/ |
    Then the charger answers with
      | status | Accepted |
    And the charger sends LogStatusNotification with
      | status    | Uploading |
      | requestId | 79        |
    And the charger sends LogStatusNotification with
      | status    | Uploaded |
      | requestId | 79       |

  @TC_080_CS
  Scenario: Secure Firmware Update
    Given the charger is connected
    When the test system sends SignedUpdateFirmware with
      | requestId | 80 |
    Then the charger answers with
      | status | Accepted |
    And the charger sends SignedFirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 80          |
    And the charger sends SignedFirmwareStatusNotification with
      | status    | Downloaded |
      | requestId | 80         |
    And the charger sends SignedFirmwareStatusNotification with
      | status    | SignatureVerified |
      | requestId | 80                |
    And the charger sends SignedFirmwareStatusNotification with
      | status    | Installing |
      | requestId | 80         |
    # The charger reboots into the new firmware.
    And the charger reconnects
    And the charger sends BootNotification
    And the charger sends SignedFirmwareStatusNotification with
      | status    | Installed |
      | requestId | 80        |
    And the charger sends SecurityEventNotification with
      | type | FirmwareUpdated |

  @TC_081_CS
  Scenario: Secure Firmware Update - Invalid Signature
    Given the charger is connected
    And the test system has its test certificates
    When the test system sends SignedUpdateFirmware with
      | requestId          | 81                             |
      | firmware.signature | ${invalid_firmware_signature}  |
    Then the charger answers with
      | status | Accepted |
    And the charger sends SignedFirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 81          |
    And the charger sends SignedFirmwareStatusNotification with
      | status    | Downloaded |
      | requestId | 81         |
    And the charger sends SignedFirmwareStatusNotification with
      | status    | InvalidSignature |
      | requestId | 81               |
    And the charger sends SecurityEventNotification with
      | type | InvalidFirmwareSignature |

  @TC_084_CS
  Scenario: Downgrade security profile - Rejected
    Given the charger is connected
    When the test system sends GetConfiguration with
      | key | ["SecurityProfile"] |
    Then the charger answers with
      | configurationKey.0.value | 1 or 2 or 3 |
    # A lower security profile than the charger uses.
    When the test system sends ChangeConfiguration with
      | key   | SecurityProfile |
      | value | 0               |
    Then the charger answers with
      | status | Rejected |
