@ocpp16 @FirmwareManagement
Feature: OCPP 1.6 Firmware Management profile, the charger under test
  Our test system plays the Central System of the OCTT charger-side test cases (sections
  2.18 and 2.19, GetDiagnostics). Locations: the tester's file server. A file name starting
  "does_not_exist_" (the OCTT's prefix) cannot be downloaded; "invalid_" names a firmware
  that does not install; a host in .invalid cannot be reached.

  @TC_044_1_CS
  Scenario: Firmware Update - Download and Install
    Given the charger is connected
    When the test system sends UpdateFirmware with
      | location     | https://firmware.example.com/evharness/firmware-2.0.0.bin |
      | retrieveDate | ${now}                                                    |
    Then the charger sends FirmwareStatusNotification with
      | status | Downloading |
    And the charger sends FirmwareStatusNotification with
      | status | Downloaded |
    And the charger sends FirmwareStatusNotification with
      | status | Installing |
    # The charger reboots into the new firmware.
    And the charger reconnects
    And the charger sends BootNotification
    And the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    And the charger sends FirmwareStatusNotification with
      | status | Installed |

  @TC_044_2_CS
  Scenario: Firmware Update - Download Failed
    Given the charger is connected
    When the test system sends UpdateFirmware with
      | location     | https://firmware.example.com/evharness/does_not_exist_firmware-2.0.0.bin |
      | retrieveDate | ${now}                                                                   |
      | retries      | 0                                                                        |
    Then the charger sends FirmwareStatusNotification with
      | status | Downloading |
    And the charger sends FirmwareStatusNotification with
      | status | DownloadFailed |

  @TC_044_3_CS
  Scenario: Firmware Update - Installation Failed
    Given the charger is connected
    # <Invalid Firmware Location>
    When the test system sends UpdateFirmware with
      | location     | https://firmware.example.com/evharness/invalid_firmware-2.0.0.bin |
      | retrieveDate | ${now}                                                            |
    Then the charger sends FirmwareStatusNotification with
      | status | Downloading |
    And the charger sends FirmwareStatusNotification with
      | status | Downloaded |
    And the charger sends FirmwareStatusNotification with
      | status | Installing |
    And the charger sends FirmwareStatusNotification with
      | status | InstallationFailed |

  @TC_045_1_CS
  Scenario: Get Diagnostics
    Given the charger is connected
    # <Configured log location>
    When the test system sends GetDiagnostics with
      | location | ftp://diagnostics.example.com/evharness/ |
    Then the charger answers with
      | fileName | <present> |
    And the charger sends DiagnosticsStatusNotification with
      | status | Uploading |
    And the charger sends DiagnosticsStatusNotification with
      | status | Uploaded |

  @TC_045_2_CS
  Scenario: Get Diagnostics - Upload Failed
    Given the charger is connected
    # A location the charger cannot upload to.
    When the test system sends GetDiagnostics with
      | location | ftp://diagnostics.example.invalid/evharness/ |
      | retries  | 0                                            |
    Then the charger answers
    And the charger sends DiagnosticsStatusNotification with
      | status | Uploading |
    And the charger sends DiagnosticsStatusNotification with
      | status | UploadFailed |
