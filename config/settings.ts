/**
 * The one typed configuration module. Every setting has a type, a default, a doc line and an
 * environment variable. The README's configuration table is checked against this list by a test.
 *
 * The Camunda connection settings use the names of `@camunda8/sdk`, so the same environment
 * moves workers and apps from the embedded engine to a real Camunda 8 cluster.
 */

type Kind = 'string' | 'number' | 'boolean';

interface Descriptor<K extends Kind> {
  env: string;
  kind: K;
  default: K extends 'number' ? number : K extends 'boolean' ? boolean : string;
  doc: string;
  /** The only values a string setting may take; anything else stops the start naming the variable. */
  values?: readonly string[];
}

function setting<K extends Kind>(d: Descriptor<K>): Descriptor<K> {
  return d;
}

export const descriptors = {
  httpPort: setting({ env: 'HTTP_PORT', kind: 'number', default: 8080, doc: 'Port of the REST API and the web apps.' }),
  httpHost: setting({ env: 'HTTP_HOST', kind: 'string', default: '127.0.0.1', doc: 'Interface the HTTP server binds to.' }),
  dataDir: setting({
    env: 'DATA_DIR',
    kind: 'string',
    default: './data',
    doc: 'Folder for the embedded database, stored documents and other state.',
  }),
  databaseUrl: setting({
    env: 'DATABASE_URL',
    kind: 'string',
    default: '',
    doc: 'postgres://… switches from embedded PGlite to a PostgreSQL server.',
  }),
  logLevel: setting({
    env: 'LOG_LEVEL',
    kind: 'string',
    default: 'info',
    values: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'],
    doc: 'Level of the log (pino, JSON lines on stdout): trace, debug, info, warn, error, fatal or silent.',
  }),
  appProfile: setting({
    env: 'APP_PROFILE',
    kind: 'string',
    default: 'development',
    values: ['development', 'production'],
    doc: 'development or production. Production refuses to start with development passwords, keys or users, and turns the mail sink and the simulators off.',
  }),
  trustProxy: setting({
    env: 'TRUST_PROXY',
    kind: 'string',
    default: '',
    doc: 'Addresses of reverse proxies whose X-Forwarded-For/-Proto headers count (comma-separated IPs or CIDRs, or true for any); empty trusts none.',
  }),

  engineEmbedded: setting({
    env: 'ENGINE_EMBEDDED',
    kind: 'boolean',
    default: true,
    doc: 'Run the embedded Zeebe-compatible engine. Set false to use an external Camunda 8.',
  }),
  engineGrpcPort: setting({
    env: 'ENGINE_GRPC_PORT',
    kind: 'number',
    default: 26500,
    doc: "Port of the embedded engine's Zeebe gRPC gateway.",
  }),
  engineGrpcHost: setting({
    env: 'ENGINE_GRPC_HOST',
    kind: 'string',
    default: '127.0.0.1',
    doc: 'Interface the gRPC gateway binds to. Anything but a loopback address needs ENGINE_GRPC_AUTH=required.',
  }),
  engineGrpcAuth: setting({
    env: 'ENGINE_GRPC_AUTH',
    kind: 'string',
    default: 'none',
    values: ['none', 'required'],
    doc: 'none or required: gRPC calls must carry an API key (authorization: Bearer <key>, x-api-key) with a role allowed for the method.',
  }),
  engineGrpcTlsCertPath: setting({
    env: 'ENGINE_GRPC_TLS_CERT_PATH',
    kind: 'string',
    default: '',
    doc: 'PEM certificate (chain) of the gRPC gateway; with ENGINE_GRPC_TLS_KEY_PATH it serves TLS only (grpcs://).',
  }),
  engineGrpcTlsKeyPath: setting({
    env: 'ENGINE_GRPC_TLS_KEY_PATH',
    kind: 'string',
    default: '',
    doc: "PEM private key of the gRPC gateway's certificate.",
  }),
  engineClockControlled: setting({
    env: 'ENGINE_CLOCK_CONTROLLED',
    kind: 'boolean',
    default: false,
    doc: 'Allow PUT /v2/clock to pin the engine clock (tests, demos), like zeebe.clock.controlled.',
  }),
  engineLongPollTimeoutMs: setting({
    env: 'ENGINE_LONG_POLL_TIMEOUT_MS',
    kind: 'number',
    default: 10000,
    doc: 'Default long-polling timeout of ActivateJobs when the request gives none.',
  }),
  engineFlushIntervalMs: setting({
    env: 'ENGINE_FLUSH_INTERVAL_MS',
    kind: 'number',
    default: 0,
    doc: 'Extra group-commit window in ms. Commands arriving while a write is in flight are always written together.',
  }),
  engineSearchApplyMs: setting({
    env: 'ENGINE_SEARCH_APPLY_MS',
    kind: 'number',
    default: 500,
    doc: 'Embedded PGlite on disk: each group commit is appended to a journal in `DATA_DIR/engine-journal`, and the search tables follow within this many ms, a record changed several times written once. `0`: the search tables are written with each commit, no journal (one left by an earlier run is still applied at start). PostgreSQL always writes with each commit.',
  }),
  engineMaxMessageSize: setting({
    env: 'ENGINE_MAX_MESSAGE_SIZE',
    kind: 'number',
    default: 4 * 1024 * 1024,
    doc: "Largest gRPC message and HTTP request body in bytes (Zeebe's maxMessageSize, 4 MB); the variables of one command must fit too.",
  }),
  engineMaxVariablesPerCommand: setting({
    env: 'ENGINE_MAX_VARIABLES_PER_COMMAND',
    kind: 'number',
    default: 10000,
    doc: 'Most variables (top-level names) one command may set; more are rejected with INVALID_ARGUMENT.',
  }),
  engineMaxDeploymentSize: setting({
    env: 'ENGINE_MAX_DEPLOYMENT_SIZE',
    kind: 'number',
    default: 4 * 1024 * 1024,
    doc: 'Largest deployment in bytes, all resources together (Zeebe: one record batch, 4 MB).',
  }),
  engineFeelMaxExpressionLength: setting({
    env: 'ENGINE_FEEL_MAX_EXPRESSION_LENGTH',
    kind: 'number',
    default: 10000,
    doc: 'Longest FEEL expression in characters; a deployment with a longer one is rejected.',
  }),
  engineFeelEvaluationTimeoutMs: setting({
    env: 'ENGINE_FEEL_EVALUATION_TIMEOUT_MS',
    kind: 'number',
    default: 200,
    doc: 'Time budget of one FEEL evaluation that loops, calls functions or filters; over it the evaluation stops with an incident. 0: no budget.',
  }),

  engineRestPort: setting({
    env: 'ENGINE_REST_PORT',
    kind: 'number',
    default: 8088,
    doc: 'Port of the /v2 REST API of the engine run alone (`npm run engine`, standing in for a cluster); 0 picks a free port.',
  }),
  engineOidcJwksUrl: setting({
    env: 'ENGINE_OIDC_JWKS_URL',
    kind: 'string',
    default: '',
    doc: 'JWK set of an OAuth/OpenID provider whose bearer JWTs are accepted: by the engine run alone only those (gRPC and /v2, every client with every permission); by the product next to its users and API keys (REST and gRPC, roles from ENGINE_OIDC_ROLES_CLAIM). Empty: no tokens.',
  }),
  engineOidcAudience: setting({
    env: 'ENGINE_OIDC_AUDIENCE',
    kind: 'string',
    default: '',
    doc: 'Audience a token must name (with ENGINE_OIDC_JWKS_URL); empty: any.',
  }),
  engineOidcRolesClaim: setting({
    env: 'ENGINE_OIDC_ROLES_CLAIM',
    kind: 'string',
    default: 'roles',
    doc: 'Claim of a token (with ENGINE_OIDC_JWKS_URL) that holds its product roles (analyst, caseworker, admin, system), a dotted path such as realm_access.roles; a token without one may do nothing.',
  }),

  zeebeGrpcAddress: setting({
    env: 'ZEEBE_GRPC_ADDRESS',
    kind: 'string',
    default: 'grpc://localhost:26500',
    doc: 'Zeebe gateway the workers and apps use (@camunda8/sdk name).',
  }),
  zeebeRestAddress: setting({
    env: 'ZEEBE_REST_ADDRESS',
    kind: 'string',
    default: '',
    doc: "Camunda 8 REST address (@camunda8/sdk name). Empty: the embedded engine's /v2 on HTTP_PORT.",
  }),
  zeebeClientId: setting({
    env: 'ZEEBE_CLIENT_ID',
    kind: 'string',
    default: '',
    doc: 'OAuth client id for an external Camunda 8 (@camunda8/sdk name).',
  }),
  zeebeClientSecret: setting({
    env: 'ZEEBE_CLIENT_SECRET',
    kind: 'string',
    default: '',
    doc: 'OAuth client secret for an external Camunda 8 (@camunda8/sdk name).',
  }),
  camundaOauthUrl: setting({
    env: 'CAMUNDA_OAUTH_URL',
    kind: 'string',
    default: '',
    doc: 'OAuth token URL for an external Camunda 8 (@camunda8/sdk name).',
  }),
  camundaAuthStrategy: setting({
    env: 'CAMUNDA_AUTH_STRATEGY',
    kind: 'string',
    default: 'NONE',
    values: ['NONE', 'OAUTH', 'BASIC', 'BEARER', 'COOKIE'],
    doc: 'NONE, OAUTH, BASIC, BEARER or COOKIE (@camunda8/sdk name).',
  }),

  workersEnabled: setting({
    env: 'WORKERS_ENABLED',
    kind: 'boolean',
    default: true,
    doc: 'Start the job workers inside the server process.',
  }),
  workerTaskTypes: setting({
    env: 'WORKER_TASK_TYPES',
    kind: 'string',
    default: '',
    doc: 'Task types the job workers of this process serve (comma-separated, `*` at the end matches a prefix); empty: all.',
  }),
  workerName: setting({
    env: 'WORKER_NAME',
    kind: 'string',
    default: '',
    doc: 'Name the job workers of this process give the engine (shown with each job); empty: host name and process id.',
  }),
  deployProcessesAtStart: setting({
    env: 'DEPLOY_PROCESSES_AT_START',
    kind: 'boolean',
    default: true,
    doc: 'Deploy the files under processes/ when the server starts.',
  }),

  smtpHost: setting({ env: 'SMTP_HOST', kind: 'string', default: '127.0.0.1', doc: 'SMTP server the mailer sends through.' }),
  smtpPort: setting({
    env: 'SMTP_PORT',
    kind: 'number',
    default: 1025,
    doc: 'SMTP port the mailer sends to (the mail sink listens here by default).',
  }),
  mailSinkEnabled: setting({
    env: 'MAIL_SINK_ENABLED',
    kind: 'boolean',
    default: true,
    doc: 'Start the local SMTP sink; captured mails are listed at /mail.',
  }),
  mailSinkCapacity: setting({
    env: 'MAIL_SINK_CAPACITY',
    kind: 'number',
    default: 500,
    doc: 'Mails the local SMTP sink keeps in memory; the oldest are dropped.',
  }),
  mailFrom: setting({
    env: 'MAIL_FROM',
    kind: 'string',
    default: 'Kundenservice <service@energie.example>',
    doc: 'Sender address of customer mails.',
  }),

  bureauSimulatorEnabled: setting({
    env: 'BUREAU_SIMULATOR_ENABLED',
    kind: 'boolean',
    default: true,
    doc: 'Start the credit bureau simulator.',
  }),
  bureauSimulatorPort: setting({
    env: 'BUREAU_SIMULATOR_PORT',
    kind: 'number',
    default: 8090,
    doc: 'Port of the credit bureau simulator.',
  }),
  schufaBaseUrl: setting({
    env: 'SCHUFA_BASE_URL',
    kind: 'string',
    default: 'http://127.0.0.1:8090/schufa',
    doc: 'Base URL of the SCHUFA adapter.',
  }),
  infoscoreBaseUrl: setting({
    env: 'INFOSCORE_BASE_URL',
    kind: 'string',
    default: 'http://127.0.0.1:8090/infoscore',
    doc: 'Base URL of the infoscore adapter.',
  }),
  creditreformBaseUrl: setting({
    env: 'CREDITREFORM_BASE_URL',
    kind: 'string',
    default: 'http://127.0.0.1:8090/creditreform',
    doc: 'Base URL of the Creditreform Boniversum adapter.',
  }),
  bureauTimeoutMs: setting({ env: 'BUREAU_TIMEOUT_MS', kind: 'number', default: 3000, doc: 'Timeout of one bureau request.' }),
  bureauRetries: setting({
    env: 'BUREAU_RETRIES',
    kind: 'number',
    default: 2,
    doc: 'Retries of one bureau request after a timeout, a network error or a 5xx, before the job fails.',
  }),
  bureauRetryBackoffMs: setting({
    env: 'BUREAU_RETRY_BACKOFF_MS',
    kind: 'number',
    default: 200,
    doc: 'Wait before the first bureau retry; doubles with each further retry.',
  }),
  creditreformProduct: setting({
    env: 'CREDITREFORM_PRODUCT',
    kind: 'string',
    default: 'verita',
    values: ['bonima', 'verita'],
    doc: 'Creditreform Boniversum product: bonima (verifies the address) or verita (name and address).',
  }),
  creditScoreGreenAbove: setting({
    env: 'CREDIT_SCORE_GREEN_ABOVE',
    kind: 'number',
    default: 400,
    doc: "Normalised scores (0–1000) above this are green in the adapters' traffic light.",
  }),
  creditScoreRedBelow: setting({
    env: 'CREDIT_SCORE_RED_BELOW',
    kind: 'number',
    default: 250,
    doc: 'Normalised scores below this are red; between red and green is yellow.',
  }),
  bureauSimulatorLatencyMs: setting({
    env: 'BUREAU_SIMULATOR_LATENCY_MS',
    kind: 'number',
    default: 0,
    doc: 'Latency the credit bureau simulator adds to every answer.',
  }),
  paymentProviderSimulatorEnabled: setting({
    env: 'PAYMENT_PROVIDER_SIMULATOR_ENABLED',
    kind: 'boolean',
    default: true,
    doc: 'Start the payment provider simulator (card and PayPal checkouts of the payment page).',
  }),
  paymentProviderSimulatorPort: setting({
    env: 'PAYMENT_PROVIDER_SIMULATOR_PORT',
    kind: 'number',
    default: 8091,
    doc: 'Port of the payment provider simulator.',
  }),
  paymentProviderBaseUrl: setting({
    env: 'PAYMENT_PROVIDER_BASE_URL',
    kind: 'string',
    default: 'http://127.0.0.1:8091',
    doc: 'Base URL of the payment provider API (the simulator while left at the default).',
  }),
  paymentProviderApiKey: setting({
    env: 'PAYMENT_PROVIDER_API_KEY',
    kind: 'string',
    default: '',
    doc: 'API key the payment page sends to the payment provider; empty while the simulator runs: a random one per start.',
  }),
  paymentProviderWebhookSecret: setting({
    env: 'PAYMENT_PROVIDER_WEBHOOK_SECRET',
    kind: 'string',
    default: '',
    doc: "Secret of the payment provider's webhook signatures (a webhook signed otherwise books nothing); empty: no card or PayPal payments, unless the simulator runs (then a random one per start).",
  }),
  paymentPageFreeActions: setting({
    env: 'PAYMENT_PAGE_FREE_ACTIONS',
    kind: 'number',
    default: 20,
    doc: 'Payment-page actions (payments, mandates, plans, messages, refused links) one client or account may make before each further one waits twice as long as the last (429); forgotten after a quiet minute.',
  }),
  bureauReportBureaus: setting({
    env: 'BUREAU_REPORT_BUREAUS',
    kind: 'string',
    default: 'creditreform',
    doc: 'Bureaus the monthly run reports negative payment experiences to (§31 BDSG): comma-separated, creditreform and/or schufa; empty reports to none.',
  }),
  bureauReportMinNotices: setting({
    env: 'BUREAU_REPORT_MIN_NOTICES',
    kind: 'number',
    default: 2,
    doc: 'Written dunning notices (level 1 and up; the friendly reminder does not count) a claim needs before it is reported to a bureau.',
  }),
  bureauReportWaitDays: setting({
    env: 'BUREAU_REPORT_WAIT_DAYS',
    kind: 'number',
    default: 28,
    doc: 'Days the first written dunning notice must be old before the claim is reported: sent_on + days ≤ report date.',
  }),
  bureauReportBatchSize: setting({
    env: 'BUREAU_REPORT_BATCH_SIZE',
    kind: 'number',
    default: 500,
    doc: 'Claims per delivery to a bureau; a run sends as many deliveries as it needs.',
  }),
  bureauReportMemberNumber: setting({
    env: 'BUREAU_REPORT_MEMBER_NUMBER',
    kind: 'string',
    default: '000000000',
    doc: 'Our participant (member) number at the bureaus, sent with every delivery of payment experiences.',
  }),

  chromiumPath: setting({
    env: 'CHROMIUM_PATH',
    kind: 'string',
    default: '/usr/bin/chromium',
    doc: 'System Chromium used by puppeteer for letters.',
  }),
  pdfPagePoolSize: setting({
    env: 'PDF_PAGE_POOL_SIZE',
    kind: 'number',
    default: 4,
    doc: 'Browser pages kept open for rendering letters.',
  }),
  billSigningP12Path: setting({
    env: 'BILL_SIGNING_P12_PATH',
    kind: 'string',
    default: '',
    doc: 'PKCS#12 file (.p12/.pfx) with the certificate that PAdES-signs every bill PDF before it is stored and sent; empty: bills are not signed.',
  }),
  billSigningP12Password: setting({
    env: 'BILL_SIGNING_P12_PASSWORD',
    kind: 'string',
    default: '',
    doc: 'Password of the BILL_SIGNING_P12_PATH file.',
  }),
  billSigningName: setting({
    env: 'BILL_SIGNING_NAME',
    kind: 'string',
    default: '',
    doc: "Signer name PDF readers show in the bill's signature panel; empty: the company name of templates/company.json.",
  }),
  publicBaseUrl: setting({
    env: 'PUBLIC_BASE_URL',
    kind: 'string',
    default: 'http://localhost:8080',
    doc: 'Base URL used in links sent to customers.',
  }),
  customerLinkTtlDays: setting({
    env: 'CUSTOMER_LINK_TTL_DAYS',
    kind: 'number',
    default: 30,
    doc: 'Days a signed customer link (missing-data form, prepayment offer) stays valid.',
  }),
  paymentLinkTtlDays: setting({
    env: 'PAYMENT_LINK_TTL_DAYS',
    kind: 'number',
    default: 60,
    doc: 'Days the signed payment-page link of a dunning mail or letter (QR code) stays valid.',
  }),
  portalLinkTtlMinutes: setting({
    env: 'PORTAL_LINK_TTL_MINUTES',
    kind: 'number',
    default: 15,
    doc: 'Minutes the sign-in link of the customer portal (/portal) stays valid; it works once.',
  }),
  portalSessionTtlMinutes: setting({
    env: 'PORTAL_SESSION_TTL_MINUTES',
    kind: 'number',
    default: 30,
    doc: 'Minutes a customer stays signed in to the portal without using it.',
  }),
  portalSignInMaxRequests: setting({
    env: 'PORTAL_SIGN_IN_MAX_REQUESTS',
    kind: 'number',
    default: 5,
    doc: 'Sign-in links one client may request for one address (4 × that over all addresses) before each further request waits twice as long as the last (429); refused links count too.',
  }),
  orderStartClaimTimeoutSeconds: setting({
    env: 'ORDER_START_CLAIM_TIMEOUT_SECONDS',
    kind: 'number',
    default: 60,
    doc: 'An order whose process start was claimed this long ago without a process instance is taken over by the sweep or an Idempotency-Key retry.',
  }),
  orderStartSweepIntervalSeconds: setting({
    env: 'ORDER_START_SWEEP_INTERVAL_SECONDS',
    kind: 'number',
    default: 10,
    doc: 'How often the server looks for accepted orders whose process start is pending (also once at start-up).',
  }),

  installmentTolerancePercent: setting({
    env: 'INSTALLMENT_TOLERANCE_PERCENT',
    kind: 'number',
    default: 10,
    doc: 'A change of the installment amount within this many percent of the proposal applies at once; beyond it a case worker decides (at most two decimals).',
  }),
  careComplaintDueDays: setting({
    env: 'CARE_COMPLAINT_DUE_DAYS',
    kind: 'number',
    default: 5,
    doc: 'Days a case worker has to answer a complaint (care case complaint); after them the task goes to a team lead.',
  }),
  bankStatementMaxBytes: setting({
    env: 'BANK_STATEMENT_MAX_BYTES',
    kind: 'number',
    default: 50 * 1024 * 1024,
    doc: 'Largest camt bank statement upload (POST /api/bank-statements) in bytes; larger is a 413.',
  }),
  attachmentMaxBytes: setting({
    env: 'ATTACHMENT_MAX_BYTES',
    kind: 'number',
    default: 5 * 1024 * 1024,
    doc: 'Largest photo or attachment (meter reading, claim invoice) in bytes; larger is a 400 naming the field, and nothing is stored.',
  }),
  statementMatchBatchSize: setting({
    env: 'STATEMENT_MATCH_BATCH_SIZE',
    kind: 'number',
    default: 5000,
    doc: 'Bank statement entries matched and booked per transaction; a crash loses at most the batch in flight, which the restart books again.',
  }),
  dunningGraceDays: setting({
    env: 'DUNNING_GRACE_DAYS',
    kind: 'number',
    default: 1,
    doc: 'An open item counts as overdue for the dunning run this many days after its due date.',
  }),
  dunningMinAmountCents: setting({
    env: 'DUNNING_MIN_AMOUNT_CENTS',
    kind: 'number',
    default: 500,
    doc: 'The dunning run proposes an account only when its overdue, undisputed amount (less its credits) reaches this many cents.',
  }),
  dunningChallengerPercent: setting({
    env: 'DUNNING_CHALLENGER_PERCENT',
    kind: 'number',
    default: 20,
    doc: 'Share of new dunning cases drawn at random for the challenger procedure (champion/challenger); the DMN dunning-procedure decides what each variant does.',
  }),
  dunningPaymentDays: setting({
    env: 'DUNNING_PAYMENT_DAYS',
    kind: 'number',
    default: 7,
    doc: 'Days a dunning notice gives the customer to pay; also the due date of its fee and interest items.',
  }),
  dunningHolidayState: setting({
    env: 'DUNNING_HOLIDAY_STATE',
    kind: 'string',
    default: 'NW',
    doc: 'German federal state (BW, BY, … NW, …; BUND for nationwide holidays only) whose public holidays move dunning dates to the next working day.',
  }),
  dunningBatchSize: setting({
    env: 'DUNNING_BATCH_SIZE',
    kind: 'number',
    default: 500,
    doc: 'Dunning processes the run starts or correlates per batch (one database transaction marks each batch done).',
  }),
  dunningProposalReview: setting({
    env: 'DUNNING_PROPOSAL_REVIEW',
    kind: 'boolean',
    default: false,
    doc: 'When on, a case worker releases each dunning proposal in the Tasklist before any dunning process starts.',
  }),
  collectionCourtFeeMinCents: setting({
    env: 'COLLECTION_COURT_FEE_MIN_CENTS',
    kind: 'number',
    default: 3600,
    doc: 'Minimum court fee of an application for a payment order in cents (GKG KV 1100: half a fee, at least this; €36 since 2021 — check after fee reforms). Booked on the account when the application is filed.',
  }),
  collectionEdaClaimantId: setting({
    env: 'COLLECTION_EDA_CLAIMANT_ID',
    kind: 'string',
    default: '0000000',
    doc: 'Our filer number (Kennziffer) at the central dunning court, written into every EDA record of a court application.',
  }),
  collectionAgencyName: setting({
    env: 'COLLECTION_AGENCY_NAME',
    kind: 'string',
    default: 'Inkasso Partner GmbH',
    doc: 'The collection agency claims are handed to when the DMN collection-path chooses the agency.',
  }),
  collectionAgencyFormat: setting({
    env: 'COLLECTION_AGENCY_FORMAT',
    kind: 'string',
    default: 'csv',
    values: ['csv', 'json'],
    doc: 'File format of a claim handed to the agency (csv or json): written to DATA_DIR/collection-outbox and served at GET /api/collection-cases/{caseNumber}/agency-export.',
  }),
  collectionTeamEmail: setting({
    env: 'COLLECTION_TEAM_EMAIL',
    kind: 'string',
    default: 'forderungsmanagement@energie.example',
    doc: 'Mailbox of the collection team: the reminder two weeks before the six months for the enforcement order (§701 ZPO) end goes there.',
  }),

  defaultInterestSpreadConsumerPp: setting({
    env: 'DEFAULT_INTEREST_SPREAD_CONSUMER_PP',
    kind: 'number',
    default: 5,
    doc: 'Default interest (§288 (1) BGB) for consumers: percentage points over the base rate of §247 BGB.',
  }),
  defaultInterestSpreadBusinessPp: setting({
    env: 'DEFAULT_INTEREST_SPREAD_BUSINESS_PP',
    kind: 'number',
    default: 9,
    doc: 'Default interest (§288 (2) BGB) where no consumer is party: percentage points over the base rate.',
  }),
  defaultFlatFeeCents: setting({
    env: 'DEFAULT_FLAT_FEE_CENTS',
    kind: 'number',
    default: 4000,
    doc: 'Flat fee per overdue claim of a business customer (§288 (5) BGB), in cents; charged once per item.',
  }),
  interestDueDays: setting({
    env: 'INTEREST_DUE_DAYS',
    kind: 'number',
    default: 14,
    doc: 'Days after the charge date on which charged default interest and flat fees fall due.',
  }),
  dunningLetterCostCents: setting({
    env: 'DUNNING_LETTER_COST_CENTS',
    kind: 'number',
    default: 76,
    doc: 'Cost of one dunning letter (print, envelope, postage) in cents, for the champion/challenger statistics (BGH VIII ZR 95/18: about €0.76).',
  }),
  propensityDefaultScore: setting({
    env: 'PROPENSITY_DEFAULT_SCORE',
    kind: 'number',
    default: 0.8,
    doc: 'Payment propensity (0–1) of an account while no model is trained: the prior the dunning strategy uses.',
  }),
  propensityPaidWithinDays: setting({
    env: 'PROPENSITY_PAID_WITHIN_DAYS',
    kind: 'number',
    default: 30,
    doc: 'Label of the payment propensity model: an overdue item counts as paid when cleared within this many days of its due date.',
  }),

  adminUsername: setting({
    env: 'ADMIN_USERNAME',
    kind: 'string',
    default: 'admin',
    doc: 'The first admin, created at start when no user of that name exists.',
  }),
  adminPassword: setting({
    env: 'ADMIN_PASSWORD',
    kind: 'string',
    default: 'admin',
    doc: 'Password of the first admin (the default is for development and logs a warning).',
  }),
  devUsers: setting({
    env: 'DEV_USERS',
    kind: 'boolean',
    default: true,
    doc: 'Create the development users analyst/analyst and caseworker/caseworker at start.',
  }),
  systemApiKey: setting({
    env: 'SYSTEM_API_KEY',
    kind: 'string',
    default: 'dev-system-key-0000',
    doc: 'API key of the role system for REST clients (x-api-key or Authorization: Bearer); empty disables it.',
  }),
  sessionTtlMinutes: setting({
    env: 'SESSION_TTL_MINUTES',
    kind: 'number',
    default: 480,
    doc: 'A session ends after this many minutes without a request.',
  }),
  signInMaxFailures: setting({
    env: 'SIGNIN_MAX_FAILURES',
    kind: 'number',
    default: 5,
    doc: 'Failed sign-ins of one username from one client (4× that for one client over all usernames) before each further attempt waits twice as long as the last (429).',
  }),
  signInLockoutSeconds: setting({
    env: 'SIGNIN_LOCKOUT_SECONDS',
    kind: 'number',
    default: 900,
    doc: 'Longest wait between attempts once delays apply; failures are forgotten after this long without one.',
  }),
  webMinify: setting({
    env: 'WEB_MINIFY',
    kind: 'boolean',
    default: true,
    doc: 'Minify the web app bundles (source maps are always served); false for readable bundles while developing.',
  }),
} as const;

