Feature: Connected accounts, service plans and home reimbursement
  Installers and operators manage each of their customers as a connected account under their
  own (primary) account, and earn from them through a service plan. Employers use connected
  accounts for their employees' home chargers: the employer reimburses the employee's own
  sessions, the employee sells energy to others at a tariff of their own.

  Choices where the product text leaves room:
  - A connected account is created under its primary account and keeps it: there is no way
    to give it another primary account.
  - Somebody who may not even see an account is told it is "not found" (404) rather than
    "forbidden", so nobody learns which accounts exist; "forbidden" (403) is for someone
    who may see the thing but not change it.
  - The service plan is what the connected account owes its installer, so the primary
    account's admins (and tenant admins) set and edit it; the connected account's own
    admins can read it but not change it. It can be given when the connected account is
    created, or later. A statement per period settles it: the revenue share is that
    percentage of the revenue (excluding VAT) of the sessions at the connected account's
    charge points, plus the fixed fee.
  - The employee's home charger belongs to the employee's connected account under the
    employer. The employer sets the reimbursement tariff with a reimbursement tariff of its
    own. The employee's own card there is reimbursed at that tariff, paid by the employer,
    and credited to the employee in the monthly billing.
  - "Third-party card": a card that belongs neither to the employer nor to the employee,
    here the spouse's card as a customer of the platform. It pays the employee's tariff,
    and the employee earns it.
  - Tariffs in these scenarios have no VAT, so a session costs its energy times the price.

  Background:
    Given a tenant "Acme"

  @CA-1
  Scenario: An account has any number of connected accounts, each with that account as its primary
    Given a company "Installer"
    And "Ivan" is an account admin of "Installer"
    When "Ivan" connects a new account "Bakery" to "Installer"
    And "Ivan" connects a new account "Hotel" to "Installer"
    And "Ivan" connects a new account "Garage" to "Installer"
    Then the connected accounts of "Installer" are "Bakery, Garage, Hotel"
    And each connected account of "Installer" has "Installer" as its primary account

  @CA-1
  Scenario: A connected account cannot be given another primary account
    Given a company "Installer"
    And a company "Rival Installer"
    And "Bakery" is a connected account of "Installer"
    And "Tom" is a tenant admin
    When "Tom" moves "Bakery" under "Rival Installer"
    Then the request is refused with 422
    And "Bakery" has "Installer" as its primary account

  @CA-1 @CA-2
  Scenario: The admin of a connected account cannot connect accounts to its primary account
    Given a company "Installer"
    And "Bakery" is a connected account of "Installer"
    And "Bart" is an account admin of "Bakery"
    When "Bart" connects a new account "Rogue" to "Installer"
    Then the request is refused with 404
    And the connected accounts of "Installer" are "Bakery"

  @CA-2
  Scenario Outline: The primary account's admins and the connected account's admins both administer its locations and stations (<person>)
    Given a company "Installer"
    And "Bakery" is a connected account of "Installer"
    And "Ivan" is an account admin of "Installer"
    And "Bart" is an account admin of "Bakery"
    And a location "Bakery shop" owned by "Bakery"
    And a 2.0.1 station "BAKERY-1" at "Bakery shop"
    When "<person>" renames location "Bakery shop" to "Bakery shop <person>"
    Then the request succeeds
    When "<person>" makes station "BAKERY-1" invisible
    Then the request succeeds
    And location "Bakery shop" is called "Bakery shop <person>"

    Examples:
      | person |
      | Ivan   |
      | Bart   |

  @CA-2
  Scenario Outline: Nobody else administers them: not a sibling, not the connected account on the primary's sites (<person> on <location>)
    Given a company "Installer"
    And "Bakery" is a connected account of "Installer"
    And "Hotel" is a connected account of "Installer"
    And "Bart" is an account admin of "Bakery"
    And "Hanna" is an account admin of "Hotel"
    And "Sue" is customer support
    And a location "Installer yard" owned by "Installer"
    And a location "Bakery shop" owned by "Bakery"
    And a location "Hotel lobby" owned by "Hotel"
    When "<person>" renames location "<location>" to "Taken over"
    Then the request is refused with <status>
    And location "<location>" is called "<location>"

    Examples:
      | person | location       | status |
      | Hanna  | Bakery shop    | 404    |
      | Bart   | Hotel lobby    | 404    |
      | Bart   | Installer yard | 404    |
      | Sue    | Bakery shop    | 403    |

  @CA-2
  Scenario: Each admin's station list shows exactly what they administer
    Given a company "Installer"
    And "Bakery" is a connected account of "Installer"
    And "Hotel" is a connected account of "Installer"
    And "Ivan" is an account admin of "Installer"
    And "Bart" is an account admin of "Bakery"
    And a location "Installer yard" owned by "Installer"
    And a location "Bakery shop" owned by "Bakery"
    And a location "Hotel lobby" owned by "Hotel"
    And a 2.0.1 station "YARD-1" at "Installer yard"
    And a 2.0.1 station "BAKERY-1" at "Bakery shop"
    And a 2.0.1 station "HOTEL-1" at "Hotel lobby"
    When "Bart" lists the stations
    Then the list shows exactly the stations "BAKERY-1"
    When "Ivan" lists the stations
    Then the list shows exactly the stations "BAKERY-1, HOTEL-1, YARD-1"

  @CA-3
  Scenario: A service plan is given when the connected account is created
    Given a company "Installer"
    And "Ivan" is an account admin of "Installer"
    When "Ivan" connects a new account "Bakery" to "Installer" with a service plan of 10 % revenue share and 25.00 EUR per period
    Then the request succeeds
    And the service plan of "Bakery" is 10 % revenue share and 25.00 EUR per period

  @CA-3
  Scenario: Customer support connects accounts but cannot give them a service plan
    Given a company "Installer"
    And "Sue" is customer support
    When "Sue" connects a new account "Bakery" to "Installer" with a service plan of 10 % revenue share and 25.00 EUR per period
    Then the request is refused with 403
    And the connected accounts of "Installer" are ""
    When "Sue" connects a new account "Bakery" to "Installer"
    Then the request succeeds
    And the connected accounts of "Installer" are "Bakery"

  @CA-3
  Scenario: A service plan is set later and edited by the primary account's admin
    Given a company "Installer"
    And "Bakery" is a connected account of "Installer"
    And "Ivan" is an account admin of "Installer"
    When "Ivan" sets the service plan of "Bakery" to 10 % revenue share and 0.00 EUR per period
    Then the request succeeds
    When "Ivan" sets the service plan of "Bakery" to 7.5 % revenue share and 15.00 EUR per period
    Then the request succeeds
    And the service plan of "Bakery" is 7.5 % revenue share and 15.00 EUR per period

  @CA-3
  Scenario: The connected account's admin reads its service plan but cannot change it
    Given a company "Installer"
    And "Bakery" is a connected account of "Installer"
    And "Bakery" has a service plan of 10 % revenue share and 25.00 EUR per period
    And "Bart" is an account admin of "Bakery"
    When "Bart" sets the service plan of "Bakery" to 0 % revenue share and 0.00 EUR per period
    Then the request is refused with 403
    When "Bart" reads the service plan of "Bakery"
    Then the request succeeds
    And the service plan of "Bakery" is 10 % revenue share and 25.00 EUR per period

  @CA-3
  Scenario: Only a connected account has a service plan
    Given a company "Installer"
    And "Tom" is a tenant admin
    When "Tom" sets the service plan of "Installer" to 10 % revenue share and 0.00 EUR per period
    Then the request is refused with 422
    And the answer says "not a connected account"

  @CA-3
  Scenario: The service plan is settled per period in a statement
    Given it is 21 November 2026
    And a company "Installer"
    And "Bakery" is a connected account of "Installer"
    And "Hotel" is a connected account of "Installer"
    And "Bakery" has a service plan of 10 % revenue share and 25.00 EUR per period
    And a tariff "STD-030" of 0.30 EUR per kWh
    And a location "Bakery shop" owned by "Bakery"
    And a location "Hotel lobby" owned by "Hotel"
    And location "Bakery shop" charges tariff "STD-030" by default
    And location "Hotel lobby" charges tariff "STD-030" by default
    And a 1.6 station "BAKERY-1" at "Bakery shop"
    And a 2.0.1 station "HOTEL-1" at "Hotel lobby"
    And a customer "Alice"
    And card "ALICE-1" of "Alice"
    When a driver charges 2 kWh at station "BAKERY-1" with card "ALICE-1"
    And a driver charges 1 kWh at station "BAKERY-1" with card "ALICE-1"
    And a driver charges 2 kWh at station "HOTEL-1" with card "ALICE-1"
    And the statements of November 2026 are settled
    Then the service plan statement of "Bakery" for November 2026 is 10 % of the revenue at its stations plus 25.00 EUR
    And "Hotel" has no service plan statement for November 2026

  @CA-4
  Scenario: The employer sets a reimbursement tariff on the employee's home charger; the employee's sessions are reimbursed at it
    Given it is 21 November 2026
    And a company "Employer Ltd"
    And "Bert" is an account admin of "Employer Ltd"
    And "Eve Home" is a connected account of "Employer Ltd"
    And a 2.0.1 station "HOME-1" of "Eve Home"
    And card "EVE-1" of "Eve Home"
    And a reimbursement tariff "EMP-025" of 0.25 EUR per kWh owned by "Employer Ltd"
    When "Bert" sets the reimbursement tariff "EMP-025" on the home charger "HOME-1" of "Eve Home"
    Then the request succeeds
    When a driver charges 2 kWh at station "HOME-1" with card "EVE-1"
    Then the session of card "EVE-1" is priced with tariff "EMP-025" at 0.25 EUR per kWh
    And the session of card "EVE-1" is reimbursed to "Eve Home" and paid by "Employer Ltd"
    When the monthly billing of November 2026 runs
    Then "Eve Home" is credited the session of card "EVE-1" as a reimbursement
    And "Eve Home" is not invoiced for the session of card "EVE-1"

  @CA-4
  Scenario: An employer cannot put a reimbursement on the charger of someone who is not its employee
    Given a company "Employer Ltd"
    And "Bert" is an account admin of "Employer Ltd"
    And a company "Other Ltd"
    And "Olaf Home" is a connected account of "Other Ltd"
    And a 2.0.1 station "HOME-9" of "Olaf Home"
    And a reimbursement tariff "EMP-025" of 0.25 EUR per kWh owned by "Employer Ltd"
    When "Bert" sets the reimbursement tariff "EMP-025" on the home charger "HOME-9" of "Olaf Home"
    Then the request is refused with 404
    And station "HOME-9" has no home reimbursement

  @CA-4
  Scenario: A reimbursement needs a reimbursement tariff of the employer, not a charging tariff
    Given a company "Employer Ltd"
    And "Bert" is an account admin of "Employer Ltd"
    And "Eve Home" is a connected account of "Employer Ltd"
    And a 2.0.1 station "HOME-1" of "Eve Home"
    And a tariff "EMP-STD" of 0.30 EUR per kWh owned by "Employer Ltd"
    When "Bert" sets the reimbursement tariff "EMP-STD" on the home charger "HOME-1" of "Eve Home"
    Then the request is refused with 422
    And the answer says "is not a reimbursement tariff"

  @CA-5
  Scenario: The employee sets a regular tariff for other drivers, independent of the reimbursement
    Given it is 21 November 2026
    And a company "Employer Ltd"
    And "Eve Home" is a connected account of "Employer Ltd"
    And "Eve" is an account admin of "Eve Home"
    And a 2.0.1 station "HOME-1" of "Eve Home"
    And card "EVE-1" of "Eve Home"
    And a customer "Sam"
    And card "SAM-1" of "Sam"
    And a reimbursement tariff "EMP-025" of 0.25 EUR per kWh owned by "Employer Ltd"
    And a tariff "EVE-040" of 0.40 EUR per kWh owned by "Eve Home"
    And "Employer Ltd" reimburses the home charger "HOME-1" of "Eve Home" at tariff "EMP-025"
    When "Eve" sets the tariff of station "HOME-1" for other drivers to "EVE-040"
    Then the request succeeds
    When a driver charges 2 kWh at station "HOME-1" with card "SAM-1"
    And a driver charges 2 kWh at station "HOME-1" with card "EVE-1"
    Then the session of card "SAM-1" is priced with tariff "EVE-040" at 0.40 EUR per kWh
    And the session of card "SAM-1" is billed to "Sam" and earned by "Eve Home"
    And the session of card "EVE-1" is priced with tariff "EMP-025" at 0.25 EUR per kWh
    And the session of card "EVE-1" is reimbursed to "Eve Home" and paid by "Employer Ltd"
    And the home charger "HOME-1" is still reimbursed at tariff "EMP-025" of "Employer Ltd"
    When the monthly billing of November 2026 runs
    Then "Sam" is invoiced for the session of card "SAM-1"
    And "Eve Home" is credited the session of card "EVE-1" as a reimbursement

  @CA-5
  Scenario: Another employee cannot set the tariff of someone else's home charger
    Given a company "Employer Ltd"
    And "Eve Home" is a connected account of "Employer Ltd"
    And "Max Home" is a connected account of "Employer Ltd"
    And "Max" is an account admin of "Max Home"
    And a 2.0.1 station "HOME-1" of "Eve Home"
    And a tariff "MAX-050" of 0.50 EUR per kWh owned by "Max Home"
    When "Max" sets the tariff of station "HOME-1" for other drivers to "MAX-050"
    Then the request is refused with 404

  @CA-6
  Scenario: The employee can see the reimbursement tariff but can neither change nor remove it
    Given a company "Employer Ltd"
    And "Bert" is an account admin of "Employer Ltd"
    And "Eve Home" is a connected account of "Employer Ltd"
    And "Eve" is an account admin of "Eve Home"
    And a 2.0.1 station "HOME-1" of "Eve Home"
    And a reimbursement tariff "EMP-025" of 0.25 EUR per kWh owned by "Employer Ltd"
    And a reimbursement tariff "EMP-050" of 0.50 EUR per kWh owned by "Employer Ltd"
    And "Employer Ltd" reimburses the home charger "HOME-1" of "Eve Home" at tariff "EMP-025"
    When "Eve" looks at the reimbursement of the home charger "HOME-1"
    Then the request succeeds
    When "Eve" sets the reimbursement tariff "EMP-050" on the home charger "HOME-1" of "Eve Home"
    Then the request is refused with 403
    When "Eve" removes the reimbursement from the home charger "HOME-1"
    Then the request is refused with 403
    And the home charger "HOME-1" is still reimbursed at tariff "EMP-025" of "Employer Ltd"
    When "Bert" sets the reimbursement tariff "EMP-050" on the home charger "HOME-1" of "Eve Home"
    Then the request succeeds
    And the home charger "HOME-1" is still reimbursed at tariff "EMP-050" of "Employer Ltd"
    When "Bert" removes the reimbursement from the home charger "HOME-1"
    Then the request succeeds
    And station "HOME-1" has no home reimbursement

  @CA-6
  Scenario: The employee cannot raise their own reimbursement rate
    Given a company "Employer Ltd"
    And "Eve Home" is a connected account of "Employer Ltd"
    And "Eve" is an account admin of "Eve Home"
    When "Eve" sets the reimbursement rate of "Eve Home" to 0.90 EUR per kWh
    Then the request is refused with 403
    And the answer says "only the administrators of the account above"
