Feature: Charge groups decide who may charge where, and at which tariff
  A charge group bundles charge points under one access policy and one tariff. Customers are
  attached to it, and selected customers can get a tariff of their own.

  Choices where the product text leaves room:
  - A charger learns the decision as the card status the CSMS answers to Authorize and to
    the session start. OCPP 1.6 has no "not at this location", so a card the group's policy
    refuses is "Invalid" there and "NotAtThisLocation" in 2.0.1. A blocked card is "Blocked"
    in both versions, wherever it is presented.
  - Ticking "accessible for roaming" opens the group to every own customer as well: the
    product text says it gives "all your customers and all roaming customers" access.
  - A charge point outside any group is open to the platform's own customers; a roaming
    card charges there only when the location is published to roaming partners. The
    location's publication never opens a group that is closed to roaming.
  - A charge point is in at most one charge group; attaching it to a second one is refused,
    naming the group it is in.
  - Access is decided again at every session start, so a card a charger still remembers
    from before the customer was detached is refused when the session starts.
  - There is no separate prepaid account type: a prepaid (direct payment) driver is a
    customer attached to the group with a tariff of its own (CG-6), which overrides the
    group tariff exactly like any other customer's own tariff.
  - Tariffs in these scenarios have no VAT, so a session costs its energy times the price.

  Background:
    Given a tenant "Acme"
    And a location "Car park"
    And a customer "Alice"
    And a customer "Bob"
    And card "ALICE-1" of "Alice"
    And card "BOB-1" of "Bob"

  @CG-1
  Scenario: A charge group is created with its name, information, type, tariff and access flags
    Given "Tom" is a tenant admin
    And a tariff "HOME-025" of 0.25 EUR per kWh
    When "Tom" creates a charge group with:
      | name                   | Garage                      |
      | additional information | Lease contract 42, two cars |
      | type                   | Home                        |
      | tariff                 | HOME-025                    |
      | all customers          | yes                         |
      | accessible for roaming | no                          |
    Then the request succeeds
    And charge group "Garage" reads:
      | name                   | Garage                      |
      | additional information | Lease contract 42, two cars |
      | type                   | Home                        |
      | tariff                 | HOME-025                    |
      | all customers          | yes                         |
      | accessible for roaming | no                          |

  @CG-1
  Scenario: A new charge group is closed until someone opens it
    Given "Tom" is a tenant admin
    When "Tom" creates a charge group with:
      | name | Staff |
      | type | Other |
    Then the request succeeds
    And charge group "Staff" reads:
      | type                   | Other |
      | all customers          | no    |
      | accessible for roaming | no    |

  @CG-1
  Scenario: Two charge groups of a tenant cannot share a name
    Given "Tom" is a tenant admin
    And an Other charge group "Staff"
    When "Tom" creates a charge group with:
      | name | Staff |
      | type | Home  |
    Then the request is refused with 409
    And the answer says "a charge group named 'Staff' exists"

  @CG-1
  Scenario: A charge group is either Home or Other
    Given "Tom" is a tenant admin
    When "Tom" creates a charge group with:
      | name | Lobby  |
      | type | Public |
    Then the request is refused with 422

  @CG-1
  Scenario: A driver cannot create charge groups
    Given "Dan" is a driver of "Alice"
    When "Dan" creates a charge group with:
      | name | Mine  |
      | type | Other |
    Then the request is refused with 403

  @CG-2
  Scenario: Home stations are never on the driver map; Other stations only for attached customers
    Given a 2.0.1 station "HOME-1" at "Car park"
    And a 2.0.1 station "STAFF-1" at "Car park"
    And a 2.0.1 station "OPEN-1" at "Car park"
    And a Home charge group "Garage"
    And an Other charge group "Staff"
    And station "HOME-1" is in charge group "Garage"
    And station "STAFF-1" is in charge group "Staff"
    And "Alice" is attached to charge group "Garage"
    And "Alice" is attached to charge group "Staff"
    And "Dan" is a driver of "Alice"
    And "Bea" is a driver of "Bob"
    When "Dan" opens the driver map
    Then the map shows exactly "OPEN-1, STAFF-1"
    When "Bea" opens the driver map
    Then the map shows exactly "OPEN-1"

  @CG-2
  Scenario: A Home group stays off the map even when every customer may charge there
    Given a 2.0.1 station "HOME-1" at "Car park"
    And a Home charge group "Garage"
    And station "HOME-1" is in charge group "Garage"
    And charge group "Garage" is open to all customers
    And "Bea" is a driver of "Bob"
    When "Bea" opens the driver map
    Then the map shows no station
    When card "BOB-1" is presented at station "HOME-1"
    Then the station is told "Accepted"

  @CG-2 @CG-4
  Scenario Outline: Roaming publication is a setting of the location, not of the charge group (<version>)
    Given a location "Harbour" published to roaming partners
    And a <version> station "HARBOUR-1" at "Harbour"
    And a <version> station "HARBOUR-2" at "Harbour"
    And a <version> station "DEPOT-1" at "Car park"
    And an Other charge group "Staff"
    And charge group "Staff" is open to all customers
    And station "HARBOUR-2" is in charge group "Staff"
    And a roaming card "ROAM-1" from provider "DE-ABC"
    When card "ROAM-1" is presented at station "HARBOUR-1"
    Then the station is told "Accepted"
    When card "ROAM-1" is presented at station "DEPOT-1"
    Then the station is told "<refused>"
    When card "ROAM-1" is presented at station "HARBOUR-2"
    Then the station is told "<refused>"

    Examples:
      | version | refused           |
      | 1.6     | Invalid           |
      | 2.0.1   | NotAtThisLocation |

  @CG-3
  Scenario Outline: With "all customers" unticked and nobody attached, nobody can charge (<version>)
    Given a <version> station "ST-1" at "Car park"
    And an Other charge group "Staff"
    And station "ST-1" is in charge group "Staff"
    When card "ALICE-1" is presented at station "ST-1"
    Then the station is told "<refused>"
    When a driver plugs in a car and presents card "BOB-1" at station "ST-1"
    Then the station is told "<refused>"
    And no charging session runs at station "ST-1"

    Examples:
      | version | refused           |
      | 1.6     | Invalid           |
      | 2.0.1   | NotAtThisLocation |

  @CG-3
  Scenario Outline: With "all customers" unticked, only attached customers can charge (<version>)
    Given a <version> station "ST-1" at "Car park"
    And an Other charge group "Staff"
    And station "ST-1" is in charge group "Staff"
    And "Alice" is attached to charge group "Staff"
    When card "BOB-1" is presented at station "ST-1"
    Then the station is told "<refused>"
    When a driver plugs in a car and presents card "ALICE-1" at station "ST-1"
    Then the station is told "Accepted"
    And a charging session is running at station "ST-1"

    Examples:
      | version | refused           |
      | 1.6     | Invalid           |
      | 2.0.1   | NotAtThisLocation |

  @CG-3
  Scenario Outline: With "all customers" ticked, every customer of the operator can charge, nobody else (<version>)
    Given a <version> station "ST-1" at "Car park"
    And an Other charge group "Staff"
    And charge group "Staff" is open to all customers
    And station "ST-1" is in charge group "Staff"
    And a tenant "Globex"
    And a customer "Gus"
    And card "GUS-1" of "Gus"
    When card "GUS-1" is presented at station "ST-1"
    Then the station is told "<refused>"
    When a driver plugs in a car and presents card "BOB-1" at station "ST-1"
    Then the station is told "Accepted"
    And a charging session is running at station "ST-1"

    Examples:
      | version | refused           |
      | 1.6     | Invalid           |
      | 2.0.1   | NotAtThisLocation |

  @CG-3
  Scenario Outline: A detached customer is refused at the session start, even with a card the charger remembers (<version>)
    Given a <version> station "ST-1" at "Car park"
    And station "ST-1" authorizes cards it remembers without asking
    And an Other charge group "Staff"
    And station "ST-1" is in charge group "Staff"
    And "Alice" is attached to charge group "Staff"
    And "Tom" is a tenant admin
    When card "ALICE-1" is presented at station "ST-1"
    Then the station is told "Accepted"
    When "Tom" detaches "Alice" from charge group "Staff"
    And a driver plugs in a car and presents card "ALICE-1" at station "ST-1"
    Then the station is told "<refused>"
    And no charging session runs at station "ST-1"

    Examples:
      | version | refused           |
      | 1.6     | Invalid           |
      | 2.0.1   | NotAtThisLocation |

  @CG-3
  Scenario Outline: A blocked card is refused as blocked, attached or not (<version>)
    Given a <version> station "ST-1" at "Car park"
    And an Other charge group "Staff"
    And charge group "Staff" is open to all customers
    And station "ST-1" is in charge group "Staff"
    And a blocked card "ALICE-2" of "Alice"
    And "Alice" is attached to charge group "Staff"
    When card "ALICE-2" is presented at station "ST-1"
    Then the station is told "Blocked"
    When card "NOBODY-1" is presented at station "ST-1"
    Then the station is told "Invalid"

    Examples:
      | version |
      | 1.6     |
      | 2.0.1   |

  @CG-4
  Scenario Outline: "Accessible for roaming" decides whether roaming customers may charge (<version>)
    Given a <version> station "ST-1" at "Car park"
    And an Other charge group "Staff"
    And charge group "Staff" is open to all customers
    And station "ST-1" is in charge group "Staff"
    And a roaming card "ROAM-1" from provider "DE-ABC"
    And "Tom" is a tenant admin
    When card "ROAM-1" is presented at station "ST-1"
    Then the station is told "<refused>"
    When "Tom" makes charge group "Staff" accessible for roaming
    And a driver plugs in a car and presents card "ROAM-1" at station "ST-1"
    Then the station is told "Accepted"
    And a charging session is running at station "ST-1"

    Examples:
      | version | refused           |
      | 1.6     | Invalid           |
      | 2.0.1   | NotAtThisLocation |

  @CG-4
  Scenario Outline: Ticking roaming opens the group to every own customer too, unticking closes it again (<version>)
    Given a <version> station "ST-1" at "Car park"
    And an Other charge group "Staff"
    And station "ST-1" is in charge group "Staff"
    And a roaming card "ROAM-1" from provider "DE-ABC"
    And "Tom" is a tenant admin
    When "Tom" makes charge group "Staff" accessible for roaming
    And card "BOB-1" is presented at station "ST-1"
    Then the station is told "Accepted"
    When "Tom" makes charge group "Staff" closed to roaming
    And card "ROAM-1" is presented at station "ST-1"
    Then the station is told "<refused>"
    When card "BOB-1" is presented at station "ST-1"
    Then the station is told "<refused>"

    Examples:
      | version | refused           |
      | 1.6     | Invalid           |
      | 2.0.1   | NotAtThisLocation |

  @CG-5
  Scenario: Charge points and customers are attached to a group and listed with the tariff each pays
    Given "Tom" is a tenant admin
    And a tariff "STD-030" of 0.30 EUR per kWh
    And a tariff "VIP-020" of 0.20 EUR per kWh
    And a 2.0.1 station "ST-1" at "Car park"
    And a 2.0.1 station "ST-2" at "Car park"
    And an Other charge group "Staff" with tariff "STD-030"
    When "Tom" attaches station "ST-1" to charge group "Staff"
    And "Tom" attaches station "ST-2" to charge group "Staff"
    And "Tom" attaches "Alice" to charge group "Staff"
    And "Tom" attaches "Bob" to charge group "Staff"
    And "Tom" changes the tariff of the selected customers "Alice" in charge group "Staff" to "VIP-020"
    Then the request succeeds
    And charge group "Staff" has the stations "ST-1, ST-2"
    And charge group "Staff" lists its customers and their tariffs:
      | customer | own tariff | pays    |
      | Alice    | VIP-020    | VIP-020 |
      | Bob      |            | STD-030 |

  @CG-5
  Scenario: A customer's own tariff overrides the group tariff for their sessions
    Given it is 21 November 2026
    And a tariff "STD-030" of 0.30 EUR per kWh
    And a tariff "VIP-020" of 0.20 EUR per kWh
    And a 1.6 station "ST-1" at "Car park"
    And an Other charge group "Staff" with tariff "STD-030"
    And station "ST-1" is in charge group "Staff"
    And "Alice" is attached to charge group "Staff" with tariff "VIP-020"
    And "Bob" is attached to charge group "Staff"
    When a driver charges 2 kWh at station "ST-1" with card "ALICE-1"
    And a driver charges 2 kWh at station "ST-1" with card "BOB-1"
    Then the session of card "ALICE-1" is priced with tariff "VIP-020" at 0.20 EUR per kWh
    And the session of card "BOB-1" is priced with tariff "STD-030" at 0.30 EUR per kWh

  @CG-5
  Scenario: Changing the tariff of selected customers is refused when one is not attached, and nothing changes
    Given "Tom" is a tenant admin
    And a tariff "STD-030" of 0.30 EUR per kWh
    And a tariff "VIP-020" of 0.20 EUR per kWh
    And an Other charge group "Staff" with tariff "STD-030"
    And "Alice" is attached to charge group "Staff"
    When "Tom" changes the tariff of the selected customers "Alice, Bob" in charge group "Staff" to "VIP-020"
    Then the request is refused with 422
    And the answer says "not attached to charge group"
    And charge group "Staff" lists its customers and their tariffs:
      | customer | own tariff | pays    |
      | Alice    |            | STD-030 |

  @CG-5
  Scenario: A charge point is in one charge group at a time
    Given "Tom" is a tenant admin
    And a 2.0.1 station "ST-1" at "Car park"
    And an Other charge group "Staff"
    And a Home charge group "Garage"
    And station "ST-1" is in charge group "Staff"
    When "Tom" attaches station "ST-1" to charge group "Garage"
    Then the request is refused with 409
    And the answer says "already in charge group 'Staff'"

  @CG-6
  Scenario: A prepaid driver gets their own tariff in a group open to all customers
    Given it is 21 November 2026
    And a tariff "STD-030" of 0.30 EUR per kWh
    And a tariff "PREPAID-045" of 0.45 EUR per kWh
    And a customer "Pia"
    And card "PIA-1" of "Pia"
    And a 2.0.1 station "ST-1" at "Car park"
    And an Other charge group "Public car park" with tariff "STD-030"
    And charge group "Public car park" is open to all customers
    And station "ST-1" is in charge group "Public car park"
    And "Pia" is attached to charge group "Public car park" with tariff "PREPAID-045"
    When a driver charges 2 kWh at station "ST-1" with card "PIA-1"
    And a driver charges 2 kWh at station "ST-1" with card "BOB-1"
    Then the session of card "PIA-1" is priced with tariff "PREPAID-045" at 0.45 EUR per kWh
    And the session of card "PIA-1" is billed to "Pia"
    And the session of card "BOB-1" is priced with tariff "STD-030" at 0.30 EUR per kWh
