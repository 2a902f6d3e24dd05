/**
 * The simulated users' tickets, with what a good model answers about each: the demo's model
 * returns these, so every output is valid for the example prompts' `output.schema`.
 * @module
 */

/** One support ticket and its reference triage. */
export interface SupportTicket {
  id: string
  subject: string
  body: string
  intent: 'billing' | 'technical' | 'account' | 'feature_request' | 'other'
  triage: {
    customer_issue: string
    product_area: string
    sentiment: 'positive' | 'neutral' | 'frustrated' | 'angry'
    urgency: 'low' | 'medium' | 'high' | 'critical'
    steps_taken: string[]
    requested_action: string
    summary: string
  }
}

export const SUPPORT_TICKETS: readonly SupportTicket[] = [
  {
    id: 'api-503',
    subject: 'Orders API returning 503',
    body: 'Since 09:40 CET every call to /v2/orders on the EU API returns 503 Service Unavailable. Our webshop checkout depends on it, so nobody can order. We rotated the API token and retried from a second datacenter, same result. Request ID req_7f3a9c21. Please escalate.',
    intent: 'technical',
    triage: {
      customer_issue: 'Every call to the EU orders API has returned 503 since 09:40 CET.',
      product_area: 'api',
      sentiment: 'frustrated',
      urgency: 'critical',
      steps_taken: ['Rotated the API token', 'Retried from a second datacenter'],
      requested_action: 'Escalate and fix the EU orders API.',
      summary:
        'EU /v2/orders returns 503 on every call since 09:40 CET, blocking the customer checkout (request req_7f3a9c21). Not a token or network issue.',
    },
  },
  {
    id: 'double-charge',
    subject: 'Charged twice this month',
    body: 'Hello, our card ending 4412 was charged $249.00 twice on March 3rd for the Growth plan (invoices INV-20931 and INV-20932). Please refund one of them before our books close on the 31st. Thanks, Priya',
    intent: 'billing',
    triage: {
      customer_issue: 'The Growth plan was charged twice on March 3rd.',
      product_area: 'billing',
      sentiment: 'neutral',
      urgency: 'medium',
      steps_taken: [],
      requested_action: 'Refund the duplicate charge before the 31st.',
      summary:
        'Duplicate $249.00 Growth plan charge on March 3rd (INV-20931, INV-20932); the customer wants one refunded before the 31st.',
    },
  },
  {
    id: 'sso-locked-out',
    subject: 'Whole team locked out after SSO change',
    body: 'We switched our Okta tenant yesterday and now none of our 40 warehouse staff can sign in, they get "SAML response invalid". I re-uploaded the metadata XML twice. Stock counts are due tomorrow morning.',
    intent: 'account',
    triage: {
      customer_issue:
        'After moving to a new Okta tenant, 40 staff get "SAML response invalid" at sign-in.',
      product_area: 'authentication',
      sentiment: 'frustrated',
      urgency: 'high',
      steps_taken: ['Re-uploaded the SAML metadata XML twice'],
      requested_action: 'Restore SSO sign-in before the stock count tomorrow.',
      summary:
        'SSO fails with "SAML response invalid" for all 40 staff since the Okta tenant change; stock counts are due tomorrow morning.',
    },
  },
  {
    id: 'csv-export-request',
    subject: 'Feature idea: scheduled CSV exports',
    body: 'Love the new dashboard! Could you add scheduled CSV exports of the inventory report, say every Monday to an SFTP folder? Today I export it by hand each week.',
    intent: 'feature_request',
    triage: {
      customer_issue: 'The customer wants the inventory report exported to SFTP on a schedule.',
      product_area: 'data_import_export',
      sentiment: 'positive',
      urgency: 'low',
      steps_taken: ['Exports the report by hand each week'],
      requested_action: 'Add scheduled CSV exports to SFTP.',
      summary:
        'Feature request: weekly scheduled CSV export of the inventory report to an SFTP folder; currently done by hand.',
    },
  },
  {
    id: 'mobile-crash',
    subject: 'App crashes when scanning barcodes',
    body: 'The Android app (version 5.2.1) closes as soon as I open the barcode scanner on my Zebra TC52. I reinstalled it and cleared the cache. I can still type SKUs by hand, it is just slow.',
    intent: 'technical',
    triage: {
      customer_issue:
        'The Android app 5.2.1 crashes when the barcode scanner opens on a Zebra TC52.',
      product_area: 'mobile_app',
      sentiment: 'neutral',
      urgency: 'medium',
      steps_taken: ['Reinstalled the app', 'Cleared the cache'],
      requested_action: 'Fix the barcode scanner crash.',
      summary:
        'Android app 5.2.1 crashes on opening the barcode scanner (Zebra TC52); manual SKU entry works as a slow workaround.',
    },
  },
  {
    id: 'vat-question',
    subject: 'VAT number on invoices',
    body: 'Hi, how do I add our EU VAT number so it shows on future invoices? Our accountant asked for it. Kind regards, Lukas',
    intent: 'billing',
    triage: {
      customer_issue: 'The customer asks how to show their EU VAT number on invoices.',
      product_area: 'billing',
      sentiment: 'neutral',
      urgency: 'low',
      steps_taken: [],
      requested_action: 'Explain how to add the VAT number to invoices.',
      summary: 'How-to question: adding the EU VAT number so it appears on future invoices.',
    },
  },
]

