@ocpp201
Feature: OCPP 2.0.1 M Certificate management, the charger under test
  Our test system plays the CSMS of the OCA charger-side test cases ("OCPP 2.0.1 Part 6 -
  Test Cases", block M): installing, listing and deleting root certificates. The test system
  makes the root certificates it installs (a run may give its own with --set), and deletes
  them again at the end of each case.

  @TC_M_01_CS @Core
  Scenario: Install CA certificate - CSMSRootCertificate
    Given the charger is connected
    And the test system makes a root certificate "OCTT CSMS Root" as "csms_root"
    When the test system sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | ${csms_root}        |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the charger answers with
      | certificateHashDataChain.0.certificateType                   | CSMSRootCertificate |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm | SHA256              |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "csms_root_id"
    # Back as the charger was.
    When the test system sends DeleteCertificate with
      | certificateHashData | ${csms_root_id} |
    Then the charger answers with
      | status | Accepted |

  @TC_M_02_CS @Core
  Scenario: Install CA certificate - ManufacturerRootCertificate
    Given the charger is connected
    And the test system makes a root certificate "OCTT Manufacturer Root" as "manufacturer_root"
    When the test system sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturer_root}        |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the charger answers with
      | certificateHashDataChain.0.certificateType | ManufacturerRootCertificate |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "manufacturer_root_id"
    # Back as the charger was.
    When the test system sends DeleteCertificate with
      | certificateHashData | ${manufacturer_root_id} |
    Then the charger answers with
      | status | Accepted |

  @TC_M_07_CS @Core
  Scenario: Install CA certificate - Rejected - Certificate invalid
    Given the charger is connected
    And the test system makes an expired root certificate "OCTT Expired Root" as "expired_root"
    When the test system sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | ${expired_root}     |
    Then the charger answers with
      | status | Rejected |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the charger answers with
      | status | NotFound |

  @TC_M_12_CS @Core
  Scenario: Retrieve certificates from Charging Station - CSMSRootCertificate
    Given the charger is connected
    And the test system makes a root certificate "OCTT CSMS Root" as "csms_root"
    When the test system sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | ${csms_root}        |
    Then the charger answers with
      | status | Accepted |
    And the test system makes a root certificate "OCTT Manufacturer Root" as "manufacturer_root"
    When the test system sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturer_root}        |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the charger answers with
      | certificateHashDataChain.0.certificateType | CSMSRootCertificate |
      | certificateHashDataChain.1                 | <absent>            |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "csms_root_id"
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "manufacturer_root_id"
    # Back as the charger was.
    When the test system sends DeleteCertificate with
      | certificateHashData | ${csms_root_id} |
    Then the charger answers with
      | status | Accepted |
    When the test system sends DeleteCertificate with
      | certificateHashData | ${manufacturer_root_id} |
    Then the charger answers with
      | status | Accepted |

  @TC_M_13_CS @Core
  Scenario: Retrieve certificates from Charging Station - ManufacturerRootCertificate
    Given the charger is connected
    And the test system makes a root certificate "OCTT CSMS Root" as "csms_root"
    When the test system sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | ${csms_root}        |
    Then the charger answers with
      | status | Accepted |
    And the test system makes a root certificate "OCTT Manufacturer Root" as "manufacturer_root"
    When the test system sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturer_root}        |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the charger answers with
      | certificateHashDataChain.0.certificateType | ManufacturerRootCertificate |
      | certificateHashDataChain.1                 | <absent>                    |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "manufacturer_root_id"
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "csms_root_id"
    # Back as the charger was.
    When the test system sends DeleteCertificate with
      | certificateHashData | ${csms_root_id} |
    Then the charger answers with
      | status | Accepted |
    When the test system sends DeleteCertificate with
      | certificateHashData | ${manufacturer_root_id} |
    Then the charger answers with
      | status | Accepted |

  @TC_M_17_CS @Core
  Scenario: Retrieve certificates from Charging Station - CSMSRootCertificate & ManufacturerRootCertificate
    Given the charger is connected
    And the test system makes a root certificate "OCTT CSMS Root" as "csms_root"
    When the test system sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | ${csms_root}        |
    Then the charger answers with
      | status | Accepted |
    And the test system makes a root certificate "OCTT Manufacturer Root" as "manufacturer_root"
    When the test system sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturer_root}        |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate         |
      | certificateType.1 | ManufacturerRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the charger answers with
      | certificateHashDataChain.0.certificateType | CSMSRootCertificate or ManufacturerRootCertificate |
      | certificateHashDataChain.1.certificateType | CSMSRootCertificate or ManufacturerRootCertificate |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "csms_root_id"
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "manufacturer_root_id"
    # Back as the charger was.
    When the test system sends DeleteCertificate with
      | certificateHashData | ${csms_root_id} |
    Then the charger answers with
      | status | Accepted |
    When the test system sends DeleteCertificate with
      | certificateHashData | ${manufacturer_root_id} |
    Then the charger answers with
      | status | Accepted |

  @TC_M_18_CS @Core
  Scenario: Retrieve certificates from Charging Station - All certificateTypes
    Given the charger is connected
    And the test system makes a root certificate "OCTT CSMS Root" as "csms_root"
    When the test system sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | ${csms_root}        |
    Then the charger answers with
      | status | Accepted |
    And the test system makes a root certificate "OCTT Manufacturer Root" as "manufacturer_root"
    When the test system sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturer_root}        |
    Then the charger answers with
      | status | Accepted |
    # No certificateType: every installed certificate.
    When the test system sends GetInstalledCertificateIds
    Then the charger answers with
      | status | Accepted |
    And the charger answers with
      | certificateHashDataChain.0.certificateHashData.serialNumber | <present> |
      | certificateHashDataChain.1.certificateHashData.serialNumber | <present> |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "csms_root_id"
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "manufacturer_root_id"
    # Back as the charger was.
    When the test system sends DeleteCertificate with
      | certificateHashData | ${csms_root_id} |
    Then the charger answers with
      | status | Accepted |
    When the test system sends DeleteCertificate with
      | certificateHashData | ${manufacturer_root_id} |
    Then the charger answers with
      | status | Accepted |

  @TC_M_19_CS @Core
  Scenario: Retrieve certificates from Charging Station - No matching certificate found
    Given the charger is connected
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | V2GRootCertificate |
    Then the charger answers with
      | status | NotFound |
    And the charger answers with
      | certificateHashDataChain | <absent> |

  @TC_M_20_CS @Core
  Scenario: Delete a certificate from a Charging Station - Success
    Given the charger is connected
    And the test system makes a root certificate "OCTT CSMS Root" as "csms_root"
    When the test system sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | ${csms_root}        |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the charger answers with
      | status | Accepted |
    And the test system remembers "certificateHashDataChain.0.certificateHashData" of the answer as "csms_root_id"
    When the test system sends DeleteCertificate with
      | certificateHashData | ${csms_root_id} |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the charger answers with
      | status | NotFound |

  @TC_M_22_CS @Core
  Scenario: Delete a certificate from a Charging Station - No matching certificate found
    Given the charger is connected
    # Hash data of no installed certificate.
    When the test system sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | 0000000000000000000000000000000000000000000000000000000000000000 |
      | certificateHashData.issuerKeyHash  | 0000000000000000000000000000000000000000000000000000000000000000 |
      | certificateHashData.serialNumber   | 0123456789abcdef                                                 |
    Then the charger answers with
      | status | NotFound |
