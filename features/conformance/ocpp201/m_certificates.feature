@ocpp201
Feature: OCPP 2.0.1 M - ISO 15118 and CA certificate management, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block M: the
  CSMS installs CA certificates on the station, reads which ones are installed, and deletes
  one by the hash data the station reported (M04.FR.07). The InstallCertificateRequest
  starts from the template (a CSMS root certificate made for these cases). The hash data the
  station reports are those of test certificates.

  @TC_M_01_CSMS @Core
  Scenario: Install CA certificate - CSMSRootCertificate
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CSMSRootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | <present>           |

  @TC_M_02_CSMS @Core
  Scenario: Install CA certificate - ManufacturerRootCertificate
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | ManufacturerRootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | ManufacturerRootCertificate |
      | certificate     | <present>                   |

  @TC_M_05_CSMS @Core
  Scenario: Install CA certificate - Failed
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Failed |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CSMSRootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | <present>           |

  @TC_M_12_CSMS @Core
  Scenario: Retrieve certificates from Charging Station - CSMSRootCertificate
    Given the station has booted
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                    | CSMSRootCertificate                                              |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 01112131                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
      | certificateType.1 | <absent>            |

  @TC_M_13_CSMS @Core
  Scenario: Retrieve certificates from Charging Station - ManufacturerRootCertificate
    Given the station has booted
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                    | ManufacturerRootCertificate                                      |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | 877c781f3ef47db467b860bc4ee804b0e3704d07773e30cb73046d65aee0a5bc |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | 4dc6598907f64e04258e4fa375d66494fc1159a21f56ce5239fb52dbea444709 |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 02122232                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
      | certificateType.1 | <absent>                    |

  @TC_M_17_CSMS @Core
  Scenario: Retrieve certificates from Charging Station - CSMSRootCertificate & ManufacturerRootCertificate
    Given the station has booted
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                    | CSMSRootCertificate                                              |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 01112131                                                         |
      | certificateHashDataChain.1.certificateType                    | ManufacturerRootCertificate                                      |
      | certificateHashDataChain.1.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.1.certificateHashData.issuerNameHash | 877c781f3ef47db467b860bc4ee804b0e3704d07773e30cb73046d65aee0a5bc |
      | certificateHashDataChain.1.certificateHashData.issuerKeyHash  | 4dc6598907f64e04258e4fa375d66494fc1159a21f56ce5239fb52dbea444709 |
      | certificateHashDataChain.1.certificateHashData.serialNumber   | 02122232                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate         |
      | certificateType.1 | ManufacturerRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate         |
      | certificateType.1 | ManufacturerRootCertificate |
      | certificateType.2 | <absent>                    |

  @TC_M_18_CSMS @Core
  Scenario: Retrieve certificates from Charging Station - All certificateTypes
    Given the station has booted
    # Every certificate in the station's truststore
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                    | CSMSRootCertificate                                              |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 01112131                                                         |
      | certificateHashDataChain.1.certificateType                    | ManufacturerRootCertificate                                      |
      | certificateHashDataChain.1.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.1.certificateHashData.issuerNameHash | 877c781f3ef47db467b860bc4ee804b0e3704d07773e30cb73046d65aee0a5bc |
      | certificateHashDataChain.1.certificateHashData.issuerKeyHash  | 4dc6598907f64e04258e4fa375d66494fc1159a21f56ce5239fb52dbea444709 |
      | certificateHashDataChain.1.certificateHashData.serialNumber   | 02122232                                                         |
      | certificateHashDataChain.2.certificateType                    | V2GRootCertificate                                               |
      | certificateHashDataChain.2.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.2.certificateHashData.issuerNameHash | 5cebcbcccc334778dab7b3666c3fec3e4c9f3ea19cb57ee0edaf83a53b82167e |
      | certificateHashDataChain.2.certificateHashData.issuerKeyHash  | d6cfb9effd785c679d0e73924f7666aed9492a78153768234513bf8148a9a479 |
      | certificateHashDataChain.2.certificateHashData.serialNumber   | 03132333                                                         |
      | certificateHashDataChain.3.certificateType                    | V2GCertificateChain                                              |
      | certificateHashDataChain.3.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.3.certificateHashData.issuerNameHash | a6f100032be59093e11552f2a11da7b04aef8e4d4857d7f348cfa6c050b45941 |
      | certificateHashDataChain.3.certificateHashData.issuerKeyHash  | 212ccc643356ce156ef83f40981d293583d54963af7189a657c2c3815824e950 |
      | certificateHashDataChain.3.certificateHashData.serialNumber   | 05152535                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType | <absent> |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType | <absent> |

  @TC_M_19_CSMS @Core
  Scenario: Retrieve certificates from Charging Station - No matching certificate found
    Given the station has booted
    And the station will answer GetInstalledCertificateIds with
      | status | NotFound |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | ManufacturerRootCertificate |
      | certificateType.1 | <absent>                    |

  @TC_M_20_CSMS @Core
  Scenario: Delete a certificate from a Charging Station - Success
    Given the station has booted
    # With SHA256: the station reports its certificate hashed so, the CSMS deletes it by that hash
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CSMSRootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | <present>           |
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                    | CSMSRootCertificate                                              |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 01112131                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
      | certificateType.1 | <absent>            |
    And the station will answer DeleteCertificate with
      | status | Accepted |
    # The operator picks the certificate the station reported
    When the CSMS is asked to send DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashData.serialNumber   | 01112131                                                         |
    Then the CSMS sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashData.serialNumber   | 01112131                                                         |
    # With SHA384: the station reports its certificate hashed so, the CSMS deletes it by that hash
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CSMSRootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | <present>           |
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                                                         |
      | certificateHashDataChain.0.certificateType                    | CSMSRootCertificate                                                                              |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA384                                                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | f4595cf771b0941c358f668e4d5753b6720d0d156634b8e2c704085d58371aef0bf4d27c9743f5eadd661fe4e6375368 |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | f2241eff4d8ab8592394648cf8397482bf89f0d1f0574a2edd3698b17f64567f1f58e10906e6b8d9a6111143fbc23c31 |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 01112131                                                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
      | certificateType.1 | <absent>            |
    And the station will answer DeleteCertificate with
      | status | Accepted |
    # The operator picks the certificate the station reported
    When the CSMS is asked to send DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA384                                                                                           |
      | certificateHashData.issuerNameHash | f4595cf771b0941c358f668e4d5753b6720d0d156634b8e2c704085d58371aef0bf4d27c9743f5eadd661fe4e6375368 |
      | certificateHashData.issuerKeyHash  | f2241eff4d8ab8592394648cf8397482bf89f0d1f0574a2edd3698b17f64567f1f58e10906e6b8d9a6111143fbc23c31 |
      | certificateHashData.serialNumber   | 01112131                                                                                         |
    Then the CSMS sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA384                                                                                           |
      | certificateHashData.issuerNameHash | f4595cf771b0941c358f668e4d5753b6720d0d156634b8e2c704085d58371aef0bf4d27c9743f5eadd661fe4e6375368 |
      | certificateHashData.issuerKeyHash  | f2241eff4d8ab8592394648cf8397482bf89f0d1f0574a2edd3698b17f64567f1f58e10906e6b8d9a6111143fbc23c31 |
      | certificateHashData.serialNumber   | 01112131                                                                                         |
    # With SHA512: the station reports its certificate hashed so, the CSMS deletes it by that hash
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CSMSRootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | <present>           |
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                                                                                         |
      | certificateHashDataChain.0.certificateType                    | CSMSRootCertificate                                                                                                              |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA512                                                                                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | 92abaef6469be9c1544604f734972928a576b27d79c2af94023434b26fc8a33b022b33eaa06f1224f49dc2fc780fe3c321c2180e48be32029c588f7e33dbaabc |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | 270d27c01f474e2ccf6a1dfd8a9a1f5afd8fdfd008b5758886602911fce7c9dc2ea4e314c91d38804b6d724433080825ccc04eb09f5dee2e9e8e095a7eb9c39d |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 01112131                                                                                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
      | certificateType.1 | <absent>            |
    And the station will answer DeleteCertificate with
      | status | Accepted |
    # The operator picks the certificate the station reported
    When the CSMS is asked to send DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA512                                                                                                                           |
      | certificateHashData.issuerNameHash | 92abaef6469be9c1544604f734972928a576b27d79c2af94023434b26fc8a33b022b33eaa06f1224f49dc2fc780fe3c321c2180e48be32029c588f7e33dbaabc |
      | certificateHashData.issuerKeyHash  | 270d27c01f474e2ccf6a1dfd8a9a1f5afd8fdfd008b5758886602911fce7c9dc2ea4e314c91d38804b6d724433080825ccc04eb09f5dee2e9e8e095a7eb9c39d |
      | certificateHashData.serialNumber   | 01112131                                                                                                                         |
    Then the CSMS sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA512                                                                                                                           |
      | certificateHashData.issuerNameHash | 92abaef6469be9c1544604f734972928a576b27d79c2af94023434b26fc8a33b022b33eaa06f1224f49dc2fc780fe3c321c2180e48be32029c588f7e33dbaabc |
      | certificateHashData.issuerKeyHash  | 270d27c01f474e2ccf6a1dfd8a9a1f5afd8fdfd008b5758886602911fce7c9dc2ea4e314c91d38804b6d724433080825ccc04eb09f5dee2e9e8e095a7eb9c39d |
      | certificateHashData.serialNumber   | 01112131                                                                                                                         |

  @TC_M_21_CSMS @Core
  Scenario: Delete a certificate from a Charging Station - Failed
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | CSMSRootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | CSMSRootCertificate |
      | certificate     | <present>           |
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                    | CSMSRootCertificate                                              |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 01112131                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | CSMSRootCertificate |
      | certificateType.1 | <absent>            |
    And the station will answer DeleteCertificate with
      | status | Failed |
    # The operator picks the certificate the station reported
    When the CSMS is asked to send DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashData.serialNumber   | 01112131                                                         |
    Then the CSMS sends DeleteCertificate with
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | b29eaff356f3c46202eb33449f6cfa9f8c5fdad2f93c2dcefcc81f898c67301a |
      | certificateHashData.issuerKeyHash  | 767d3d7199e17307e91cca4cc845216dc5a4c9afdf0657830558a46cba34191b |
      | certificateHashData.serialNumber   | 01112131                                                         |

  @TC_M_03_CSMS @ISO15118
  Scenario: Install CA certificate - V2GRootCertificate
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | V2GRootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | V2GRootCertificate |
      | certificate     | <present>          |

  @TC_M_04_CSMS @ISO15118
  Scenario: Install CA certificate - MORootCertificate
    Given the station has booted
    And the station will answer InstallCertificate with
      | status | Accepted |
    When the CSMS is asked to send InstallCertificate with
      | certificateType | MORootCertificate |
    Then the CSMS sends InstallCertificate with
      | certificateType | MORootCertificate |
      | certificate     | <present>         |

  @TC_M_14_CSMS @ISO15118
  Scenario: Retrieve certificates from Charging Station - V2GRootCertificate
    Given the station has booted
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                    | V2GRootCertificate                                               |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | 5cebcbcccc334778dab7b3666c3fec3e4c9f3ea19cb57ee0edaf83a53b82167e |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | d6cfb9effd785c679d0e73924f7666aed9492a78153768234513bf8148a9a479 |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 03132333                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | V2GRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | V2GRootCertificate |
      | certificateType.1 | <absent>           |

  @TC_M_15_CSMS @ISO15118
  Scenario: Retrieve certificates from Charging Station - V2GCertificateChain
    Given the station has booted
    # The V2G certificate chain: the leaf, and a sub-CA as its child
    And the station will answer GetInstalledCertificateIds with
      | status                                                               | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                           | V2GCertificateChain                                              |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm         | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash        | a6f100032be59093e11552f2a11da7b04aef8e4d4857d7f348cfa6c050b45941 |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash         | 212ccc643356ce156ef83f40981d293583d54963af7189a657c2c3815824e950 |
      | certificateHashDataChain.0.certificateHashData.serialNumber          | 05152535                                                         |
      | certificateHashDataChain.0.childCertificateHashData.0.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.childCertificateHashData.0.issuerNameHash | 5cebcbcccc334778dab7b3666c3fec3e4c9f3ea19cb57ee0edaf83a53b82167e |
      | certificateHashDataChain.0.childCertificateHashData.0.issuerKeyHash  | d6cfb9effd785c679d0e73924f7666aed9492a78153768234513bf8148a9a479 |
      | certificateHashDataChain.0.childCertificateHashData.0.serialNumber   | 03132333                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | V2GCertificateChain |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | V2GCertificateChain |
      | certificateType.1 | <absent>            |

  @TC_M_16_CSMS @ISO15118
  Scenario: Retrieve certificates from Charging Station - MORootCertificate
    Given the station has booted
    And the station will answer GetInstalledCertificateIds with
      | status                                                        | Accepted                                                         |
      | certificateHashDataChain.0.certificateType                    | MORootCertificate                                                |
      | certificateHashDataChain.0.certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashDataChain.0.certificateHashData.issuerNameHash | dc15f483fe5178936e2d26486892409755395f68fb06d65b13a6f5976d699714 |
      | certificateHashDataChain.0.certificateHashData.issuerKeyHash  | 75db1362a1cdae9bc36ff46bedb46cd39662d90fcae21f000c801869e18e8915 |
      | certificateHashDataChain.0.certificateHashData.serialNumber   | 04142434                                                         |
    When the CSMS is asked to send GetInstalledCertificateIds with
      | certificateType.0 | MORootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with
      | certificateType.0 | MORootCertificate |
      | certificateType.1 | <absent>          |