export type SettingName = keyof typeof descriptors;
type ValueOf<D> = D extends Descriptor<infer K> ? (K extends 'number' ? number : K extends 'boolean' ? boolean : string) : never;
export type Settings = { [N in SettingName]: ValueOf<(typeof descriptors)[N]> };

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

function parse(d: Descriptor<Kind>, raw: string): string | number | boolean {
  if (d.kind === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new ConfigError(d.env, `expected a number, got "${raw}"`);
    return n;
  }
  if (d.values && !d.values.includes(raw)) throw new ConfigError(d.env, `expected one of ${d.values.join(', ')}, got "${raw}"`);
  if (d.kind === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(d.env, `expected true or false, got "${raw}"`);
  }
  return raw;
}

/** Reads the settings from an environment; overrides win over it (used by tests and benches). */
export function loadSettings(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Settings> = {}): Settings {
  const out: Record<string, unknown> = {};
  for (const [name, d] of Object.entries(descriptors) as [SettingName, Descriptor<Kind>][]) {
    const raw = env[d.env];
    out[name] = raw === undefined || raw === '' ? d.default : parse(d, raw);
  }
  const settings = { ...(out as Settings), ...overrides };
  if (isProduction(settings)) {
    // The production profile's own defaults: what a setting left unset means there.
    for (const [name, value] of Object.entries(PRODUCTION_DEFAULTS) as [SettingName, never][]) {
      if (!env[descriptors[name].env] && !(name in overrides)) settings[name] = value;
    }
  }
  return settings;
}

