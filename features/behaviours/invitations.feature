Feature: Platform accounts, invitations and sub-accounts
  Customers come onto the platform by signing up themselves or by being invited by the
  tenant's staff; either way they accept the tenant's Terms of Use and Privacy policy. An
  account can have sub-accounts for its employees or subsidiaries, each with a
  reimbursement rate for private charging, and customers pay for the charging assets they
  activate on a billing plan.

  Choices where the product text leaves room:
  - Sign-up and every invitation (a customer, a sub-account's user, an employee) are refused
    while either support link is missing, naming the missing link. Removing a link later
    closes them again until it is set anew.
  - Signing up signs the customer in at once: there is no separate e-mail check for a
    self sign-up. An e-mail address has one user per tenant, so it signs up once.
  - A private customer's user is its driver; a company's user is its account admin.
  - Only a tenant admin or customer support invites customers. Inviting staff (tenant admins,
    customer support) is the tenant admin's alone. Nobody invites from a customer's view.
  - The activation link works once, for 24 hours from the moment the mail was sent. An
    expired link and a link replaced by a newer invitation answer 410 (Gone), a used link
    409, a link never sent 404, each with a message saying what to do next.
  - "Resend invitation" replaces every earlier link of the person: only the newest works,
    for a fresh 24 hours. Once the person has activated there is nothing to resend.
  - Activating sets a password of at least 12 characters and needs both acceptances; a
    refused attempt does not spend the link.
  - A sub-account's reimbursement rate is in EUR per kWh charged at the sub-account's own
    charge point with its own cards. The monthly billing credits an Employee sub-account
    at once (an issued credit invoice); a Subsidiary's credit waits as a draft until an
    administrator of the parent account, or the tenant, approves it. The subsidiary cannot
    approve its own.
  - A Business sub-account needs company name, VAT number and company address, and its
    user becomes its account admin; a Consumer sub-account's user is its driver.
  - A billing plan has a monthly price and is billed per day the asset was active in the
    month (tenant time zone). The customer itself activates its assets: a company's admin,
    a private customer's own user. An asset is active on one plan at a time.
  - An enterprise plan is the tenant's agreement with an account: only the tenant sets it.
    It bills every active asset of the account at one price instead of the asset's plan. Its
    public-charging switch is recorded on the plan; it does not change who may charge.
  - Support searches customers by name, e-mail address or account name and sees who has
    not activated yet and whether their link has expired. A customer's search finds only
    the people of its own account.
  - Amounts on invoices for subscriptions are excluding VAT.
  - A login lasts 12 hours on the CSMS's clock, so people sign in again after the clock has
    moved on by a day or to the next month's billing.

  @INV-1
  Scenario: A customer signs up and accepts the Terms of Use and the Privacy policy
    Given a tenant "Acme"
    When "Kim" signs up at "Acme" as a private customer
    Then the request succeeds
    And "Kim" accepted the Terms of Use and the Privacy policy when signing up
    And "Kim" is signed in as the driver of "Kim"
    And "Kim" can sign in to "Acme"

  @INV-1
  Scenario: A company signs up with its company details and administers its account
    Given a tenant "Acme"
    When "Kim" signs up at "Acme" for the company "Fleet Ltd" with its company details
    Then the request succeeds
    And "Kim" is signed in as the account admin of "Fleet Ltd"
    And "Fleet Ltd" is a company with its company details

  @INV-1
  Scenario: A company cannot sign up without its company details
    Given a tenant "Acme"
    When "Kim" signs up at "Acme" for the company "Fleet Ltd" without its company details
    Then the request is refused with 422
    And the answer says "a business account needs company details"
    And "Acme" has no user "Kim"

  @INV-1
  Scenario Outline: Sign-up is refused while the tenant lacks a support link (<links>)
    Given a tenant "Acme" <links>
    When "Kim" signs up at "Acme" as a private customer
    Then the request is refused with 409
    And the answer says "missing: <missing>"
    And "Acme" has no user "Kim"

    Examples:
      | links                          | missing                         |
      | without support links          | Terms of Use and Privacy policy |
      | with only a Terms of Use link  | Privacy policy                  |
      | with only a Privacy policy link| Terms of Use                    |

  @INV-1
  Scenario: Removing a support link closes sign-up until it is set again
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    When "Tom" removes the Privacy policy link
    And "Kim" signs up at "Acme" as a private customer
    Then the request is refused with 409
    And the answer says "missing: Privacy policy"
    When "Tom" sets the Terms of Use and Privacy policy links
    And "Kim" signs up at "Acme" as a private customer
    Then the request succeeds

  @INV-1
  Scenario Outline: Signing up without accepting the <link> is refused
    Given a tenant "Acme"
    When "Kim" signs up at "Acme" as a private customer without accepting the <link>
    Then the request is refused with 422
    And the answer says "you must accept the <link>"
    And "Acme" has no user "Kim"

    Examples:
      | link           |
      | Terms of Use   |
      | Privacy policy |

  @INV-1
  Scenario: An e-mail address signs up only once
    Given a tenant "Acme"
    And "Kim" has signed up at "Acme" as a private customer
    When "Kim" signs up at "Acme" as a private customer
    Then the request is refused with 409
    And the answer says "already exists"

  @INV-1
  Scenario Outline: No invitation goes out while the <link> link is missing
    Given a tenant "Acme"
    And "Tom" is a tenant admin
    And "Tom" has removed the <link> link
    When "Tom" invites "Kim" by email
    Then the request is refused with 409
    And the answer says "missing: <link>"
    And no mail was sent to "Kim"
    And "Acme" has no user "Kim"
    When "Tom" sets the Terms of Use and Privacy policy links
    And "Tom" invites "Kim" by email
    Then the request succeeds
    And "Kim" receives an invitation mail from "Acme"

    Examples:
      | link           |
      | Terms of Use   |
      | Privacy policy |

  @INV-2
  Scenario Outline: A tenant admin or customer support invites a customer by email (<role>)
    Given a tenant "Acme"
    And "Sam" is <role>
    When "Sam" invites "Kim" by email
    Then the request succeeds
    And "Kim" receives an invitation mail from "Acme"
    And "Kim" is waiting to activate the private customer account "Kim"

    Examples:
      | role             |
      | a tenant admin   |
      | customer support |

  @INV-2
  Scenario Outline: Any other role may not invite customers (<role>)
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And an operator "Hotel Group"
    And "Sam" <role>
    When "Sam" invites "Kim" by email
    Then the request is refused with 403
    And the answer says "only a tenant admin or customer support can invite customers"
    When "Sam" invites "Kim" by email to the account "Fleet Ltd"
    Then the request is refused with 403
    And no mail was sent to "Kim"
    And "Acme" has no user "Kim"

    Examples:
      | role                                  |
      | is an account admin of "Fleet Ltd"    |
      | is an installer of "Fleet Ltd"        |
      | is a driver of "Fleet Ltd"            |
      | is an employee of company "Fleet Ltd" |
      | is a user of operator "Hotel Group"   |

  @INV-2
  Scenario: Customer support invites customers but not staff; the tenant admin does
    Given a tenant "Acme"
    And "Sue" is customer support
    And "Tom" is a tenant admin
    When "Sue" invites "Max" as customer support
    Then the request is refused with 403
    And the answer says "only a tenant admin can invite tenant admins or support"
    When "Sue" invites "Max" as a tenant admin
    Then the request is refused with 403
    And no mail was sent to "Max"
    When "Tom" invites "Max" as customer support
    Then the request succeeds
    And "Max" receives an invitation mail from "Acme"

  @INV-2
  Scenario: Nobody invites from a customer's view
    Given a tenant "Acme"
    And "Sue" is customer support
    And a customer "Pia"
    When "Sue" switches to the view of "Pia"
    And "Sue" invites "Kim" by email
    Then the request is refused with 403
    And no mail was sent to "Kim"

  @INV-3
  Scenario: The invited customer activates the account from the link in the mail
    Given a tenant "Acme"
    And "Sue" is customer support
    When "Sue" invites "Kim" by email
    Then "Kim" receives an invitation mail from "Acme"
    And the mail says the link is valid for 24 hours and names both support links
    When "Kim" opens the activation link
    Then the link is for "Kim" and shows the Terms of Use and Privacy policy of "Acme"
    When "Kim" activates the account from the link
    Then the request succeeds
    And "Kim" accepted the Terms of Use and the Privacy policy when activating
    And "Kim" signs in as the driver of "Kim"

  @INV-3
  Scenario: The activation link works for 24 hours and not a minute longer
    Given a tenant "Acme"
    And "Sue" is customer support
    And "Sue" has invited "Kim" by email
    When it is 23 hours and 59 minutes after "Kim" was invited
    Then the activation link of "Kim" still works
    When it is 24 hours and 1 minute after "Kim" was invited
    Then the activation link of "Kim" is refused with 410
    And the answer says "expired"
    And the answer says "ask Acme to resend the invitation"
    When "Kim" activates the account from the link
    Then the request is refused with 410
    And "Kim" cannot sign in to "Acme"

  @INV-3
  Scenario: A used activation link is refused and changes nothing
    Given a tenant "Acme"
    And "Sue" is customer support
    And "Sue" has invited "Kim" by email
    And "Kim" has activated the account from the link
    When someone uses the activation link of "Kim" again with the password "somebody-elses-secret"
    Then the request is refused with 409
    And the answer says "already used"
    And "Kim" can sign in to "Acme"
    And signing in to "Acme" as "Kim" with the password "somebody-elses-secret" is refused

  @INV-3
  Scenario: Resending the invitation issues a fresh link valid for a fresh 24 hours
    Given a tenant "Acme"
    And "Sue" is customer support
    And "Sue" has invited "Kim" by email
    When it is 20 hours after "Kim" was invited
    And "Sue" signs in again
    And "Sue" resends the invitation to "Kim"
    Then the request succeeds
    And "Kim" receives a new invitation mail with a new link
    And the first activation link of "Kim" is refused with 410
    And the answer says "replaced by a newer invitation"
    When it is 43 hours after "Kim" was invited
    Then the activation link of "Kim" still works
    When "Kim" activates the account from the link
    Then the request succeeds
    And "Kim" can sign in to "Acme"

  @INV-3
  Scenario: An expired invitation is resent and the new link works
    Given a tenant "Acme"
    And "Sue" is customer support
    And "Sue" has invited "Kim" by email
    When it is 30 hours after "Kim" was invited
    And "Sue" signs in again
    And "Sue" resends the invitation to "Kim"
    Then "Kim" receives a new invitation mail with a new link
    When "Kim" activates the account from the link
    Then the request succeeds

  @INV-3
  Scenario: A link that was never sent is refused
    Given a tenant "Acme"
    When someone opens an activation link that was never sent
    Then the request is refused with 404
    And the answer says "unknown activation link"

  @INV-3
  Scenario: Activation needs both acceptances and a 12-character password, and a refusal does not spend the link
    Given a tenant "Acme"
    And "Sue" is customer support
    And "Sue" has invited "Kim" by email
    When "Kim" activates the account from the link without accepting the Privacy policy
    Then the request is refused with 422
    And the answer says "you must accept the Privacy policy"
    When "Kim" activates the account from the link with the password "elevenchars"
    Then the request is refused with 422
    When "Kim" activates the account from the link
    Then the request succeeds
    And "Kim" can sign in to "Acme"

  @INV-4
  Scenario: An Employee sub-account is added and its user invited
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    When "Ann" adds a sub-account under "Fleet Ltd":
      | who will use it    | Employee    |
      | account name       | Kim at home |
      | user               | Kim         |
      | account type       | Consumer    |
      | reimbursement rate | 0.25 EUR    |
    Then the request succeeds
    And the sub-accounts of "Fleet Ltd" are "Kim at home"
    And the account "Kim at home" reads:
      | who will use it    | Employee  |
      | account type       | Consumer  |
      | reimbursement rate | 0.25 EUR  |
    And "Kim" receives an invitation mail from "Acme"
    When "Kim" activates the account from the link
    Then "Kim" signs in as the driver of "Kim at home"

  @INV-4
  Scenario: A Business sub-account needs company details and its user administers it
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    When "Ann" adds a sub-account under "Fleet Ltd":
      | who will use it    | Subsidiary  |
      | account name       | Fleet South |
      | user               | Sid         |
      | account type       | Business    |
      | reimbursement rate | 0.30 EUR    |
      | VAT number         | NL123456789 |
    Then the request is refused with 422
    And the answer says "missing: company_name, company_address"
    And "Fleet Ltd" has no sub-accounts
    And no mail was sent to "Sid"
    When "Ann" adds a sub-account under "Fleet Ltd":
      | who will use it    | Subsidiary            |
      | account name       | Fleet South           |
      | user               | Sid                   |
      | account type       | Business              |
      | reimbursement rate | 0.30 EUR              |
      | company name       | Fleet South BV        |
      | VAT number         | NL123456789           |
      | company address    | 2 Harbour Road, Breda |
    Then the request succeeds
    And the account "Fleet South" reads:
      | who will use it    | Subsidiary     |
      | account type       | Business       |
      | reimbursement rate | 0.30 EUR       |
      | company name       | Fleet South BV |
    When "Sid" activates the account from the link
    Then "Sid" signs in as the account admin of "Fleet South"

  @INV-4
  Scenario: A sub-account needs a reimbursement rate of zero or more
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    When "Ann" adds a sub-account under "Fleet Ltd":
      | who will use it    | Employee    |
      | account name       | Kim at home |
      | user               | Kim         |
      | account type       | Consumer    |
      | reimbursement rate | -0.01 EUR   |
    Then the request is refused with 422
    And "Fleet Ltd" has no sub-accounts
    And no mail was sent to "Kim"

  @INV-4
  Scenario: Drivers do not add sub-accounts, and nobody does before the support links are set
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Dan" is a driver of "Fleet Ltd"
    And "Tom" is a tenant admin
    When "Dan" adds a sub-account under "Fleet Ltd":
      | who will use it    | Employee    |
      | account name       | Kim at home |
      | user               | Kim         |
      | account type       | Consumer    |
      | reimbursement rate | 0.25 EUR    |
    Then the request is refused with 403
    When "Tom" removes the Terms of Use link
    And "Tom" adds a sub-account under "Fleet Ltd":
      | who will use it    | Employee    |
      | account name       | Kim at home |
      | user               | Kim         |
      | account type       | Consumer    |
      | reimbursement rate | 0.25 EUR    |
    Then the request is refused with 409
    And the answer says "missing: Terms of Use"
    And "Fleet Ltd" has no sub-accounts
    And no mail was sent to "Kim"

  @INV-4
  Scenario: An Employee sub-account is reimbursed automatically at its rate
    Given it is 21 November 2026
    And a tenant "Acme"
    And a company "Fleet Ltd"
    And "Fleet Ltd" has a Consumer Employee sub-account "Kim at home" for "Kim" with a reimbursement rate of 0.25 EUR
    And a 1.6 station "HOME-1" of "Kim at home"
    And card "KIM-1" of "Kim at home"
    When a driver charges 2 kWh at station "HOME-1" with card "KIM-1"
    And the monthly billing of November 2026 runs
    Then the session of card "KIM-1" is reimbursed to "Kim at home" and paid by "Fleet Ltd"
    And "Kim at home" has an issued credit of 0.25 EUR per kWh charged with card "KIM-1"

  @INV-4
  Scenario: A Subsidiary's reimbursement waits until an administrator of the parent approves it
    Given it is 21 November 2026
    And a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And "Fleet Ltd" has a Business Subsidiary sub-account "Fleet South" for "Sid" with a reimbursement rate of 0.30 EUR
    And a 1.6 station "SOUTH-1" of "Fleet South"
    And card "SOUTH-1-CARD" of "Fleet South"
    When a driver charges 2 kWh at station "SOUTH-1" with card "SOUTH-1-CARD"
    And the monthly billing of November 2026 runs
    Then "Fleet South" has a credit of 0.30 EUR per kWh charged with card "SOUTH-1-CARD" awaiting approval
    When "Sid" signs in again
    And "Sid" approves the credit of "Fleet South"
    Then the request is refused with 403
    When "Ann" signs in again
    And "Ann" approves the credit of "Fleet South"
    Then the request succeeds
    And "Fleet South" has an issued credit of 0.30 EUR per kWh charged with card "SOUTH-1-CARD"

  @INV-5
  Scenario: A company activates a charge point on a billing plan and pays for the days it was active
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And a 1.6 station "FLEET-1" of "Fleet Ltd"
    And the tenant offers the billing plan "Smart charger" for charge points at 9.99 EUR a month
    When "Ann" activates charge point "FLEET-1" on the billing plan "Smart charger" from 16 November 2026
    Then the request succeeds
    When the monthly billing of November 2026 runs
    Then "Fleet Ltd" is invoiced 5.00 EUR for charge point "FLEET-1" on "Smart charger" in November 2026

  @INV-5
  Scenario: A private customer chooses a plan for its own charge card
    Given a tenant "Acme"
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And card "PIA-1" of "Pia"
    And the tenant offers the billing plan "Card plan" for charge cards at 3.00 EUR a month
    When "Pia" activates charge card "PIA-1" on the billing plan "Card plan" from 1 November 2026
    Then the request succeeds
    When the monthly billing of November 2026 runs
    Then "Pia" is invoiced 3.00 EUR for charge card "PIA-1" on "Card plan" in November 2026

  @INV-5
  Scenario: Each asset is activated once, on a plan for its kind, and only by its own customer
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And a 1.6 station "FLEET-1" of "Fleet Ltd"
    And a 1.6 station "PIA-HOME" of "Pia"
    And card "FLEET-CARD" of "Fleet Ltd"
    And the tenant offers the billing plan "Smart charger" for charge points at 9.99 EUR a month
    And "Ann" has activated charge point "FLEET-1" on the billing plan "Smart charger" from 1 November 2026
    When "Ann" activates charge point "FLEET-1" on the billing plan "Smart charger" from 16 November 2026
    Then the request is refused with 409
    And the answer says "is active already"
    When "Ann" activates charge card "FLEET-CARD" on the billing plan "Smart charger" from 1 November 2026
    Then the request is refused with 422
    And the answer says "is for stations"
    When "Ann" activates charge point "PIA-HOME" on the billing plan "Smart charger" from 1 November 2026
    Then the request is refused with 422
    And the answer says "is not one of"
    When "Pia" activates charge point "FLEET-1" on the billing plan "Smart charger" for "Fleet Ltd"
    Then the request is refused with 404

  @INV-5
  Scenario: An enterprise plan bills every active asset of the account at one price
    Given a tenant "Acme"
    And a company "Fleet Ltd"
    And "Ann" is an account admin of "Fleet Ltd"
    And a 1.6 station "FLEET-1" of "Fleet Ltd"
    And a 1.6 station "FLEET-2" of "Fleet Ltd"
    And the tenant offers the billing plan "Smart charger" for charge points at 9.99 EUR a month
    And "Ann" has activated charge point "FLEET-1" on the billing plan "Smart charger" from 1 November 2026
    And "Ann" has activated charge point "FLEET-2" on the billing plan "Smart charger" from 1 November 2026
    When "Ann" sets an enterprise plan for "Fleet Ltd" of 6.00 EUR per activated asset with public charging
    Then the request is refused with 403
    When the tenant sets an enterprise plan for "Fleet Ltd" of 6.00 EUR per activated asset with public charging
    Then the request succeeds
    And "Ann" reads the enterprise plan of "Fleet Ltd": 6.00 EUR per activated asset with public charging
    When the monthly billing of November 2026 runs
    Then "Fleet Ltd" is invoiced 6.00 EUR for charge point "FLEET-1" on "Enterprise plan" in November 2026
    And "Fleet Ltd" is invoiced 6.00 EUR for charge point "FLEET-2" on "Enterprise plan" in November 2026

  @INV-6
  Scenario: Support finds a customer who has not activated and resends the invitation
    Given a tenant "Acme"
    And "Sue" is customer support
    And "Sue" has invited "Noor Bakker" by email
    And "Sue" has invited "Sam de Vries" by email
    And "Sam de Vries" has activated the account from the link
    When "Sue" searches the customers for "bakk"
    Then the search finds exactly "Noor Bakker"
    And "Noor Bakker" is shown as not activated, with a link valid until 24 hours after the invitation
    When "Sue" searches the customers for "sam-de-vries@"
    Then the search finds exactly "Sam de Vries"
    And "Sam de Vries" is shown as activated
    When "Sue" lists the customers who have not activated
    Then the search finds exactly "Noor Bakker"
    When it is 25 hours after "Noor Bakker" was invited
    And "Sue" signs in again
    And "Sue" searches the customers for "Noor"
    Then "Noor Bakker" is shown as not activated, with an expired link
    When "Sue" resends the invitation to "Noor Bakker"
    Then the request succeeds
    And "Noor Bakker" receives a new invitation mail with a new link
    When "Sue" searches the customers for "Noor"
    Then "Noor Bakker" is shown as not activated, with a link valid until 49 hours after the invitation
    When "Noor Bakker" activates the account from the link
    Then the request succeeds

  @INV-6
  Scenario: Support searches by account name too
    Given a tenant "Acme"
    And "Sue" is customer support
    And a company "Fleet Ltd"
    And "Sue" has invited "Kim" by email to the account "Fleet Ltd"
    When "Sue" searches the customers for "fleet"
    Then the search finds exactly "Kim"

  @INV-6
  Scenario: There is nothing to resend to a customer who has activated
    Given a tenant "Acme"
    And "Sue" is customer support
    And "Sue" has invited "Kim" by email
    And "Kim" has activated the account from the link
    When "Sue" resends the invitation to "Kim"
    Then the request is refused with 409
    And the answer says "already activated"
    And "Kim" received 1 invitation mail

  @INV-6
  Scenario: A customer's search finds nobody else, and a customer resends nobody's invitation
    Given a tenant "Acme"
    And "Sue" is customer support
    And a customer "Pia"
    And "Pia" is a driver of "Pia"
    And "Sue" has invited "Noor Bakker" by email
    When "Pia" searches the customers for "Noor"
    Then the search finds nobody
    When "Pia" resends the invitation to "Noor Bakker"
    Then the request is refused with 404
    And "Noor Bakker" received 1 invitation mail
