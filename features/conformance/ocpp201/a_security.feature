@ocpp201
Feature: OCPP 2.0.1 A - Security, the CSMS under test
  Our station plays the Charging Station of the OCTT CSMS-side test cases of block A ("OCPP
  2.0.1 Part 6 - Test Cases", edition 3): HTTP Basic authentication (security profile 1) and
  the update of the BasicAuthPassword. ${basic_auth_password} is the password the plan runs
  with (--password); the CSMS must have it configured for the station.
  Not here: the TLS cases (TC_A_04, TC_A_06, TC_A_07, TC_A_08: a wss:// endpoint with
  certificates), the security profile upgrade (TC_A_19: ends on a TLS connection) and the
  certificate updates (TC_A_11, TC_A_12, TC_A_14: our CSMS signs no certificates).

  @TC_A_01_CSMS @Core
  Scenario: Basic Authentication - Valid username/password combination
    Given the station remembers its configured password as "basic_auth_password"
    When the station connects with password "${basic_auth_password}"
    Then the connection is accepted
    When the station sends BootNotification with
      | reason | PowerUp |
    Then the CSMS answers with
      | status | Accepted |
    When the station reports the connector as Available

  @TC_A_02_CSMS @Core
  Scenario: Basic Authentication - Username does not equal ChargingStationId
    Given the station remembers its configured password as "basic_auth_password"
    When the station connects as "${station_id}Invalid" with password "${basic_auth_password}"
    Then the connection is refused
    # Not in the OCA case: with the station's own credentials the CSMS accepts it, so the
    # refusal was for the credentials
    When the station connects with password "${basic_auth_password}"
    Then the connection is accepted
    When the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |

  @TC_A_03_CSMS @Core
  Scenario: Basic Authentication - Invalid password
    Given the station remembers its configured password as "basic_auth_password"
    When the station connects with password "EVH-invalid-pass-0000"
    Then the connection is refused
    # Not in the OCA case: with the station's own credentials the CSMS accepts it, so the
    # refusal was for the credentials
    When the station connects with password "${basic_auth_password}"
    Then the connection is accepted
    When the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |

  @TC_A_04_CSMS @Core
  Scenario: TLS - server-side certificate - Valid certificate
    # Security profile 2: the CSMS's TLS endpoint is the plan variable tls_target, the CA of
    # its certificate --ca-file. The tool's check of each cipher suite one at a time is not
    # done here.
    When the station connects over TLS
    Then the connection uses TLS 1.2 or above
    And the CSMS's server certificate meets the OCPP requirements
    When the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station reports the connector as Available

  @TC_A_06_CSMS @Core
  Scenario: TLS - server-side certificate - TLS version too low
    When the station tries to connect over TLS 1.1
    Then the connection is refused

  @TC_A_07_CSMS @Advanced_Security
  Scenario: TLS - Client-side certificate - valid certificate
    # Security profile 3: the CSMS's endpoint is the plan variable mtls_target; the station
    # presents --cert/--key (its subject commonName is the station id) and no password
    When the station connects over TLS with its client certificate
    Then the connection uses TLS 1.2 or above
    When the station sends BootNotification
    Then the CSMS answers with
      | status | Accepted |
    When the station reports the connector as Available

  @TC_A_09_CSMS @Core
  Scenario: Update Charging Station Password for HTTP Basic Authentication - Accepted
    Given the station remembers its configured password as "basic_auth_password"
    And the station has booted
    And the station will answer SetVariables with
      | setVariableResult.0.attributeStatus | Accepted          |
      | setVariableResult.0.component.name  | SecurityCtrlr     |
      | setVariableResult.0.variable.name   | BasicAuthPassword |
    # Manual action: request the CSMS to set a new BasicAuthPassword
    When the CSMS is asked to send SetVariables with
      | setVariableData.0.component.name | SecurityCtrlr         |
      | setVariableData.0.variable.name  | BasicAuthPassword     |
      | setVariableData.0.attributeValue | EVH-rotated-pass-0002 |
    Then the CSMS sends SetVariables with
      | setVariableData.0.component.name | SecurityCtrlr     |
      | setVariableData.0.variable.name  | BasicAuthPassword |
      | setVariableData.0.attributeValue | <present>         |
    And the station remembers "setVariableData.0.attributeValue" of the CSMS's request as "new_password"
    When the station reconnects with password "${new_password}"
    Then the connection is accepted
    When the station sends BootNotification with
      | reason | PowerUp |
    Then the CSMS answers with
      | status | Accepted |
    # Only the new credentials are accepted from now on
    When the station connects with password "${basic_auth_password}"
    Then the connection is refused
    # Not in the OCA case: the CSMS sets the configured password again, for the cases after
    # this one
    When the station reconnects with password "${new_password}"
    And the CSMS is asked to send SetVariables with
      | setVariableData.0.component.name | SecurityCtrlr          |
      | setVariableData.0.variable.name  | BasicAuthPassword      |
      | setVariableData.0.attributeValue | ${basic_auth_password} |
    Then the CSMS sends SetVariables with
      | setVariableData.0.attributeValue | ${basic_auth_password} |
    When the station reconnects with password "${basic_auth_password}"
    Then the connection is accepted

  @TC_A_10_CSMS @Core
  Scenario: Update Charging Station Password for HTTP Basic Authentication - Rejected
    Given the station remembers its configured password as "basic_auth_password"
    And the station has booted
    And the station will answer SetVariables with
      | setVariableResult.0.attributeStatus | Rejected          |
      | setVariableResult.0.component.name  | SecurityCtrlr     |
      | setVariableResult.0.variable.name   | BasicAuthPassword |
    # Manual action: request the CSMS to set a new BasicAuthPassword
    When the CSMS is asked to send SetVariables with
      | setVariableData.0.component.name | SecurityCtrlr          |
      | setVariableData.0.variable.name  | BasicAuthPassword      |
      | setVariableData.0.attributeValue | EVH-rejected-pass-0003 |
    Then the CSMS sends SetVariables with
      | setVariableData.0.component.name | SecurityCtrlr     |
      | setVariableData.0.variable.name  | BasicAuthPassword |
      | setVariableData.0.attributeValue | <present>         |
    # The station keeps its password: the CSMS must still accept the old credentials
    When the station reconnects with password "${basic_auth_password}"
    Then the connection is accepted
    When the station sends BootNotification with
      | reason | PowerUp |
    Then the CSMS answers with
      | status | Accepted |
