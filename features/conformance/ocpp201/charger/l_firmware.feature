@ocpp201
Feature: OCPP 2.0.1 L Firmware management, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block L): secure firmware updates. For a real charger set the firmware's
  location, signing certificate and signature with --set (firmware_location,
  firmware_signing_certificate, firmware_signature) and the locations below; against our
  simulator the test system signs the location itself. A firmware that downloads but does
  not install is one whose file name starts with invalid_ (the simulator's convention).

  Background:
    Given the plan variable "firmware_good_location" defaults to "https://firmware.evharness.example/evh-fw-2.0.bin"
    And the plan variable "firmware_broken_location" defaults to "https://firmware.evharness.example/invalid_evh-fw.bin"
    And the plan variable "firmware_unreachable_location" defaults to "https://firmware.evharness.invalid/evh-fw-2.0.bin"

  @TC_L_01_CS @Core
  Scenario: Secure Firmware Update - Installation successful
    Given the charger is connected
    And the test system prepares the firmware at "${firmware_good_location}" with a valid signature
    When the test system sends UpdateFirmware with
      | requestId                   | 201                             |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now}                          |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 201         |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloaded |
      | requestId | 201        |
    And the charger sends FirmwareStatusNotification with
      | status    | SignatureVerified |
      | requestId | 201               |
    And the charger sends FirmwareStatusNotification with
      | status    | Installing |
      | requestId | 201        |
    # Installed after the reboot the new firmware needs.
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | FirmwareUpdate |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    And the charger sends FirmwareStatusNotification with
      | status    | Installed |
      | requestId | 201       |
    And the charger sends SecurityEventNotification with
      | type | FirmwareUpdated |

  @TC_L_02_CS @Core
  Scenario: Secure Firmware Update - InstallScheduled
    Given the charger is connected
    And the test system prepares the firmware at "${firmware_good_location}" with a valid signature
    When the test system sends UpdateFirmware with
      | requestId                   | 202                             |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now}                          |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
      | firmware.installDateTime    | ${now+2s}                       |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 202         |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloaded |
      | requestId | 202        |
    And the charger sends FirmwareStatusNotification with
      | status    | SignatureVerified |
      | requestId | 202               |
    # Installed at installDateTime, not before.
    And the charger sends FirmwareStatusNotification with
      | status    | InstallScheduled |
      | requestId | 202              |
    And the charger sends FirmwareStatusNotification with
      | status    | Installing |
      | requestId | 202        |
    # Installed after the reboot the new firmware needs.
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | FirmwareUpdate |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    And the charger sends FirmwareStatusNotification with
      | status    | Installed |
      | requestId | 202       |
    And the charger sends SecurityEventNotification with
      | type | FirmwareUpdated |

  @TC_L_03_CS @Core
  Scenario: Secure Firmware Update - DownloadScheduled
    Given the charger is connected
    And the test system prepares the firmware at "${firmware_good_location}" with a valid signature
    When the test system sends UpdateFirmware with
      | requestId                   | 203                             |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now+2s}                       |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | Accepted |
    # Downloaded at retrieveDateTime, not before.
    And the charger sends FirmwareStatusNotification with
      | status    | DownloadScheduled |
      | requestId | 203               |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 203         |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloaded |
      | requestId | 203        |
    And the charger sends FirmwareStatusNotification with
      | status    | SignatureVerified |
      | requestId | 203               |
    And the charger sends FirmwareStatusNotification with
      | status    | Installing |
      | requestId | 203        |
    # Installed after the reboot the new firmware needs.
    And the charger reconnects
    And the charger sends BootNotification with
      | reason | FirmwareUpdate |
    And the charger sends StatusNotification with
      | evseId          | 1         |
      | connectorStatus | Available |
    And the charger sends FirmwareStatusNotification with
      | status    | Installed |
      | requestId | 203       |
    And the charger sends SecurityEventNotification with
      | type | FirmwareUpdated |

  @TC_L_05_CS @Core
  Scenario: Secure Firmware Update - InvalidCertificate
    Given the charger is connected
    And the test system prepares the firmware at "${firmware_good_location}" with an invalid signing certificate
    When the test system sends UpdateFirmware with
      | requestId                   | 205                             |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now}                          |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | InvalidCertificate |
    And the charger sends SecurityEventNotification with
      | type | InvalidFirmwareSigningCertificate |
    And the charger sends no FirmwareStatusNotification within 1 seconds

  @TC_L_06_CS @Core
  Scenario: Secure Firmware Update - InvalidSignature
    Given the charger is connected
    And the test system prepares the firmware at "${firmware_good_location}" with an invalid signature
    When the test system sends UpdateFirmware with
      | requestId                   | 206                             |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now}                          |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 206         |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloaded |
      | requestId | 206        |
    And the charger sends FirmwareStatusNotification with
      | status    | InvalidSignature |
      | requestId | 206              |
    And the charger sends SecurityEventNotification with
      | type | InvalidFirmwareSignature |
    And the charger sends no BootNotification within 1 seconds

  @TC_L_07_CS @Core
  Scenario: Secure Firmware Update - DownloadFailed
    Given the charger is connected
    And the test system prepares the firmware at "${firmware_unreachable_location}" with a valid signature
    When the test system sends UpdateFirmware with
      | requestId                   | 207                             |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now}                          |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 207         |
    And the charger sends FirmwareStatusNotification with
      | status    | DownloadFailed |
      | requestId | 207            |
    And the charger sends no BootNotification within 1 seconds

  @TC_L_08_CS @Core
  Scenario: Secure Firmware Update - InstallVerificationFailed or InstallationFailed
    Given the charger is connected
    And the test system prepares the firmware at "${firmware_broken_location}" with a valid signature
    When the test system sends UpdateFirmware with
      | requestId                   | 208                             |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now}                          |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 208         |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloaded |
      | requestId | 208        |
    And the charger sends FirmwareStatusNotification with
      | status    | SignatureVerified |
      | requestId | 208               |
    And the charger sends FirmwareStatusNotification with
      | status    | Installing |
      | requestId | 208        |
    And the charger sends FirmwareStatusNotification with
      | status    | InstallVerificationFailed or InstallationFailed |
      | requestId | 208                                             |
    And the charger sends no BootNotification within 1 seconds

  @TC_L_10_CS @Core
  Scenario: Secure Firmware Update - AcceptedCanceled
    Given the charger is connected
    And the test system prepares the firmware at "${firmware_good_location}" with a valid signature
    When the test system sends UpdateFirmware with
      | requestId                   | 2101                            |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now+300s}                     |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | Accepted |
    And the charger sends FirmwareStatusNotification with
      | status    | DownloadScheduled |
      | requestId | 2101              |
    # A new request while the first waits: the first is canceled.
    When the test system sends UpdateFirmware with
      | requestId                   | 2102                            |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now+300s}                     |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | AcceptedCanceled |
    And the charger sends FirmwareStatusNotification with
      | status    | DownloadScheduled |
      | requestId | 2102              |
    # A last request that cannot download ends the scheduled one and leaves the charger as it was.
    Given the test system prepares the firmware at "${firmware_unreachable_location}" with a valid signature
    When the test system sends UpdateFirmware with
      | requestId                   | 2103                            |
      | firmware.location           | ${firmware_location}            |
      | firmware.retrieveDateTime   | ${now}                          |
      | firmware.signingCertificate | ${firmware_signing_certificate} |
      | firmware.signature          | ${firmware_signature}           |
    Then the charger answers with
      | status | AcceptedCanceled |
    And the charger sends FirmwareStatusNotification with
      | status    | Downloading |
      | requestId | 2103        |
    And the charger sends FirmwareStatusNotification with
      | status    | DownloadFailed |
      | requestId | 2103           |

