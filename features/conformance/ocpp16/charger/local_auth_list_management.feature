@ocpp16 @LocalAuthListManagement
Feature: OCPP 1.6 Local Auth List Management profile, the charger under test
  Our test system plays the Central System of the OCTT charger-side test cases (section
  2.17). Every case starts with a Full update of its own, so it does not depend on the list
  an earlier case left.

  @TC_042_1_CS
  Scenario: Get Local List Version (not supported)
    Given the charger is connected
    # The charger supports the profile, but allows LocalAuthListEnabled = false.
    And the test system sets the charger's configuration keys
      | LocalAuthListEnabled | false |
    When the test system sends GetLocalListVersion
    Then the charger answers with
      | listVersion | -1 |
    And the test system restores the charger's configuration keys

  @TC_042_2_CS
  Scenario: Get Local List Version (empty)
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalAuthListEnabled | true |
    # Memory state: the local list is empty.
    When the test system sends SendLocalList with
      | listVersion            | 1    |
      | updateType             | Full |
      | localAuthorizationList | []   |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetLocalListVersion
    Then the charger answers with
      | listVersion | 0 |
    And the test system restores the charger's configuration keys

  @TC_043_CS
  Scenario: Send Local Authorization List
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalAuthListEnabled | true |
    When the test system sends SendLocalList with
      | listVersion                               | 1               |
      | updateType                                | Full            |
      | localAuthorizationList.0.idTag            | ${valid_id_tag} |
      | localAuthorizationList.0.idTagInfo.status | Accepted        |
    Then the charger answers with
      | status | Accepted |
    When the test system sends SendLocalList with
      | listVersion                               | 2            |
      | updateType                                | Differential |
      | localAuthorizationList.0.idTag            | EVH-VALID-02 |
      | localAuthorizationList.0.idTagInfo.status | Accepted     |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetLocalListVersion
    Then the charger answers with
      | listVersion | 2 |
    And the test system restores the charger's configuration keys

  @TC_043_1_CS
  Scenario: Send Local Authorization List - NotSupported
    Given the charger is connected
    # The charger supports the profile: with the list disabled it does not take one.
    And the test system sets the charger's configuration keys
      | LocalAuthListEnabled | false |
    When the test system sends SendLocalList with
      | listVersion | 1    |
      | updateType  | Full |
    Then the charger answers with
      | status | NotSupported |
    And the test system restores the charger's configuration keys

  @TC_043_2_CS
  Scenario: Send Local Authorization List - VersionMismatch
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalAuthListEnabled | true |
    When the test system sends SendLocalList with
      | listVersion                               | 2               |
      | updateType                                | Full            |
      | localAuthorizationList.0.idTag            | ${valid_id_tag} |
      | localAuthorizationList.0.idTagInfo.status | Accepted        |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetLocalListVersion
    Then the charger answers with
      | listVersion | 2 |
    When the test system sends SendLocalList with
      | listVersion                               | 5            |
      | updateType                                | Differential |
      | localAuthorizationList.0.idTag            | EVH-VALID-03 |
      | localAuthorizationList.0.idTagInfo.status | Accepted     |
    Then the charger answers with
      | status | Accepted |
    When the test system sends GetLocalListVersion
    Then the charger answers with
      | listVersion | 5 |
    # An older version than the charger has.
    When the test system sends SendLocalList with
      | listVersion                               | 4            |
      | updateType                                | Differential |
      | localAuthorizationList.0.idTag            | EVH-VALID-02 |
      | localAuthorizationList.0.idTagInfo.status | Accepted     |
    Then the charger answers with
      | status | VersionMismatch |
    When the test system sends GetLocalListVersion
    Then the charger answers with
      | listVersion | 5 |
    And the test system restores the charger's configuration keys

  @TC_043_3_CS
  Scenario: Send Local Authorization List - Failed
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalAuthListEnabled | true |
    # Prerequisite: the charger is in a state in which it will fail to store a list.
    And the operator is asked to make the local list storage fail
    When the test system sends SendLocalList with
      | listVersion                               | 2               |
      | updateType                                | Full            |
      | localAuthorizationList.0.idTag            | ${valid_id_tag} |
      | localAuthorizationList.0.idTagInfo.status | Accepted        |
    Then the charger answers with
      | status | Failed |
    And the operator is asked to repair the local list storage
    And the test system restores the charger's configuration keys

  @TC_008_CS
  Scenario: Regular Start Charging Session – Id in Local Authorization List
    Given the charger is connected
    And the test system sets the charger's configuration keys
      | LocalPreAuthorize         | true  |
      | AuthorizationCacheEnabled | false |
      | LocalAuthListEnabled      | true  |
    When the test system sends GetLocalListVersion
    Then the charger answers with
      | listVersion | <present> |
    When the test system sends SendLocalList with
      | listVersion                               | 10              |
      | updateType                                | Full            |
      | localAuthorizationList.0.idTag            | ${valid_id_tag} |
      | localAuthorizationList.0.idTagInfo.status | Accepted        |
    Then the charger answers with
      | status | Accepted |
    When the operator is asked to present the card with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    Then the charger sends StatusNotification with
      | connectorId | 1         |
      | status      | Preparing |
    When the operator is asked to plug in the cable with
      | connectorId | 1 |
    Then the charger sends StartTransaction with
      | connectorId | 1               |
      | idTag       | ${valid_id_tag} |
    And the charger sends StatusNotification with
      | connectorId | 1        |
      | status      | Charging |
    When the EV driver ends the session on connector 1
    Then the test system restores the charger's configuration keys
