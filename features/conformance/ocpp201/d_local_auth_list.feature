@ocpp201
Feature: OCPP 2.0.1 D - Local Authorization List Management, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block D ("OCPP
  2.0.1 Part 6 - Test Cases", edition 3, profile Local Auth List Management): the CSMS sends
  the station a full or differential Local Authorization List and reads its version. "The
  CSMS is asked to" is the manual action of the OCA case (through the admin API against our
  CSMS).

  @TC_D_01_CSMS @LocalAuthListManagement
  Scenario: Send Local Authorization List - Full
    Given the station has booted
    And the station will answer SendLocalList with
      | status | Accepted |
    # Manual action: request the CSMS to send a full Local Authorization List
    When the CSMS is asked to send SendLocalList with
      | versionNumber                               | 1                 |
      | updateType                                  | Full              |
      | localAuthorizationList.0.idToken.idToken    | ${valid_id_tag}   |
      | localAuthorizationList.0.idToken.type       | ISO14443          |
      | localAuthorizationList.0.idTokenInfo.status | Accepted          |
      | localAuthorizationList.1.idToken.idToken    | ${blocked_id_tag} |
      | localAuthorizationList.1.idToken.type       | ISO14443          |
      | localAuthorizationList.1.idTokenInfo.status | Blocked           |
    Then the CSMS sends SendLocalList with
      | updateType                                  | Full      |
      | versionNumber                               | <present> |
      | localAuthorizationList.0.idToken.idToken    | <present> |
      | localAuthorizationList.0.idTokenInfo.status | <present> |
      | localAuthorizationList.1.idTokenInfo.status | <present> |

  @TC_D_02_CSMS @LocalAuthListManagement
  Scenario: Send Local Authorization List - Differential Update
    # Memory state: the CSMS has an idToken to add to the list
    Given the CSMS knows the id token "${valid_id_tag2}" of group "${group_id_tag}"
    And the station has booted
    And the station will answer GetLocalListVersion with
      | versionNumber | 1 |
    And the station will answer SendLocalList with
      | status | Accepted |
    # Optional: the CSMS reads the version of the station's list first
    When the CSMS is asked to send GetLocalListVersion
    Then the CSMS sends GetLocalListVersion
    # Manual action: request the CSMS to add an idToken that is not on the list yet
    When the CSMS is asked to send SendLocalList with
      | versionNumber                               | 2                |
      | updateType                                  | Differential     |
      | localAuthorizationList.0.idToken.idToken    | ${valid_id_tag2} |
      | localAuthorizationList.0.idToken.type       | ISO14443         |
      | localAuthorizationList.0.idTokenInfo.status | Accepted         |
    # The version must be higher than the station's (1)
    Then the CSMS sends SendLocalList with
      | updateType                                  | Differential     |
      | versionNumber                               | 2                |
      | localAuthorizationList.0.idToken.idToken    | ${valid_id_tag2} |
      | localAuthorizationList.0.idTokenInfo.status | <present>        |
      | localAuthorizationList.1                    | <absent>         |

  @TC_D_03_CSMS @LocalAuthListManagement
  Scenario: Send Local Authorization List - Differential Remove
    # Memory state: the CSMS has an idToken to add to the list
    Given the CSMS knows the id token "${valid_id_tag2}" of group "${group_id_tag}"
    And the station has booted
    And the station will answer GetLocalListVersion with
      | versionNumber | 2 |
    And the station will answer SendLocalList with
      | status | Accepted |
    # Optional: the CSMS reads the version of the station's list first
    When the CSMS is asked to send GetLocalListVersion
    Then the CSMS sends GetLocalListVersion
    # Manual action: request the CSMS to remove an idToken from the list (an entry without
    # idTokenInfo)
    When the CSMS is asked to send SendLocalList with
      | versionNumber                            | 3                |
      | updateType                               | Differential     |
      | localAuthorizationList.0.idToken.idToken | ${valid_id_tag2} |
      | localAuthorizationList.0.idToken.type    | ISO14443         |
    Then the CSMS sends SendLocalList with
      | updateType                               | Differential     |
      | versionNumber                            | 3                |
      | localAuthorizationList.0.idToken.idToken | ${valid_id_tag2} |
      | localAuthorizationList.0.idTokenInfo     | <absent>         |

  @TC_D_04_CSMS @LocalAuthListManagement
  Scenario: Send Local Authorization List - Full with empy list
    Given the station has booted
    And the station will answer SendLocalList with
      | status | Accepted |
    # Manual action: request the CSMS to clear the station's Local Authorization List
    When the CSMS is asked to send SendLocalList with
      | versionNumber | 4    |
      | updateType    | Full |
    Then the CSMS sends SendLocalList with
      | updateType               | Full      |
      | versionNumber            | <present> |
      | localAuthorizationList.0 | <absent>  |

  @TC_D_08_CSMS @LocalAuthListManagement
  Scenario: Get Local List Version - Success
    Given the station has booted
    And the station will answer GetLocalListVersion with
      | versionNumber | 4 |
    # Manual action: request the CSMS to read the version of the station's list
    When the CSMS is asked to send GetLocalListVersion
    Then the CSMS sends GetLocalListVersion

  @TC_D_09_CSMS @LocalAuthListManagement
  Scenario: Get Local List Version - No list available
    Given the station has booted
    And the station will answer GetLocalListVersion with
      | versionNumber | 0 |
    # Manual action: request the CSMS to read the version of the station's list
    When the CSMS is asked to send GetLocalListVersion
    Then the CSMS sends GetLocalListVersion
    # The CSMS takes version 0 (no list) and goes on
    When the station sends Heartbeat
    Then the CSMS answers with
      | currentTime | <present> |
