Feature: Operators, their private networks and what they earn
  An operator is a company that has chargers (a hotel, a restaurant chain) while the tenant
  manages them. Operators are optional; they matter for revenue shares and for operator
  logins that see only their own chargers.

  Choices where the product text leaves room:
  - The code is unique within a tenant and never changes; sending the current code in an
    update is accepted, any other code is refused.
  - Deleting an operator is refused while anything references it: a location (charging
    area), a user with an operator login, a member of its private network, or a settlement
    such as a commission statement. The refusal names what is left. A statement is history
    and is never removed, so an operator that has been settled stays.
  - An operator login sees the stations of every location the operator runs and their
    sessions, with times in the operator's time zone (the UTC offset of that moment, e.g.
    +01:00 for Europe/Amsterdam in November). Anything of another operator is "not found".
  - An invisible station refuses cards that are not in its operator's private network, in
    the same way a charge group refuses: "Invalid" in 1.6, "NotAtThisLocation" in 2.0.1.
    The operator's own login grants and revokes membership; it needs a location with that
    operator assigned.
  - Reports and statements count the sessions that ended in the period, from their charge
    detail records, revenue excluding VAT.
  - Idle session setting: the CSMS sweeps every minute; a session whose meter has not
    moved for the configured minutes is no longer listed as active. The sweep is run in
    the scenario at a chosen moment rather than waited for.
  - Energy step delta: a sample whose register moved less than the delta since the last
    stored point is not stored; the final reading of a session is always stored.
  - Monetary session limit: the running cost is compared at every meter sample (here one
    every two minutes, about 0.11 EUR apart), so the session ends a sample or two after the
    limit is reached; it is stopped once.
  - Tariffs in these scenarios have no VAT.

  Background:
    Given a tenant "Acme"

  @OP-1
  Scenario: An operator is created with every detail and shown in full
    Given "Tom" is a tenant admin
    When "Tom" creates an operator with:
      | name              | Hotel Group             |
      | code              | HOTEL                   |
      | status            | active                  |
      | organisation name | Hotel Group B.V.        |
      | address           | Stationsplein 1         |
      | phone             | +31 20 555 0100         |
      | country           | NL                      |
      | state             | Noord-Holland           |
      | city              | Amsterdam               |
      | zip               | 1012 AB                 |
      | timezone          | Europe/Amsterdam        |
      | session rating    | {"rate_after_minutes": 5} |
      | idle minutes      | 30                      |
      | step delta Wh     | 100                     |
      | session limit EUR | 50.00                   |
    Then the request succeeds
    And operator "Hotel Group" reads:
      | code              | HOTEL                   |
      | status            | active                  |
      | organisation name | Hotel Group B.V.        |
      | address           | Stationsplein 1         |
      | phone             | +31 20 555 0100         |
      | country           | NL                      |
      | state             | Noord-Holland           |
      | city              | Amsterdam               |
      | zip               | 1012 AB                 |
      | timezone          | Europe/Amsterdam        |
      | session rating    | {"rate_after_minutes": 5} |
      | idle minutes      | 30                      |
      | step delta Wh     | 100                     |
      | session limit EUR | 50.00                   |
    And integrations find operator "Hotel Group" by its code "HOTEL"

  @OP-1
  Scenario: Operators are listed page by page
    Given an operator "Airport"
    And an operator "Bakery Chain"
    And an operator "City Parking"
    And "Tom" is a tenant admin
    When "Tom" lists the operators, 2 per page, page 1
    Then the page shows operators "Airport, Bakery Chain" of 3
    When "Tom" lists the operators, 2 per page, page 2
    Then the page shows operators "City Parking" of 3

  @OP-1
  Scenario: Two operators of a tenant cannot share a code
    Given an operator "Hotel Group" with code "HOTEL"
    And "Tom" is a tenant admin
    When "Tom" creates an operator with:
      | name | Hotel Two |
      | code | HOTEL     |
    Then the request is refused with 409
    And the answer says "operator code 'HOTEL' is already in use"

  @OP-1
  Scenario: An operator's time zone must be a real time zone
    Given "Tom" is a tenant admin
    When "Tom" creates an operator with:
      | name     | Hotel Group |
      | code     | HOTEL       |
      | timezone | Mars/Olympus |
    Then the request is refused with 422

  @OP-2
  Scenario: Every field of an operator can be updated
    Given an operator "Hotel Group" with code "HOTEL"
    And "Tom" is a tenant admin
    When "Tom" updates operator "Hotel Group" with:
      | name              | Hotel Group Europe      |
      | status            | inactive                |
      | organisation name | HGE Holding             |
      | address           | Damrak 2                |
      | phone             | +31 20 555 0199         |
      | country           | BE                      |
      | state             | Brabant                 |
      | city              | Brussels                |
      | zip               | 1000                    |
      | timezone          | Europe/Brussels         |
      | session rating    | {"rate_after_minutes": 10} |
      | idle minutes      | 45                      |
      | step delta Wh     | 250                     |
      | session limit EUR | 80.00                   |
      | code              | HOTEL                   |
    Then the request succeeds
    And operator "Hotel Group" reads:
      | name              | Hotel Group Europe      |
      | code              | HOTEL                   |
      | status            | inactive                |
      | organisation name | HGE Holding             |
      | city              | Brussels                |
      | timezone          | Europe/Brussels         |
      | session rating    | {"rate_after_minutes": 10} |
      | idle minutes      | 45                      |
      | step delta Wh     | 250                     |
      | session limit EUR | 80.00                   |

  @OP-2
  Scenario: The code of an operator cannot be changed
    Given an operator "Hotel Group" with code "HOTEL"
    And "Tom" is a tenant admin
    When "Tom" updates operator "Hotel Group" with:
      | code | HOTEL-2 |
    Then the request is refused with 422
    And the answer says "the operator code cannot be changed"
    And integrations find operator "Hotel Group" by its code "HOTEL"

  @OP-2
  Scenario: Customer support reads operators but cannot change them
    Given an operator "Hotel Group" with code "HOTEL"
    And "Sue" is customer support
    When "Sue" updates operator "Hotel Group" with:
      | name | Renamed |
    Then the request is refused with 403

  @OP-3
  Scenario: Deleting an operator that still runs an area or has private network members is refused until they are gone
    Given an operator "Hotel Group" with code "HOTEL"
    And a location "Lobby" run by operator "Hotel Group"
    And a customer "Alice"
    And "Alice" is a member of the private network of operator "Hotel Group"
    And "Tom" is a tenant admin
    When "Tom" deletes operator "Hotel Group"
    Then the request is refused with 409
    And the answer says "locations (charging areas): Lobby"
    And the answer says "private network members: Alice"
    When "Tom" revokes the membership of "Alice" in the private network of operator "Hotel Group"
    And "Tom" deletes operator "Hotel Group"
    Then the request is refused with 409
    And the answer says "locations (charging areas): Lobby"
    When "Tom" removes the operator from location "Lobby"
    And "Tom" deletes operator "Hotel Group"
    Then the request succeeds
    And operator "Hotel Group" no longer exists

  @OP-3
  Scenario: Deleting an operator that has an operator login is refused, naming the user
    Given an operator "Hotel Group" with code "HOTEL"
    And "Olga" is a user of operator "Hotel Group"
    And "Tom" is a tenant admin
    When "Tom" deletes operator "Hotel Group"
    Then the request is refused with 409
    And the answer says "users: olga@acme.test"
    And integrations find operator "Hotel Group" by its code "HOTEL"

  @OP-3 @OP-9
  Scenario: Deleting an operator that has been settled in a commission statement is refused
    Given an operator "Hotel Group" with code "HOTEL"
    And operator "Hotel Group" pays a commission of 0 % of its revenue, 10.00 EUR per period and 0.00 EUR per kWh
    And the statements of November 2026 are settled
    And "Tom" is a tenant admin
    When "Tom" deletes operator "Hotel Group"
    Then the request is refused with 409
    And the answer says "statements"
    And integrations find operator "Hotel Group" by its code "HOTEL"

  @OP-4
  Scenario: One operator runs many charging areas
    Given an operator "Hotel Group" with code "HOTEL"
    And an operator "Airport"
    And a location "Amsterdam hotel" run by operator "Hotel Group"
    And a location "Utrecht hotel" run by operator "Hotel Group"
    And a location "Terminal 1" run by operator "Airport"
    And a 2.0.1 station "AMS-1" at "Amsterdam hotel"
    And a 2.0.1 station "UTR-1" at "Utrecht hotel"
    And a 2.0.1 station "T1-1" at "Terminal 1"
    And "Tom" is a tenant admin
    When "Tom" lists the stations of operator "Hotel Group"
    Then the list shows exactly the stations "AMS-1, UTR-1"
    And locations "Amsterdam hotel, Utrecht hotel" are run by operator "Hotel Group"

  @OP-5
  Scenario: An operator login sees only its own stations and their sessions, in its own time zone
    Given it is 21 November 2026
    And an operator "Hotel Group" with code "HOTEL" in time zone "Europe/Amsterdam"
    And an operator "Airport"
    And a location "Lobby" run by operator "Hotel Group"
    And a location "Terminal 1" run by operator "Airport"
    And a 1.6 station "LOBBY-1" at "Lobby"
    And a 1.6 station "T1-1" at "Terminal 1"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    And "Olga" is a user of operator "Hotel Group"
    When a driver charges 1 kWh at station "LOBBY-1" with card "ALICE-1"
    And a driver charges 1 kWh at station "T1-1" with card "ALICE-1"
    And "Olga" lists the stations
    Then the list shows exactly the stations "LOBBY-1"
    When "Olga" lists the session history of operator "Hotel Group"
    Then the sessions listed are those at stations "LOBBY-1"
    And their times are shown in Europe/Amsterdam time, UTC+01:00

  @OP-5
  Scenario: An operator login cannot look at another operator's stations or change anything
    Given an operator "Hotel Group" with code "HOTEL"
    And an operator "Airport"
    And a location "Terminal 1" run by operator "Airport"
    And a location "Lobby" run by operator "Hotel Group"
    And a 2.0.1 station "T1-1" at "Terminal 1"
    And a 2.0.1 station "LOBBY-1" at "Lobby"
    And "Olga" is a user of operator "Hotel Group"
    When "Olga" lists the stations of operator "Airport"
    Then the request is refused with 404
    When "Olga" lists the session history of operator "Airport"
    Then the request is refused with 404
    When "Olga" looks at station "T1-1"
    Then the request is refused with 404
    When "Olga" makes station "LOBBY-1" invisible
    Then the request is refused with 403

  @OP-6
  Scenario: Creating an operator creates no login; a login exists once a user is created for it
    Given "Tom" is a tenant admin
    When "Tom" creates an operator with:
      | name | Hotel Group |
      | code | HOTEL       |
    Then the request succeeds
    And nobody has a login for operator "Hotel Group"
    When "Tom" invites "Olga" as a user of operator "Hotel Group"
    Then the request succeeds
    When "Olga" logs in
    Then the request is refused with 401
    When "Olga" activates her account from the invitation mail
    And "Olga" logs in
    Then the request succeeds
    And "Olga" has a login for operator "Hotel Group"

  @OP-7
  Scenario: The report gives consumption and revenue per operator over a period
    Given it is 21 November 2026
    And a tariff "STD-030" of 0.30 EUR per kWh
    And an operator "Hotel Group" with code "HOTEL"
    And an operator "Airport"
    And operator "Hotel Group" charges tariff "STD-030" by default
    And operator "Airport" charges tariff "STD-030" by default
    And a location "Lobby" run by operator "Hotel Group"
    And a location "Terminal 1" run by operator "Airport"
    And a 1.6 station "LOBBY-1" at "Lobby"
    And a 2.0.1 station "T1-1" at "Terminal 1"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    And "Tom" is a tenant admin
    When a driver charges 1 kWh at station "LOBBY-1" with card "ALICE-1"
    And a driver charges 2 kWh at station "LOBBY-1" with card "ALICE-1"
    And a driver charges 1 kWh at station "T1-1" with card "ALICE-1"
    And "Tom" asks for the consumption and revenue per operator of November 2026
    Then the report shows for operator "Hotel Group" the energy and revenue of its 2 sessions
    And the report shows for operator "Airport" the energy and revenue of its 1 session
    When "Tom" asks for the consumption and revenue per operator of October 2026
    Then the report shows no operator

  @OP-7
  Scenario: An operator login's report covers only its own operator
    Given it is 21 November 2026
    And a tariff "STD-030" of 0.30 EUR per kWh
    And an operator "Hotel Group" with code "HOTEL"
    And an operator "Airport"
    And operator "Hotel Group" charges tariff "STD-030" by default
    And operator "Airport" charges tariff "STD-030" by default
    And a location "Lobby" run by operator "Hotel Group"
    And a location "Terminal 1" run by operator "Airport"
    And a 2.0.1 station "LOBBY-1" at "Lobby"
    And a 2.0.1 station "T1-1" at "Terminal 1"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    And "Olga" is a user of operator "Hotel Group"
    When a driver charges 1 kWh at station "LOBBY-1" with card "ALICE-1"
    And a driver charges 1 kWh at station "T1-1" with card "ALICE-1"
    And "Olga" asks for the consumption and revenue per operator of November 2026
    Then the report shows for operator "Hotel Group" the energy and revenue of its 1 session
    And the report shows nothing for operator "Airport"

  @OP-8
  Scenario: A visible station is shown to every driver, an invisible one only to the private network
    Given an operator "Hotel Group" with code "HOTEL"
    And a location "Lobby" run by operator "Hotel Group"
    And a 2.0.1 station "LOBBY-1" at "Lobby"
    And an invisible 2.0.1 station "SUITE-1" at "Lobby"
    And a customer "Alice"
    And a customer "Bob"
    And "Alice" is a member of the private network of operator "Hotel Group"
    And "Dan" is a driver of "Alice"
    And "Bea" is a driver of "Bob"
    When "Dan" opens the driver map
    Then the map shows exactly "LOBBY-1, SUITE-1"
    When "Bea" opens the driver map
    Then the map shows exactly "LOBBY-1"

  @OP-8
  Scenario Outline: The operator grants and revokes access to its invisible stations (<version>)
    Given an operator "Hotel Group" with code "HOTEL"
    And a location "Lobby" run by operator "Hotel Group"
    And an invisible <version> station "SUITE-1" at "Lobby"
    And a <version> station "LOBBY-1" at "Lobby"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    And "Olga" is a user of operator "Hotel Group"
    When card "ALICE-1" is presented at station "SUITE-1"
    Then the station is told "<refused>"
    When card "ALICE-1" is presented at station "LOBBY-1"
    Then the station is told "Accepted"
    When "Olga" grants "Alice" access to the private network of operator "Hotel Group"
    Then the request succeeds
    When card "ALICE-1" is presented at station "SUITE-1"
    Then the station is told "Accepted"
    When "Olga" revokes the membership of "Alice" in the private network of operator "Hotel Group"
    Then the request succeeds
    When card "ALICE-1" is presented at station "SUITE-1"
    Then the station is told "<refused>"

    Examples:
      | version | refused           |
      | 1.6     | Invalid           |
      | 2.0.1   | NotAtThisLocation |

  @OP-8
  Scenario: A private network needs an area with the operator assigned
    Given an operator "Hotel Group" with code "HOTEL"
    And a customer "Alice"
    And "Olga" is a user of operator "Hotel Group"
    When "Olga" grants "Alice" access to the private network of operator "Hotel Group"
    Then the request is refused with 409
    And the answer says "has no location (charging area) assigned"

  @OP-8
  Scenario: Only the operator manages its private network
    Given an operator "Hotel Group" with code "HOTEL"
    And an operator "Airport"
    And a location "Lobby" run by operator "Hotel Group"
    And a customer "Alice"
    And "Dan" is a driver of "Alice"
    And "Ari" is a user of operator "Airport"
    When "Dan" grants "Alice" access to the private network of operator "Hotel Group"
    Then the request is refused with 404
    When "Ari" grants "Alice" access to the private network of operator "Hotel Group"
    Then the request is refused with 404

  @OP-9
  Scenario: Commission settings produce a commission statement per operator and period
    Given it is 21 November 2026
    And a tariff "STD-030" of 0.30 EUR per kWh
    And an operator "Hotel Group" with code "HOTEL"
    And an operator "Airport"
    And operator "Hotel Group" charges tariff "STD-030" by default
    And operator "Airport" charges tariff "STD-030" by default
    And a location "Lobby" run by operator "Hotel Group"
    And a location "Terminal 1" run by operator "Airport"
    And a 2.0.1 station "LOBBY-1" at "Lobby"
    And a 2.0.1 station "T1-1" at "Terminal 1"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    And "Tom" is a tenant admin
    When "Tom" sets the commission of operator "Hotel Group" to 15 % of its revenue, 5.00 EUR per period and 0.02 EUR per kWh
    And a driver charges 2 kWh at station "LOBBY-1" with card "ALICE-1"
    And a driver charges 2 kWh at station "T1-1" with card "ALICE-1"
    And the statements of November 2026 are settled
    Then the commission statement of operator "Hotel Group" for November 2026 is 15 % of the revenue at its stations plus 5.00 EUR plus 0.02 EUR per kWh
    And operator "Airport" has no commission statement for November 2026

  @OP-9
  Scenario: An operator login reads its commission settings but cannot change them
    Given an operator "Hotel Group" with code "HOTEL"
    And operator "Hotel Group" pays a commission of 15 % of its revenue, 5.00 EUR per period and 0.02 EUR per kWh
    And "Olga" is a user of operator "Hotel Group"
    When "Olga" reads the commission of operator "Hotel Group"
    Then the request succeeds
    And the commission is 15 % of the revenue, 5.00 EUR per period and 0.02 EUR per kWh
    When "Olga" sets the commission of operator "Hotel Group" to 0 % of its revenue, 0.00 EUR per period and 0.00 EUR per kWh
    Then the request is refused with 403

  @OP-10
  Scenario: The CSMS stops a session remotely once its running cost reaches the operator's limit
    Given it is 21 November 2026
    And a tariff "STD-030" of 0.30 EUR per kWh
    And an operator "Hotel Group" with code "HOTEL"
    And operator "Hotel Group" charges tariff "STD-030" by default
    And operator "Hotel Group" stops sessions at 0.60 EUR
    And a location "Lobby" run by operator "Hotel Group"
    And a 2.0.1 station "LOBBY-1" at "Lobby"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    When a driver starts charging at station "LOBBY-1" with card "ALICE-1"
    Then the CSMS stops the session at station "LOBBY-1" remotely
    And the session of card "ALICE-1" cost between 0.60 EUR and 1.00 EUR

  @OP-10
  Scenario: Without a monetary limit the session keeps charging
    Given it is 21 November 2026
    And a tariff "STD-030" of 0.30 EUR per kWh
    And an operator "Hotel Group" with code "HOTEL"
    And operator "Hotel Group" charges tariff "STD-030" by default
    And a location "Lobby" run by operator "Hotel Group"
    And a 1.6 station "LOBBY-1" at "Lobby"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    When a driver starts charging at station "LOBBY-1" with card "ALICE-1"
    And station "LOBBY-1" has delivered 3 kWh
    Then the session at station "LOBBY-1" is still charging

  @OP-10
  Scenario: Meter samples closer than the energy step delta are not stored as new points
    Given it is 21 November 2026
    And an operator "Hotel Group" with code "HOTEL"
    And operator "Hotel Group" stores meter points at least 500 Wh apart
    And a location "Lobby" run by operator "Hotel Group"
    And a 2.0.1 station "LOBBY-1" at "Lobby"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    When a driver charges 3 kWh at station "LOBBY-1" with card "ALICE-1"
    Then the station sent meter samples less than 500 Wh apart
    But no two stored meter points of the session are less than 500 Wh apart, except the final reading

  @OP-10
  Scenario: Without an energy step delta every meter sample is stored
    Given it is 21 November 2026
    And an operator "Hotel Group" with code "HOTEL"
    And a location "Lobby" run by operator "Hotel Group"
    And a 2.0.1 station "LOBBY-1" at "Lobby"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    When a driver charges 3 kWh at station "LOBBY-1" with card "ALICE-1"
    Then every meter sample the station sent is stored

  @OP-10
  Scenario: A session without meter progress for the idle time is no longer tracked as active
    Given it is 21 November 2026
    And an operator "Hotel Group" with code "HOTEL"
    And operator "Hotel Group" stops tracking sessions idle for 15 minutes
    And a location "Lobby" run by operator "Hotel Group"
    And a 2.0.1 station "LOBBY-1" at "Lobby"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    When a driver plugs in a full car at station "LOBBY-1" with card "ALICE-1"
    And the idle sweep runs 14 minutes after the session's last meter progress
    Then the session at station "LOBBY-1" is tracked as active
    When the idle sweep runs 16 minutes after the session's last meter progress
    Then the session at station "LOBBY-1" is no longer tracked as active