/** A customer email about an order, with the extraction a good model returns. */
export interface OrderEmail {
  id: string
  email_text: string
  extracted: Record<string, unknown>
}

export const ORDER_EMAILS: readonly OrderEmail[] = [
  {
    id: 'where-is-order',
    email_text:
      'Subject: Order #A-10293\n\nI placed order #A-10293 on March 14, 2024: 2 x Ceramic Pour-Over Set (SKU CPO-200) @ $34.00. Subtotal $68.00, shipping $7.95, total $75.95. When will it ship?\n\nEmily Carter',
    extracted: {
      is_order_email: true,
      order_id: 'A-10293',
      order_date: '2024-03-14',
      customer_name: 'Emily Carter',
      currency: 'USD',
      items: [{ sku: 'CPO-200', name: 'Ceramic Pour-Over Set', quantity: 2, unit_price: 34 }],
      subtotal: 68,
      shipping: 7.95,
      tax: null,
      total: 75.95,
    },
  },
  {
    id: 'wrong-colour',
    email_text:
      'Betreff: Bestellung 2024-55817\n\nIn Bestellung 2024-55817 vom 02.05.2024 kam der Bürostuhl ErgoFlex Pro (EF-PRO-ANT, 1.234,50 €) in der falschen Farbe. Bitte um Umtausch.\n\nAnna Schmidt',
    extracted: {
      is_order_email: true,
      order_id: '2024-55817',
      order_date: '2024-05-02',
      customer_name: 'Anna Schmidt',
      currency: 'EUR',
      items: [
        { sku: 'EF-PRO-ANT', name: 'Bürostuhl ErgoFlex Pro', quantity: 1, unit_price: 1234.5 },
      ],
      subtotal: null,
      shipping: null,
      tax: null,
      total: null,
    },
  },
]

/** A customer question with the help-center articles retrieved for it, and a drafted reply. */
export interface ReplyCase {
  id: string
  customer_message: string
  customer_name: string
  knowledge_base_articles: { id: string; title: string; body: string }[]
  reply: string
}

export const REPLY_CASES: readonly ReplyCase[] = [
  {
    id: '2fa-new-phone',
    customer_message:
      'I got a new phone and my authenticator app did not transfer. I still have my recovery codes. How do I get back in?',
    customer_name: 'Daniel',
    knowledge_base_articles: [
      {
        id: 'KB-101',
        title: 'Reset two-factor authentication',
        body: 'Sign in with one of your recovery codes, then go to Settings → Security → Two-factor authentication and set up your new device. Each recovery code works once.',
      },
    ],
    reply:
      'Hi Daniel,\n\nYou can get back in with one of your recovery codes: choose to use a recovery code at sign-in and enter one of the codes you saved [KB-101]. Then open Settings → Security → Two-factor authentication and set up the authenticator app on your new phone [KB-101]. Each code works once, so cross off the one you used.\n\nBest regards,\nNorthwind Support',
  },
  {
    id: 'add-seats',
    customer_message: 'How do I add two more users to our account?',
    customer_name: 'Mei',
    knowledge_base_articles: [
      {
        id: 'KB-120',
        title: 'Invite users and assign roles',
        body: 'Admins invite users from Settings → Team → Invite user. Each active user uses one seat; you can add seats from Billing → Plan. Invitations expire after 7 days.',
      },
    ],
    reply:
      'Hi Mei,\n\nAn admin can invite each new user from Settings → Team → Invite user [KB-120]. Every active user takes one seat, so if you have no free seats, add two from Billing → Plan first [KB-120]. Invitations expire after 7 days, so ask your colleagues to accept them soon.\n\nBest regards,\nNorthwind Support',
  },
]
