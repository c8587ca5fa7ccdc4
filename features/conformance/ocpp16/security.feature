@ocpp16 @Security
Feature: OCPP 1.6 security extension (Security whitepaper, edition 3), the CSMS under test
  Passwords, certificates, security events and logs, signed firmware and TLS (OCTT CSMS-side
  test cases, section 3.21). The certificates our station is asked to install or delete are
  placeholders: the CSMS does not parse what it sends.

  Left out: TC_074_CSMS and TC_077_CSMS need the CSMS to sign the station's certificate
  signing request (SignCertificate Accepted, then CertificateSigned); our CSMS has no
  certificate authority for that yet and rejects every CSR.

  @TC_073_CSMS
  Scenario: Update Charge Point Password for HTTP Basic Authentication
    Given the station has booted
    And the station will answer ChangeConfiguration with
      | status | Accepted |
    # Manual action: the basic authentication password is updated to "evh-rotated-pw-0073",
    # which the AuthorizationKey carries hex-encoded
    When the CSMS is asked to send ChangeConfiguration with
      | key   | AuthorizationKey                       |
      | value | 6576682d726f74617465642d70772d30303733 |
    Then the CSMS sends ChangeConfiguration with
      | key | AuthorizationKey |
    # The value is hex-encoded, at most 40 hexadecimal digits, a password of 16 to 20 bytes
    And the station remembers the password in "value" of the CSMS's request as "new_password"
    # The station disconnects and connects again with the new password
    When the station reconnects with password "${new_password}"
    Then the connection is accepted
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |
    # As the OCTT does, the cases that follow connect with the new password
    And the station uses password "${new_password}" from now on

  @TC_075_1_CSMS
  Scenario: Install a certificate on the Charge Point - ManufacturerRootCertificate
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | ManufacturerRootCertificate                                                          |
      | certificate     | -----BEGIN CERTIFICATE-----\nMIIBevhManufacturerRoot\n-----END CERTIFICATE-----\n |
    Then the CSMS sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate |
      | certificate     | <present>                   |

  @TC_075_2_CSMS
  Scenario: Install a certificate on the Charge Point - CentralSystemRootCertificate
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CentralSystemRootCertificate                                                          |
      | certificate     | -----BEGIN CERTIFICATE-----\nMIIBevhCentralSystemRoot\n-----END CERTIFICATE-----\n |
    Then the CSMS sends InstallCertificate with
      | certificateType | CentralSystemRootCertificate |
      | certificate     | <present>                    |

  @TC_076_CSMS
  Scenario: Delete a specific certificate from the Charge Point
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Accepted |
    And the station will answer DeleteCertificate with
      | status | Accepted |
    # Steps 1 to 8 of the OCTT case, once per hash algorithm: SHA256
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CentralSystemRootCertificate                                                           |
      | certificate     | -----BEGIN CERTIFICATE-----\nMIIBevhCentralSystemRoot2\n-----END CERTIFICATE-----\n |
    Then the CSMS sends InstallCertificate with
      | certificateType | CentralSystemRootCertificate |
    Given the station will answer GetInstalledCertificateIds with
      | status                              | Accepted                                                         |
      | certificateHashData.0.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.0.issuerNameHash | 5f1b3a7c9d2e4f6081a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708 |
      | certificateHashData.0.issuerKeyHash  | 0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 |
      | certificateHashData.0.serialNumber   | 7c2a                                                             |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType | CentralSystemRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType | CentralSystemRootCertificate |
    When the CSMS is asked to send DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | 5f1b3a7c9d2e4f6081a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708 |
      | certificateHashData.issuerKeyHash  | 0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 |
      | certificateHashData.serialNumber   | 7c2a                                                             |
    Then the CSMS sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | 5f1b3a7c9d2e4f6081a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708 |
      | certificateHashData.issuerKeyHash  | 0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 |
      | certificateHashData.serialNumber   | 7c2a                                                             |
    # SHA384
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CentralSystemRootCertificate                                                           |
      | certificate     | -----BEGIN CERTIFICATE-----\nMIIBevhCentralSystemRoot2\n-----END CERTIFICATE-----\n |
    Then the CSMS sends InstallCertificate with
      | certificateType | CentralSystemRootCertificate |
    Given the station will answer GetInstalledCertificateIds with
      | status                              | Accepted                                                                                         |
      | certificateHashData.0.hashAlgorithm  | SHA384                                                                                           |
      | certificateHashData.0.issuerNameHash | 6e2c4b8d0e3f5071a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819 |
      | certificateHashData.0.issuerKeyHash  | 1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a |
      | certificateHashData.0.serialNumber   | 7c2a                                                                                             |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType | CentralSystemRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType | CentralSystemRootCertificate |
    When the CSMS is asked to send DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA384                                                                                           |
      | certificateHashData.issuerNameHash | 6e2c4b8d0e3f5071a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819 |
      | certificateHashData.issuerKeyHash  | 1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a |
      | certificateHashData.serialNumber   | 7c2a                                                                                             |
    Then the CSMS sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA384                                                                                           |
      | certificateHashData.issuerNameHash | 6e2c4b8d0e3f5071a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819 |
      | certificateHashData.issuerKeyHash  | 1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a |
      | certificateHashData.serialNumber   | 7c2a                                                                                             |
    # SHA512
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CentralSystemRootCertificate                                                           |
      | certificate     | -----BEGIN CERTIFICATE-----\nMIIBevhCentralSystemRoot2\n-----END CERTIFICATE-----\n |
    Then the CSMS sends InstallCertificate with
      | certificateType | CentralSystemRootCertificate |
    Given the station will answer GetInstalledCertificateIds with
      | status                              | Accepted                                                                                                                         |
      | certificateHashData.0.hashAlgorithm  | SHA512                                                                                                                           |
      | certificateHashData.0.issuerNameHash | 7d3d5c9e1f405182a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a |
      | certificateHashData.0.issuerKeyHash  | 2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b |
      | certificateHashData.0.serialNumber   | 7c2a                                                                                                                             |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType | CentralSystemRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType | CentralSystemRootCertificate |
    When the CSMS is asked to send DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA512                                                                                                                           |
      | certificateHashData.issuerNameHash | 7d3d5c9e1f405182a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a |
      | certificateHashData.issuerKeyHash  | 2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b |
      | certificateHashData.serialNumber   | 7c2a                                                                                                                             |
    Then the CSMS sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA512                                                                                                                           |
      | certificateHashData.issuerNameHash | 7d3d5c9e1f405182a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a |
      | certificateHashData.issuerKeyHash  | 2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b |
      | certificateHashData.serialNumber   | 7c2a                                                                                                                             |

  @TC_078_CSMS
  Scenario: Invalid CentralSystemCertificate Security Event
    Given the station has booted
    # The station rejects any certificate in this case
    And the station will answer InstallCertificate with
      | status | Rejected |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CentralSystemRootCertificate                                                          |
      | certificate     | -----BEGIN CERTIFICATE-----\nMIIBevhCentralSystemRoot\n-----END CERTIFICATE-----\n |
    Then the CSMS sends InstallCertificate with
      | certificateType | CentralSystemRootCertificate |
      | certificate     | <present>                    |
    When the station sends SecurityEventNotification with
      | type      | InvalidCentralSystemCertificate |
      | timestamp | ${now}                          |
    Then the CSMS answers

  @TC_079_CSMS
  Scenario: Get Security Log
    Given the station has booted
    And the station will answer GetLog with
      | status   | Accepted         |
      | filename | security-evh.log |
    When the CSMS is asked to send GetLog with
      | logType            | SecurityLog                        |
      | requestId          | 7901                               |
      | log.remoteLocation | ftp://logs.example.com/uploads/    |
    Then the CSMS sends GetLog with
      | logType            | SecurityLog                     |
      | log.remoteLocation | ftp://logs.example.com/uploads/ |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    # The station uploads its security log
    When the station sends LogStatusNotification with
      | status    | Uploading     |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends LogStatusNotification with
      | status    | Uploaded      |
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_080_CSMS
  Scenario: Secure Firmware Update
    Given the station has booted
    And the station will answer SignedUpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send SignedUpdateFirmware with
      | requestId                   | 8001                                                                               |
      | firmware.location           | https://firmware.example.com/evh-1.2.0.bin                                         |
      | firmware.retrieveDateTime   | ${now}                                                                             |
      | firmware.signingCertificate | -----BEGIN CERTIFICATE-----\nMIIBevhFirmwareSigning\n-----END CERTIFICATE-----\n |
      | firmware.signature          | MEUCIQDevharnessFirmwareSignature0000000000000000000000000000000000000==           |
    Then the CSMS sends SignedUpdateFirmware with
      | firmware.location           | https://firmware.example.com/evh-1.2.0.bin |
      | firmware.signature          | <present>                                  |
      | firmware.signingCertificate | <present>                                  |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends SignedFirmwareStatusNotification with
      | status    | Downloading   |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends SignedFirmwareStatusNotification with
      | status    | Downloaded    |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends SignedFirmwareStatusNotification with
      | status    | SignatureVerified |
      | requestId | ${request_id}     |
    Then the CSMS answers
    # Before installing, the station sets its connectors to Unavailable
    When the station sends StatusNotification with
      | connectorId | 0           |
      | status      | Unavailable |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1           |
      | status      | Unavailable |
    Then the CSMS answers
    When the station sends SignedFirmwareStatusNotification with
      | status    | Installing    |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends SignedFirmwareStatusNotification with
      | status    | InstallRebooting |
      | requestId | ${request_id}    |
    Then the CSMS answers
    # The station reboots with the new firmware
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | firmwareVersion | 1.2.0 |
    Then the CSMS answers with
      | status | Accepted |
    When the station sends SecurityEventNotification with
      | type      | FirmwareUpdated |
      | timestamp | ${now}          |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 0         |
      | status      | Available |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    Then the CSMS answers
    When the station sends SignedFirmwareStatusNotification with
      | status    | Installed     |
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_081_CSMS
  Scenario: Secure Firmware Update - Invalid Signature
    Given the station has booted
    And the station will answer SignedUpdateFirmware with
      | status | Accepted |
    # The OCTT's test data carries an invalid signature
    When the CSMS is asked to send SignedUpdateFirmware with
      | requestId                   | 8101                                                                               |
      | firmware.location           | https://firmware.example.com/evh-1.2.0.bin                                         |
      | firmware.retrieveDateTime   | ${now}                                                                             |
      | firmware.signingCertificate | -----BEGIN CERTIFICATE-----\nMIIBevhFirmwareSigning\n-----END CERTIFICATE-----\n |
      | firmware.signature          | aW52YWxpZCBzaWduYXR1cmU=                                                           |
    Then the CSMS sends SignedUpdateFirmware with
      | firmware.location  | https://firmware.example.com/evh-1.2.0.bin |
      | firmware.signature | aW52YWxpZCBzaWduYXR1cmU=                   |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends SignedFirmwareStatusNotification with
      | status    | Downloading   |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends SignedFirmwareStatusNotification with
      | status    | Downloaded    |
      | requestId | ${request_id} |
    Then the CSMS answers
    # The station verifies the signature and deems it invalid
    When the station sends SignedFirmwareStatusNotification with
      | status    | InvalidSignature |
      | requestId | ${request_id}    |
    Then the CSMS answers
    When the station sends SecurityEventNotification with
      | type      | InvalidFirmwareSignature |
      | timestamp | ${now}                   |
    Then the CSMS answers

  @TC_085_CSMS
  Scenario: Basic Authentication - Valid username/password combination
    # The OCTT closes the connection first; every case starts without one
    When the station connects without credentials
    Then the connection is refused
    # Not an OCTT step: a wrong password is refused too
    When the station connects with password "wrong-password-0085"
    Then the connection is refused
    When the station reconnects
    And the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 0 |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1 |
    Then the CSMS answers

  @TC_086_CSMS
  Scenario: TLS - server-side certificate - Valid certificate
    # Security profile 2: the CSMS's TLS endpoint is the plan variable tls_target, the CA of
    # its certificate --ca-file. The OCTT's check that the CSMS supports each of four cipher
    # suites needs a TLS client offering one suite at a time: not done here.
    When the station connects over TLS
    Then the connection uses TLS 1.2 or above
    And the CSMS's server certificate meets the OCPP requirements
    When the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 0 |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1 |
    Then the CSMS answers

  @TC_087_CSMS
  Scenario: TLS - Client-side certificate - valid certificate
    # Security profile 3: the CSMS's endpoint is the plan variable mtls_target; the station
    # presents --cert/--key (its subject commonName is the station id) and no password
    When the station connects over TLS with its client certificate
    Then the connection uses TLS 1.2 or above
    When the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 0 |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1 |
    Then the CSMS answers
