@ocpp16 @LocalAuthListManagement
Feature: OCPP 1.6 Local Auth List Management profile, the CSMS under test
  The CSMS reads the version of the station's Local Authorization List and sends it lists
  (OCTT CSMS-side test cases, section 3.14). Our station answers as a Charge Point that does
  or does not support the profile, as each case needs.

  @TC_042_1_CSMS
  Scenario: Get Local List Version (not supported)
    Given the station has booted
    # A Charge Point without Local Authorization Lists answers listVersion -1
    And the station will answer GetLocalListVersion with
      | listVersion | -1 |
    When the CSMS is asked to send GetLocalListVersion
    Then the CSMS sends GetLocalListVersion

  @TC_042_2_CSMS
  Scenario: Get Local List Version (empty)
    Given the station has booted
    And the station will answer GetLocalListVersion with
      | listVersion | 0 |
    When the CSMS is asked to send GetLocalListVersion
    Then the CSMS sends GetLocalListVersion

  @TC_043_1_CSMS
  Scenario: Send Local Authorization List - NotSupported
    Given the station has booted
    And the station will answer SendLocalList with
      | status | NotSupported |
    When the CSMS is asked to send SendLocalList with
      | listVersion                                | 1               |
      | updateType                                 | Full            |
      | localAuthorizationList.0.idTag             | ${valid_id_tag} |
      | localAuthorizationList.0.idTagInfo.status  | Accepted        |
    Then the CSMS sends SendLocalList with
      | updateType | Full |

  @TC_043_3_CSMS
  Scenario: Send Local Authorization List - Failed
    Given the station has booted
    And the station will answer SendLocalList with
      | status | Failed |
    When the CSMS is asked to send SendLocalList with
      | listVersion                                | 1               |
      | updateType                                 | Full            |
      | localAuthorizationList.0.idTag             | ${valid_id_tag} |
      | localAuthorizationList.0.idTagInfo.status  | Accepted        |
    Then the CSMS sends SendLocalList with
      | updateType | Full |

  @TC_043_4_CSMS
  Scenario: Send Local Authorization List - Full
    Given the station has booted
    And the station will answer SendLocalList with
      | status | Accepted |
    When the CSMS is asked to send SendLocalList with
      | listVersion                                | 1                 |
      | updateType                                 | Full              |
      | localAuthorizationList.0.idTag             | ${valid_id_tag}   |
      | localAuthorizationList.0.idTagInfo.status  | Accepted          |
      | localAuthorizationList.1.idTag             | ${blocked_id_tag} |
      | localAuthorizationList.1.idTagInfo.status  | Blocked           |
    # Every entry of the list carries an idTagInfo
    Then the CSMS sends SendLocalList with
      | updateType                                | Full      |
      | listVersion                               | <present> |
      | localAuthorizationList.0.idTag            | <present> |
      | localAuthorizationList.0.idTagInfo.status | <present> |
      | localAuthorizationList.1.idTag            | <present> |
      | localAuthorizationList.1.idTagInfo.status | <present> |

  @TC_043_5_CSMS
  Scenario: Send Local Authorization List - Differential
    Given the station has booted
    # Memory state: the initial list, set with update type Full
    And the station will answer SendLocalList with
      | status | Accepted |
    When the CSMS is asked to send SendLocalList with
      | listVersion                                | 1               |
      | updateType                                 | Full            |
      | localAuthorizationList.0.idTag             | ${valid_id_tag} |
      | localAuthorizationList.0.idTagInfo.status  | Accepted        |
    Then the CSMS sends SendLocalList with
      | updateType  | Full |
      | listVersion | 1    |
    Given the station will answer GetLocalListVersion with
      | listVersion | 1 |
    When the CSMS is asked to send GetLocalListVersion
    Then the CSMS sends GetLocalListVersion
    # A Differential update with one idTag that is not on the list yet
    When the CSMS is asked to send SendLocalList with
      | listVersion                                | 2                 |
      | updateType                                 | Differential      |
      | localAuthorizationList.0.idTag             | ${group_id_tag}   |
      | localAuthorizationList.0.idTagInfo.status  | Accepted          |
    Then the CSMS sends SendLocalList with
      | updateType                                | Differential    |
      | listVersion                               | 2               |
      | localAuthorizationList.0.idTag            | ${group_id_tag} |
      | localAuthorizationList.0.idTagInfo.status | <present>       |
      | localAuthorizationList.1                  | <absent>        |