/** Settings whose default differs in the production profile: development helpers off, gRPC authenticated. */
export const PRODUCTION_DEFAULTS: Partial<Settings> = {
  devUsers: false,
  mailSinkEnabled: false,
  bureauSimulatorEnabled: false,
  paymentProviderSimulatorEnabled: false,
  engineGrpcAuth: 'required',
};

export function isProduction(settings: Pick<Settings, 'appProfile'>): boolean {
  const profile = settings.appProfile.trim().toLowerCase();
  if (profile === 'production') return true;
  if (profile === 'development' || profile === '') return false;
  throw new ConfigError(descriptors.appProfile.env, `expected development or production, got "${settings.appProfile}"`);
}

/** Development credentials and helpers that must never run in production: one message per finding. */
export function productionViolations(settings: Settings): string[] {
  if (!isProduction(settings)) return [];
  const found: string[] = [];
  const on = (name: SettingName) => `${descriptors[name].env} must be off in production`;
  if (settings.adminPassword === descriptors.adminPassword.default)
    found.push(`${descriptors.adminPassword.env} is the development password; set your own`);
  if (settings.systemApiKey === descriptors.systemApiKey.default)
    found.push(`${descriptors.systemApiKey.env} is the development key; set your own or leave it empty`);
  // Customers' links (sign-in, payment page, missing data) would point at a development address.
  if (settings.publicBaseUrl === descriptors.publicBaseUrl.default)
    found.push(`${descriptors.publicBaseUrl.env} is the development address; set the address your customers reach`);
  if (settings.devUsers) found.push(on('devUsers'));
  if (settings.mailSinkEnabled) found.push(on('mailSinkEnabled'));
  if (settings.bureauSimulatorEnabled) found.push(on('bureauSimulatorEnabled'));
  if (settings.paymentProviderSimulatorEnabled) found.push(on('paymentProviderSimulatorEnabled'));
  if (settings.engineClockControlled) found.push(on('engineClockControlled'));
  return found;
}

/**
 * Whether gRPC calls to the embedded engine must carry an API key. The one place that decides it:
 * the gateway and the product's own clients both ask here.
 */
export function grpcAuthRequired(settings: Settings): boolean {
  const mode = settings.engineGrpcAuth.trim().toLowerCase();
  if (mode === 'required') return true;
  if (mode === 'none' || mode === '') {
    // Production makes it the default (PRODUCTION_DEFAULTS); an explicit none is refused there.
    if (isProduction(settings))
      throw new ConfigError(
        descriptors.engineGrpcAuth.env,
        "the production profile needs required; the product's own clients send SYSTEM_API_KEY",
      );
    return false;
  }
  throw new ConfigError(descriptors.engineGrpcAuth.env, `expected none or required, got "${settings.engineGrpcAuth}"`);
}

/** localhost, 127.0.0.0/8 and ::1 (also IPv4-mapped): only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}
