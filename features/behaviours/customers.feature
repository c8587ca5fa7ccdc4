Feature: Customer types and what each customer sees
  The platform has three kinds of customer: a private user, a company, and an employee, who
  is a private user linked to one company. Each sees its own overview, transactions,
  profile, invoices, charge cards and charge points; a company admin also sees the
  company's dashboard and manages its employees. Tenant staff can switch to a customer's
  view to see what the customer sees.

  Choices where the product text leaves room:
  - A private customer is a consumer account whose user is its driver; a company is a
    business account (company name, VAT number and address required) whose user is its
    account admin; an employee is an account of its own linked to its company, whose user
    has the employee role. Only a company has employees, and an e-mail address belongs to
    one user, so an employee works for one company.
  - "Attached" to a customer means: charge points and grids whose customer it is, charge
    groups it is a member of, charge cards it owns and, for a company, its employees. A
    company's attachments list the company's own; each employee's are listed on the
    employee.
  - A customer's transactions are the sessions charged with its cards and the sessions at
    its own charge points. A company admin sees those of the company and of its employees.
    They can be filtered by charge point, by card and by start time, and exported as a
    CSV file of every matching session; a filter never shows more than the customer may see.
  - The profile is who is signed in: name, e-mail address and the customer account.
  - The usage overview counts energy "used" with the customer's cards (a company: its own
    and its employees' cards) and energy "delivered" at its charge points, per local day of
    the tenant and in total; the latest transactions are newest first.
  - A company admin manages employees: adds them (they are invited by mail), lists and
    renames them. An employee manages no one.
  - A company admin views and configures the company's charge points and those of its
    employees (configuration reaches the charger over OCPP). An employee sees only the
    charge points attached to them and configures none.
  - The "system administrator" told of a new ticket is every tenant admin of the tenant, by
    mail. Tenant admins and customer support answer; an answer marks the ticket answered, a
    customer's follow-up opens it again.
  - A tenant admin or customer support switches to the view of a private user, a company
    (as its admin) or an employee. In the view they have the customer's rights exactly:
    nothing of the tenant's staff pages, nothing the customer may not do. Every change made
    in the view is recorded as done by the system user on behalf of the customer.
  - Tariffs in these scenarios have no VAT, so an amount reads as energy times the price.
  - A login lasts 12 hours on the CSMS's clock: after the monthly billing (run on the first
    of the next month) the customer signs in again.

  @CUS-1
  Scenario: A private user, a company and an employee linked to that company
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    When "Tom" adds the private customer "Pia"
    And "Tom" adds the company "Fleet Ltd" with its company details
    And "Tom" adds "Eve" as an employee of "Fleet Ltd"
    Then "Tom" finds these customers:
      | customer  | type     | company   |
      | Pia       | private  |           |
      | Fleet Ltd | company  |           |
      | Eve       | employee | Fleet Ltd |
    And the employees of "Fleet Ltd" are "Eve"
    And "Eve" receives an invitation mail from "Acme"
    When "Eve" activates the account from the link
    Then "Eve" signs in as the employee of "Eve"

  @CUS-1
  Scenario: Only a company has employees
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    And a customer "Pia"
    When "Tom" adds "Eve" as an employee of "Pia"
    Then the request is refused with 422
    And the answer says "only a company has employees"
    And no mail was sent to "Eve"

  @CUS-1
  Scenario: An employee is linked to one company only
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    And a company "Fleet Ltd"
    And a company "Other Ltd"
    And "Eve" is an employee of company "Fleet Ltd"
    When "Tom" adds "Eve" as an employee of "Other Ltd"
    Then the request is refused with 409
    And the answer says "already exists"
    And "Other Ltd" has no employees
    And the employees of "Fleet Ltd" are "Eve"

  @CUS-1
  Scenario: A company customer needs its company details
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    When "Tom" adds the company "Fleet Ltd" without a VAT number
    Then the request is refused with 422
    And the answer says "missing: vat_number"

  @CUS-2
  Scenario: Everything attached to a company is listed in one place
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And "Eve" is an employee of company "Fleet Ltd"
    And a customer "Pia"
    And a 1.6 station "FLEET-1" of "Fleet Ltd"
    And a 1.6 station "EVE-HOME" of "Eve"
    And a 1.6 station "PIA-HOME" of "Pia"
    And a grid "Basement feed" of "Fleet Ltd"
    And a grid "Roof feed" of "Pia"
    And card "FLEET-CARD" of "Fleet Ltd"
    And card "EVE-CARD" of "Eve"
    And card "PIA-CARD" of "Pia"
    And a tariff "STAFF-020" of 0.20 EUR per kWh
    And an Other charge group "Staff" with tariff "STAFF-020"
    And "Fleet Ltd" is attached to charge group "Staff"
    When "Ann" opens the attachments of "Fleet Ltd"
    Then the attachments are:
      | charge points | FLEET-1       |
      | grids         | Basement feed |
      | charge groups | Staff         |
      | charge cards  | FLEET-CARD    |
      | employees     | Eve           |

  @CUS-2
  Scenario: An employee's attachments are their own, not the company's
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Eve" is an employee of company "Fleet Ltd"
    And a 1.6 station "FLEET-1" of "Fleet Ltd"
    And a 1.6 station "EVE-HOME" of "Eve"
    And card "FLEET-CARD" of "Fleet Ltd"
    And card "EVE-CARD" of "Eve"
    And a Home charge group "Garage"
    And "Eve" is attached to charge group "Garage"
    When "Eve" opens the attachments of "Eve"
    Then the attachments are:
      | charge points | EVE-HOME |
      | grids         |          |
      | charge groups | Garage   |
      | charge cards  | EVE-CARD |
      | employees     |          |
    When "Eve" opens the attachments of "Fleet Ltd"
    Then the request is refused with 404

  @CUS-2
  Scenario: Support sees a private user's attachments, another customer does not
    Given a tenant "Acme"
    And "Sue" is customer support
    And a customer "Pia"
    And a customer "Bob"
    And "Bob" is a driver of "Bob"
    And a 1.6 station "PIA-HOME" of "Pia"
    And card "PIA-CARD" of "Pia"
    When "Sue" opens the attachments of "Pia"
    Then the attachments are:
      | charge points | PIA-HOME |
      | grids         |          |
      | charge groups |          |
      | charge cards  | PIA-CARD |
      | employees     |          |
    When "Bob" opens the attachments of "Pia"
    Then the request is refused with 404

  @CUS-3
  Scenario: Payments list the debit invoice and the reimbursement credit with number, date, amount and status
    Given it is 21 November 2026
    And a tenant "Acme"
    And a company "Fleet Ltd"
    And "Fleet Ltd" has a Consumer Employee sub-account "Kim at home" for "Kim" with a reimbursement rate of 0.25 EUR
    And a 1.6 station "HOME-1" of "Kim at home"
    And a location "Harbour"
    And a tariff "STD-030" of 0.30 EUR per kWh
    And location "Harbour" charges tariff "STD-030" by default
    And a 1.6 station "HARBOUR-1" at "Harbour"
    And card "KIM-1" of "Kim at home"
    And card "KIM-2" of "Kim at home"
    When a driver charges 2 kWh at station "HOME-1" with card "KIM-1"
    And a driver charges 1 kWh at station "HARBOUR-1" with card "KIM-2"
    And the monthly billing of November 2026 runs
    And "Kim" signs in again
    Then "Kim" sees these payments:
      | kind   | number          | date       | amount                                | status |
      | debit  | INV-2026-000001 | 2026-12-01 | 0.30 EUR per kWh charged with "KIM-2" | issued |
      | credit | CRE-2026-000001 | 2026-12-01 | 0.25 EUR per kWh charged with "KIM-1" | issued |
    When the tenant records that invoice "INV-2026-000001" is paid
    Then "Kim" sees these payments:
      | kind   | number          | date       | amount                                | status |
      | debit  | INV-2026-000001 | 2026-12-01 | 0.30 EUR per kWh charged with "KIM-2" | paid   |
      | credit | CRE-2026-000001 | 2026-12-01 | 0.25 EUR per kWh charged with "KIM-1" | issued |
    And "Kim" opens invoice "INV-2026-000001" and finds the session of card "KIM-2" on it

  @CUS-3
  Scenario: A customer never sees another customer's payments
    Given it is 21 November 2026
    And a tenant "Acme"
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And a customer "Bob"
    And "Bob" is a driver of "Bob"
    And a location "Harbour"
    And a tariff "STD-030" of 0.30 EUR per kWh
    And location "Harbour" charges tariff "STD-030" by default
    And a 1.6 station "HARBOUR-1" at "Harbour"
    And card "PIA-1" of "Pia"
    And card "BOB-1" of "Bob"
    When a driver charges 1 kWh at station "HARBOUR-1" with card "PIA-1"
    And a driver charges 1 kWh at station "HARBOUR-1" with card "BOB-1"
    And the monthly billing of November 2026 runs
    And "Pia" signs in again
    Then "Pia" sees only her own invoice, for the session of card "PIA-1"
    When "Pia" opens the invoice of "Bob"
    Then the request is refused with 404

  @CUS-4
  Scenario: A customer opens a ticket, the tenant admin is told, support answers, the customer reads the answer
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    And "Sue" is customer support
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    When "Pia" opens a ticket "Card refused" saying "My card was refused at the bakery"
    Then the request succeeds
    And "Tom" receives a mail about the ticket "Card refused" of "Pia" saying "My card was refused at the bakery"
    And "Sue" finds the ticket "Card refused" among the open tickets
    When "Sue" answers the ticket "Card refused" with "We unblocked your card"
    Then "Pia" reads the ticket "Card refused" as answered:
      | from | message                           |
      | Pia  | My card was refused at the bakery |
      | Sue  | We unblocked your card            |

  @CUS-4
  Scenario: A follow-up from the customer opens the ticket again
    Given a tenant "Acme"
    And "Sue" is customer support
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And "Pia" has opened a ticket "Card refused" saying "My card was refused"
    And "Sue" has answered the ticket "Card refused" with "Please try again"
    When "Pia" answers the ticket "Card refused" with "Still refused"
    Then "Pia" reads the ticket "Card refused" as open:
      | from | message             |
      | Pia  | My card was refused |
      | Sue  | Please try again    |
      | Pia  | Still refused       |
    And "Sue" finds the ticket "Card refused" among the open tickets

  @CUS-4
  Scenario: Customers never see each other's tickets
    Given a tenant "Acme"
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And a customer "Bob"
    And "Bob" is a driver of "Bob"
    And "Pia" has opened a ticket "Card refused" saying "My card was refused"
    When "Bob" reads the ticket "Card refused"
    Then the request is refused with 404
    When "Bob" answers the ticket "Card refused" with "Me too"
    Then the request is refused with 404
    When "Bob" lists his tickets
    Then no ticket is listed

  @CUS-5
  Scenario: A private user sees their overview, transactions, profile, charge cards and charge points
    Given it is 21 November 2026
    And a tenant "Acme"
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And a customer "Bob"
    And a location "Harbour"
    And a 1.6 station "HARBOUR-1" at "Harbour"
    And a 1.6 station "PIA-HOME" of "Pia"
    And card "PIA-1" of "Pia"
    And card "PIA-2" of "Pia"
    And card "BOB-1" of "Bob"
    When a driver charges 2 kWh at station "HARBOUR-1" with card "PIA-1"
    And a driver charges 1 kWh at station "PIA-HOME" with card "PIA-2"
    And a driver charges 1 kWh at station "HARBOUR-1" with card "BOB-1"
    And "Pia" opens the overview of "Pia"
    Then the overview shows the energy used with cards "PIA-1, PIA-2" on 21 November 2026 and in total
    And the overview shows the energy its charge points delivered to cards "PIA-2" on 21 November 2026 and in total
    And the latest card transactions are those of cards "PIA-2, PIA-1"
    When "Pia" lists the transactions
    Then the transactions are the sessions of cards "PIA-1, PIA-2"
    When "Pia" opens the profile
    Then the profile shows "Pia", her e-mail address and the customer "Pia"
    When "Pia" lists the charge cards
    Then the charge cards are "PIA-1, PIA-2"
    When "Pia" lists the stations
    Then the list shows exactly the stations "PIA-HOME"

  @CUS-5
  Scenario: Transactions are filtered and exported, never beyond the customer's own
    Given it is 21 November 2026
    And a tenant "Acme"
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And a customer "Bob"
    And a location "Harbour"
    And a 1.6 station "HARBOUR-1" at "Harbour"
    And a 1.6 station "PIA-HOME" of "Pia"
    And card "PIA-1" of "Pia"
    And card "PIA-2" of "Pia"
    And card "BOB-1" of "Bob"
    When a driver charges 1 kWh at station "HARBOUR-1" with card "PIA-1"
    And a driver charges 1 kWh at station "PIA-HOME" with card "PIA-2"
    And a driver charges 1 kWh at station "HARBOUR-1" with card "BOB-1"
    And "Pia" lists the transactions at charge point "PIA-HOME"
    Then the transactions are the sessions of cards "PIA-2"
    When "Pia" lists the transactions with card "PIA-1"
    Then the transactions are the sessions of cards "PIA-1"
    When "Pia" lists the transactions started on 21 November 2026
    Then the transactions are the sessions of cards "PIA-1, PIA-2"
    When "Pia" lists the transactions started on 22 November 2026
    Then no transaction is listed
    When "Pia" lists the transactions with card "BOB-1"
    Then no transaction is listed
    When "Pia" lists the transactions at charge point "HARBOUR-1"
    Then the transactions are the sessions of cards "PIA-1"
    When "Pia" exports the transactions
    Then the export is a CSV file of the sessions of cards "PIA-1, PIA-2"
    When "Pia" exports the transactions with card "PIA-2"
    Then the export is a CSV file of the sessions of cards "PIA-2"

  @CUS-5
  Scenario: An employee's transactions and cards are their own, not a colleague's or the company's
    Given it is 21 November 2026
    And a tenant "Acme"
    And a company "Fleet Ltd"
    And "Eve" is an employee of company "Fleet Ltd"
    And "Kim" is an employee of company "Fleet Ltd"
    And a location "HQ" owned by "Fleet Ltd"
    And a 1.6 station "HQ-1" at "HQ"
    And card "EVE-1" of "Eve"
    And card "KIM-1" of "Kim"
    And card "FLEET-1" of "Fleet Ltd"
    When a driver charges 1 kWh at station "HQ-1" with card "EVE-1"
    And a driver charges 1 kWh at station "HQ-1" with card "KIM-1"
    And a driver charges 1 kWh at station "HQ-1" with card "FLEET-1"
    And "Eve" lists the transactions
    Then the transactions are the sessions of cards "EVE-1"
    When "Eve" exports the transactions
    Then the export is a CSV file of the sessions of cards "EVE-1"
    When "Eve" lists the charge cards
    Then the charge cards are "EVE-1"
    When "Eve" opens the profile
    Then the profile shows "Eve", her e-mail address and the customer "Eve"

  @CUS-6
  Scenario: A company admin's dashboard shows energy, the latest transactions and the company's stations
    Given it is 21 November 2026
    And a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And "Eve" is an employee of company "Fleet Ltd"
    And a customer "Vera"
    And a location "HQ" owned by "Fleet Ltd"
    And a 1.6 station "HQ-1" at "HQ"
    And a location "Mall"
    And a 1.6 station "MALL-1" at "Mall"
    And card "FLEET-1" of "Fleet Ltd"
    And card "EVE-1" of "Eve"
    And card "VERA-1" of "Vera"
    When a driver charges 2 kWh at station "HQ-1" with card "EVE-1"
    And a driver charges 1 kWh at station "HQ-1" with card "VERA-1"
    And a driver charges 1 kWh at station "MALL-1" with card "FLEET-1"
    And "Ann" opens the overview of "Fleet Ltd"
    Then the overview shows the energy used with cards "EVE-1, FLEET-1" on 21 November 2026 and in total
    And the overview shows the energy its charge points delivered to cards "EVE-1, VERA-1" on 21 November 2026 and in total
    And the latest card transactions are those of cards "FLEET-1, EVE-1"
    And the latest charge point transactions are those of cards "VERA-1, EVE-1"
    And the overview lists the charge points "HQ-1"
    When "Eve" opens the overview of "Fleet Ltd"
    Then the request is refused with 404
    When "Eve" opens the overview of "Eve"
    Then the overview shows the energy used with cards "EVE-1" on 21 November 2026 and in total
    And the overview lists no charge points

  @CUS-6
  Scenario: A company admin manages the company's employees, an employee manages no one
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And a company "Other Ltd"
    And "Olaf" is an account admin of "Other Ltd"
    When "Ann" adds "Eve" as an employee of "Fleet Ltd"
    Then the request succeeds
    And "Eve" receives an invitation mail from "Acme"
    And the employees of "Fleet Ltd" are "Eve"
    When "Ann" renames the employee "Eve" to "Eve Jansen"
    Then the request succeeds
    And the employees of "Fleet Ltd" are "Eve Jansen"
    When "Olaf" lists the employees of "Fleet Ltd"
    Then the request is refused with 404
    When "Olaf" adds "Max" as an employee of "Fleet Ltd"
    Then the request is refused with 404
    When "Eve" activates the account from the link
    And "Eve" signs in as the employee of "Eve Jansen"
    And "Eve" adds "Max" as an employee of "Fleet Ltd"
    Then the request is refused with 404
    And no mail was sent to "Max"

  @CUS-7
  Scenario: A company admin views and configures the company's charge points
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And "Eve" is an employee of company "Fleet Ltd"
    And a location "HQ" owned by "Fleet Ltd"
    And a 1.6 station "HQ-1" at "HQ"
    And a 1.6 station "EVE-HOME" of "Eve"
    And a location "Mall"
    And a 1.6 station "MALL-1" at "Mall"
    When "Ann" lists the stations
    Then the list shows exactly the stations "EVE-HOME, HQ-1"
    When "Ann" sets "MeterValueSampleInterval" to "30" on charge point "HQ-1"
    Then the charge point accepted the change
    And charge point "HQ-1" now has "MeterValueSampleInterval" set to "30"
    When "Ann" reads "MeterValueSampleInterval" of charge point "HQ-1"
    Then the charge point reports "MeterValueSampleInterval" as "30"
    When "Ann" sets "MeterValueSampleInterval" to "30" on charge point "MALL-1"
    Then the request is refused with 404

  @CUS-7
  Scenario: An employee sees only the charge points attached to them and configures none
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Eve" is an employee of company "Fleet Ltd"
    And "Kim" is an employee of company "Fleet Ltd"
    And a location "HQ" owned by "Fleet Ltd"
    And a 1.6 station "HQ-1" at "HQ"
    And a 1.6 station "EVE-HOME" of "Eve"
    And a 1.6 station "KIM-HOME" of "Kim"
    When "Eve" lists the stations
    Then the list shows exactly the stations "EVE-HOME"
    When "Eve" looks at station "KIM-HOME"
    Then the request is refused with 404
    When "Eve" looks at station "HQ-1"
    Then the request is refused with 404
    When "Eve" sets "MeterValueSampleInterval" to "30" on charge point "EVE-HOME"
    Then the request is refused with 403
    And charge point "EVE-HOME" still has "MeterValueSampleInterval" as before

  @CUS-8
  Scenario Outline: In the view of <a customer>, a system user sees exactly what the customer sees
    Given it is 21 November 2026
    And a tenant "Acme"
    And "Sue" is customer support
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And "Eve" is an employee of company "Fleet Ltd"
    And a location "HQ" owned by "Fleet Ltd"
    And a 1.6 station "HQ-1" at "HQ"
    And a 1.6 station "PIA-HOME" of "Pia"
    And a 1.6 station "EVE-HOME" of "Eve"
    And card "PIA-1" of "Pia"
    And card "EVE-1" of "Eve"
    And card "FLEET-1" of "Fleet Ltd"
    And "Pia" has opened a ticket "Slow charging" saying "Only 3 kW at home"
    And "Eve" has opened a ticket "Cable stuck" saying "At bay 2"
    When a driver charges 1 kWh at station "HQ-1" with card "EVE-1"
    And a driver charges 1 kWh at station "PIA-HOME" with card "PIA-1"
    And "Sue" switches to the view of "<customer>"
    Then the request succeeds
    And "Sue" sees exactly what "<person>" sees on these pages:
      | overview      |
      | transactions  |
      | invoices      |
      | charge cards  |
      | charge points |
      | attachments   |
      | tickets       |
      | driver map    |
      | account       |
    And in the view, "Sue" sees the charge cards "<cards>" and the tickets "<tickets>"

    Examples:
      | a customer      | customer  | person | cards          | tickets       |
      | a private user  | Pia       | Pia    | PIA-1          | Slow charging |
      | a company admin | Fleet Ltd | Ann    | EVE-1, FLEET-1 | Cable stuck   |
      | an employee     | Eve       | Eve    | EVE-1          | Cable stuck   |

  @CUS-8
  Scenario: The customer's view shows no more and allows no more than the customer has
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And a customer "Bob"
    And "Bob" is a driver of "Bob"
    And card "PIA-1" of "Pia"
    And card "BOB-1" of "Bob"
    When "Tom" switches to the view of "Pia"
    And "Tom" looks at card "BOB-1"
    Then the request is refused with 404
    When "Tom" lists the charge cards
    Then the charge cards are "PIA-1"
    When "Tom" searches the customers for "Bob"
    Then the search finds nobody
    When "Tom" relabels card "PIA-1" as "Pia's car"
    Then the request is refused with 403
    When "Tom" reads the mail outbox
    Then the request is refused with 403
    When "Tom" reads the audit trail
    Then the request is refused with 403
    When "Tom" leaves the customer's view
    And "Tom" relabels card "PIA-1" as "Pia's car"
    Then the request succeeds
    When "Tom" searches the customers for "Bob"
    Then the search finds exactly "Bob"

  @CUS-8
  Scenario: What a system user does in a customer's view is recorded on the customer's behalf
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    And "Sue" is customer support
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    When "Sue" switches to the view of "Pia"
    And "Sue" opens a ticket "Charger offline" saying "Reported by phone"
    Then the request succeeds
    And "Pia" reads the ticket "Charger offline" as open:
      | from | message           |
      | Sue  | Reported by phone |
    And the audit trail on behalf of "Pia" reads:
      | who | did              |
      | Sue | opened a ticket  |

  @CUS-8
  Scenario: Only the tenant's own system users switch to a customer's view
    Given a tenant "Acme"
    And a customer "Pia"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And a tenant "Other"
    And "Oscar" is a tenant admin
    When "Ann" switches to the view of "Pia"
    Then the request is refused with 403
    And the answer says "only system users can act as a customer"
    When "Oscar" switches to the view of "Pia"
    Then the request is refused with 404
