@ocpp201
Feature: OCPP 2.0.1 L - Firmware management, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block L: the
  CSMS sends a secure firmware update (signing certificate and signature included, L01.FR.11)
  and follows the station's FirmwareStatusNotifications, through success and every failure.
  The UpdateFirmwareRequest starts from the template (conformance/templates/v201_csms_fp.yaml);
  the station reports each status with the request's requestId.

  @TC_L_01_CSMS @Core
  Scenario: Secure Firmware Update - Installation successful
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    And the station reports the firmware status Downloaded
    And the station reports the firmware status SignatureVerified
    And the station reports the firmware status Installing
    And the station reports the firmware status InstallRebooting
    # The station reboots into the new firmware
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | FirmwareUpdate |
    Then the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Available
    And the station reports the firmware status Installed

  @TC_L_02_CSMS @Core
  Scenario: Secure Firmware Update - InstallScheduled
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId                | 1          |
      | firmware.installDateTime | ${now+60s} |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
      | firmware.installDateTime    | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    And the station reports the firmware status Downloaded
    And the station reports the firmware status SignatureVerified
    And the station reports the firmware status InstallScheduled
    # At installDateTime (the harness does not wait for it) the installation begins
    And the station reports the firmware status Installing
    And the station reports the firmware status InstallRebooting
    # The station reboots into the new firmware
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | FirmwareUpdate |
    Then the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Available
    And the station reports the firmware status Installed

  @TC_L_03_CSMS @Core
  Scenario: Secure Firmware Update - DownloadScheduled
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId                 | 1          |
      | firmware.retrieveDateTime | ${now+60s} |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
      | firmware.retrieveDateTime   | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status DownloadScheduled
    # At retrieveDateTime (the harness does not wait for it) the download begins
    And the station reports the firmware status Downloading
    And the station reports the firmware status Downloaded
    And the station reports the firmware status SignatureVerified
    And the station reports the firmware status Installing
    And the station reports the firmware status InstallRebooting
    # The station reboots into the new firmware
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | FirmwareUpdate |
    Then the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Available
    And the station reports the firmware status Installed

  @TC_L_04_CSMS @Core
  Scenario: Secure Firmware Update - RevokedCertificate
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | RevokedCertificate |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |

  @TC_L_05_CSMS @Core
  Scenario: Secure Firmware Update - InvalidCertificate
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | InvalidCertificate |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    When the station sends SecurityEventNotification with
      | type      | InvalidFirmwareSigningCertificate |
      | timestamp | ${now}                            |
    Then the CSMS answers

  @TC_L_06_CSMS @Core
  Scenario: Secure Firmware Update - InvalidSignature
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    And the station reports the firmware status Downloaded
    And the station reports the firmware status InvalidSignature
    When the station sends SecurityEventNotification with
      | type      | InvalidFirmwareSignature |
      | timestamp | ${now}                   |
    Then the CSMS answers

  @TC_L_07_CSMS @Core
  Scenario: Secure Firmware Update - DownloadFailed
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    And the station reports the firmware status DownloadFailed

  @TC_L_08_CSMS @Core
  Scenario: Secure Firmware Update - InstallVerificationFailed
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    And the station reports the firmware status Downloaded
    And the station reports the firmware status SignatureVerified
    And the station reports the firmware status Installing
    And the station reports the firmware status InstallVerificationFailed

  @TC_L_09_CSMS @Core
  Scenario: Secure Firmware Update - InstallationFailed
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    And the station reports the firmware status Downloaded
    And the station reports the firmware status SignatureVerified
    And the station reports the firmware status Installing
    And the station reports the firmware status InstallationFailed

  @TC_L_10_CSMS @Core
  Scenario: Secure Firmware Update - AcceptedCanceled
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    # A second update while the first downloads: the station cancels the first
    And the station will answer UpdateFirmware with
      | status | AcceptedCanceled |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 2 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
      | requestId                   | 2         |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    And the station reports the firmware status Downloaded
    And the station reports the firmware status SignatureVerified
    And the station reports the firmware status Installing
    And the station reports the firmware status InstallRebooting
    # The station reboots into the new firmware
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | FirmwareUpdate |
    Then the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Available
    And the station reports the firmware status Installed

  @TC_L_11_CSMS @Core
  Scenario: Secure Firmware Update - Unable to cancel
    Given the station has booted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    And the station reports the firmware status Downloading
    # A second update while the first downloads: the station cannot cancel the first
    And the station will answer UpdateFirmware with
      | status | Rejected |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 2 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
      | requestId                   | 2         |
    # The first update goes on
    And the station reports the firmware status Downloaded
    And the station reports the firmware status SignatureVerified
    And the station reports the firmware status Installing
    And the station reports the firmware status InstallRebooting
    # The station reboots into the new firmware
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | FirmwareUpdate |
    Then the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Available
    And the station reports the firmware status Installed

  @TC_L_13_CSMS @Core
  Scenario: Secure Firmware Update - Unable to download/install firmware with ongoing transaction - AllowNewSessionsPendingFirmwareUpdate is false
    Given the station is in the reusable state EnergyTransferStarted
    And the station will answer UpdateFirmware with
      | status | Accepted |
    When the CSMS is asked to send UpdateFirmware with
      | requestId | 1 |
    Then the CSMS sends UpdateFirmware with
      | firmware.location           | <present> |
      | firmware.signingCertificate | <present> |
      | firmware.signature          | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    # The transaction goes on: the update waits for it to end
    And the station reports the firmware status DownloadScheduled
    When the station executes the reusable state StopAuthorized
    And the station executes the reusable state EVConnectedPostSession
    And the station executes the reusable state EVDisconnected
    # AllowNewSessionsPendingFirmwareUpdate is false: no new session until the update is done
    And the station reports the connector as Unavailable
    And the station reports the firmware status Downloading
    And the station reports the firmware status Downloaded
    And the station reports the firmware status SignatureVerified
    And the station reports the firmware status Installing
    And the station reports the firmware status InstallRebooting
    # The station reboots into the new firmware
    When the station disconnects
    And the station reconnects
    And the station sends BootNotification with
      | reason | FirmwareUpdate |
    Then the CSMS answers with
      | status | Accepted |
    And the station reports the connector as Available
    And the station reports the firmware status Installed

  @TC_L_17_CSMS
  Scenario: Publish Firmware - Published
    Given the station has booted
    # Our station plays a local controller that publishes firmware to the stations behind it
    And the station will answer PublishFirmware with
      | status | Accepted |
    When the CSMS is asked to send PublishFirmware with
      | requestId | 1 |
    Then the CSMS sends PublishFirmware with
      | location  | <present> |
      | checksum  | <present> |
      | requestId | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends PublishFirmwareStatusNotification with
      | status    | Downloading   |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status    | Downloaded    |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status    | ChecksumVerified |
      | requestId | ${request_id}    |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status     | Published                                             |
      | requestId  | ${request_id}                                         |
      | location.0 | http://192.168.1.10:8080/firmware/evharness-1.1.0.bin |
    Then the CSMS answers

  @TC_L_24_CSMS
  Scenario: Publish Firmware - Download failed
    Given the station has booted
    # Our station plays a local controller that publishes firmware to the stations behind it
    And the station will answer PublishFirmware with
      | status | Accepted |
    When the CSMS is asked to send PublishFirmware with
      | requestId | 1 |
    Then the CSMS sends PublishFirmware with
      | location  | <present> |
      | checksum  | <present> |
      | requestId | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends PublishFirmwareStatusNotification with
      | status    | Downloading   |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status    | DownloadFailed |
      | requestId | ${request_id}  |
    Then the CSMS answers

  @TC_L_19_CSMS
  Scenario: Publish Firmware - Invalid Checksum
    Given the station has booted
    # Our station plays a local controller that publishes firmware to the stations behind it
    And the station will answer PublishFirmware with
      | status | Accepted |
    When the CSMS is asked to send PublishFirmware with
      | requestId | 1 |
    Then the CSMS sends PublishFirmware with
      | location  | <present> |
      | checksum  | <present> |
      | requestId | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends PublishFirmwareStatusNotification with
      | status    | Downloading   |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status    | Downloaded    |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status    | InvalidChecksum |
      | requestId | ${request_id}   |
    Then the CSMS answers

  @TC_L_20_CSMS
  Scenario: Publish Firmware - PublishFailed
    Given the station has booted
    # Our station plays a local controller that publishes firmware to the stations behind it
    And the station will answer PublishFirmware with
      | status | Accepted |
    When the CSMS is asked to send PublishFirmware with
      | requestId | 1 |
    Then the CSMS sends PublishFirmware with
      | location  | <present> |
      | checksum  | <present> |
      | requestId | <present> |
    And the station remembers "requestId" of the CSMS's request as "request_id"
    When the station sends PublishFirmwareStatusNotification with
      | status    | Downloading   |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status    | Downloaded    |
      | requestId | ${request_id} |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status    | ChecksumVerified |
      | requestId | ${request_id}    |
    Then the CSMS answers
    When the station sends PublishFirmwareStatusNotification with
      | status    | PublishFailed |
      | requestId | ${request_id} |
    Then the CSMS answers

  @TC_L_21_CSMS
  Scenario: Unpublish Firmware - Unpublished
    Given the station has booted
    # Our station plays a local controller that publishes firmware to the stations behind it
    And the station will answer UnpublishFirmware with
      | status | Unpublished |
    When the CSMS is asked to send UnpublishFirmware with
      | checksum | 0b5bd1bd7f5c3b5a8d2a3f6d1e4c9a77 |
    Then the CSMS sends UnpublishFirmware with
      | checksum | 0b5bd1bd7f5c3b5a8d2a3f6d1e4c9a77 |

  @TC_L_22_CSMS
  Scenario: Unpublish Firmware - NoFirmware
    Given the station has booted
    # Our station plays a local controller that publishes firmware to the stations behind it
    # It has no firmware with that checksum
    And the station will answer UnpublishFirmware with
      | status | NoFirmware |
    When the CSMS is asked to send UnpublishFirmware with
      | checksum | 0b5bd1bd7f5c3b5a8d2a3f6d1e4c9a77 |
    Then the CSMS sends UnpublishFirmware with
      | checksum | 0b5bd1bd7f5c3b5a8d2a3f6d1e4c9a77 |

  @TC_L_23_CSMS
  Scenario: Unpublish Firmware - Download Ongoing
    Given the station has booted
    # Our station plays a local controller that publishes firmware to the stations behind it
    # It is still downloading that firmware
    And the station will answer UnpublishFirmware with
      | status | DownloadOngoing |
    When the CSMS is asked to send UnpublishFirmware with
      | checksum | 0b5bd1bd7f5c3b5a8d2a3f6d1e4c9a77 |
    Then the CSMS sends UnpublishFirmware with
      | checksum | 0b5bd1bd7f5c3b5a8d2a3f6d1e4c9a77 |
