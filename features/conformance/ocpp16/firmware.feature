@ocpp16 @FirmwareManagement
Feature: OCPP 1.6 Firmware Management profile, the CSMS under test
  The CSMS asks the station to update its firmware and to upload its diagnostics, and
  handles the status notifications that follow (OCTT CSMS-side test cases, sections 3.15
  and 3.16). Our station does not download or upload anything: it reports as a Charge Point
  would.

  @TC_044_1_CSMS
  Scenario: Firmware Update - Download and Install
    Given the station has booted
    When the CSMS is asked to send UpdateFirmware with
      | location     | https://firmware.example.com/evh-1.1.0.bin |
      | retrieveDate | ${now}                                     |
    Then the CSMS sends UpdateFirmware with
      | location     | https://firmware.example.com/evh-1.1.0.bin |
      | retrieveDate | <present>                                  |
    # The station downloads the firmware
    When the station sends FirmwareStatusNotification with
      | status | Downloading |
    Then the CSMS answers
    When the station sends FirmwareStatusNotification with
      | status | Downloaded |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 0           |
      | status      | Unavailable |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1           |
      | status      | Unavailable |
    Then the CSMS answers
    # The station installs the firmware and reboots
    When the station sends FirmwareStatusNotification with
      | status | Installing |
    Then the CSMS answers
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | firmwareVersion | 1.1.0 |
    Then the CSMS answers with
      | status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 0         |
      | status      | Available |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    Then the CSMS answers
    When the station sends FirmwareStatusNotification with
      | status | Installed |
    Then the CSMS answers

  @TC_044_2_CSMS
  Scenario: Firmware Update - Download Failed
    Given the station has booted
    When the CSMS is asked to send UpdateFirmware with
      | location     | https://firmware.example.com/evh-1.1.0.bin |
      | retrieveDate | ${now}                                     |
    Then the CSMS sends UpdateFirmware with
      | location | https://firmware.example.com/evh-1.1.0.bin |
    When the station sends FirmwareStatusNotification with
      | status | Downloading |
    Then the CSMS answers
    # Downloading the firmware fails
    When the station sends FirmwareStatusNotification with
      | status | DownloadFailed |
    Then the CSMS answers

  @TC_044_3_CSMS
  Scenario: Firmware Update - Installation Failed
    Given the station has booted
    When the CSMS is asked to send UpdateFirmware with
      | location     | https://firmware.example.com/evh-1.1.0.bin |
      | retrieveDate | ${now}                                     |
    Then the CSMS sends UpdateFirmware with
      | location | https://firmware.example.com/evh-1.1.0.bin |
    When the station sends FirmwareStatusNotification with
      | status | Downloading |
    Then the CSMS answers
    When the station sends FirmwareStatusNotification with
      | status | Downloaded |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 0           |
      | status      | Unavailable |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1           |
      | status      | Unavailable |
    Then the CSMS answers
    When the station sends FirmwareStatusNotification with
      | status | Installing |
    Then the CSMS answers
    # The station reboots with its old firmware
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station sends StatusNotification with
      | connectorId | 0         |
      | status      | Available |
    Then the CSMS answers
    When the station sends StatusNotification with
      | connectorId | 1         |
      | status      | Available |
    Then the CSMS answers
    When the station sends FirmwareStatusNotification with
      | status | InstallationFailed |
    Then the CSMS answers

  @TC_045_1_CSMS
  Scenario: Get Diagnostics
    Given the station has booted
    And the station will answer GetDiagnostics with
      | fileName | diagnostics-evh.log |
    When the CSMS is asked to send GetDiagnostics with
      | location | ftp://diagnostics.example.com/uploads/ |
    Then the CSMS sends GetDiagnostics with
      | location | ftp://diagnostics.example.com/uploads/ |
    # The station uploads its diagnostics log
    When the station sends DiagnosticsStatusNotification with
      | status | Uploading |
    Then the CSMS answers
    When the station sends DiagnosticsStatusNotification with
      | status | Uploaded |
    Then the CSMS answers

  @TC_045_2_CSMS
  Scenario: Get Diagnostics - Upload Failed
    Given the station has booted
    And the station will answer GetDiagnostics with
      | fileName | diagnostics-evh.log |
    When the CSMS is asked to send GetDiagnostics with
      | location | ftp://diagnostics.example.com/uploads/ |
    Then the CSMS sends GetDiagnostics with
      | location | ftp://diagnostics.example.com/uploads/ |
    When the station sends DiagnosticsStatusNotification with
      | status | Uploading |
    Then the CSMS answers
    # Uploading the diagnostics log fails
    When the station sends DiagnosticsStatusNotification with
      | status | UploadFailed |
    Then the CSMS answers
