/**
 * The machine policy's JSON schema: the one definition IT writes against (docs/policy.md is made
 * from the same field list). Every object is closed (`additionalProperties: false`) so a misspelt
 * setting is an error, not a silently ignored line. Defaults are the strict choice.
 */
const origin = { type: 'string', pattern: '^https?://[^/\\s]+$' } as const;
const httpUrl = { type: 'string', pattern: '^https?://[^\\s]+$' } as const;
const cssSelector = { type: 'string', minLength: 1, maxLength: 200 } as const;
const hostPort = { type: 'string', pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?$' } as const;
const claimName = { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$' } as const;
/** `apps[].form.username`: text with at least one placeholder naming part of the session's identity. */
export const USERNAME_TEMPLATE = '^[^{}]*(\\{(userId|name|givenName|givenInitial|familyName|claim:[A-Za-z_][A-Za-z0-9_.:-]{0,63})\\}[^{}]*)+$';

export const policySchema = {
  $id: 'https://lanyard.invalid/policy.schema.json',
  title: 'Lanyard machine policy',
  type: 'object',
  additionalProperties: false,
  required: ['version', 'identityProvider', 'trustedCardCAs', 'apps'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1 },
    station: {
      type: 'object', additionalProperties: false, default: {},
      properties: { name: { type: 'string', minLength: 1, maxLength: 64, default: 'Shared workstation' } },
    },
    identityProvider: {
      type: 'object', additionalProperties: false, required: ['issuer', 'clientId'],
      properties: {
        issuer: httpUrl,
        clientId: { type: 'string', minLength: 1, maxLength: 128 },
        profile: { enum: ['reference', 'standard'], default: 'reference' },
        // The rest only for the standard profile (docs/identity-providers.md).
        certificateHost: { type: 'string', pattern: hostPort.pattern },
        acrValues: { type: 'string', minLength: 1, maxLength: 256 },
        scopes: { type: 'string', pattern: '^openid( [A-Za-z0-9_:./-]+)*$' },
        cardLoginHint: { enum: ['upn', 'email'] },
        serverCAs: { type: 'array', minItems: 1, items: { type: 'string', pattern: '-----BEGIN CERTIFICATE-----' } },
        claims: {
          type: 'object', additionalProperties: false, default: {},
          properties: {
            userId: { ...claimName, default: 'nhsid_useruid' },
            name: { ...claimName, default: 'name' },
            roles: { ...claimName, default: 'nhsid_nrbac_roles' },
          },
        },
      },
    },
    trustedCardCAs: {
      type: 'array', minItems: 1,
      items: { type: 'string', pattern: '-----BEGIN CERTIFICATE-----' },
    },
    authenticators: {
      type: 'object', additionalProperties: false, default: {},
      properties: { smartcard: { type: 'boolean', default: true }, fido: { type: 'boolean', default: false } },
    },
    apps: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', additionalProperties: false,
        required: ['id', 'name', 'url', 'allowedOrigins', 'signIn'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' },
          name: { type: 'string', minLength: 1, maxLength: 40 },
          url: httpUrl,
          allowedOrigins: { type: 'array', minItems: 1, items: origin },
          signIn: { enum: ['oidc', 'form', 'none'] },
          roles: { type: 'array', items: { type: 'string', pattern: '^[A-Z0-9]{2,16}$' } },
          form: {
            type: 'object', additionalProperties: false,
            required: ['loginUrl', 'usernameSelector', 'passwordSelector', 'submitSelector'],
            properties: {
              loginUrl: httpUrl, usernameSelector: cssSelector, passwordSelector: cssSelector, submitSelector: cssSelector,
              // Whose account a typed sign-in is (docs/keychain.md "Whose account"): at least one placeholder.
              username: { type: 'string', maxLength: 200, pattern: USERNAME_TEMPLATE },
              offerUnverified: { type: 'boolean' },
            },
          },
        },
        // `required` too: without it an app with no signIn matches the `if` (an absent property
        // passes `properties`) and is also told that form is required.
        if: { required: ['signIn'], properties: { signIn: { const: 'form' } } },
        then: { required: ['form'] },
      },
    },
    session: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        onCardRemoval: { enum: ['lock', 'logout'], default: 'lock' },
        onKeyRemoval: { enum: ['lock', 'logout', 'nothing'], default: 'lock' },
        resumeWith: { enum: ['same-method', 'any-method'], default: 'any-method' },
        pinGraceSeconds: { type: 'integer', minimum: 0, maximum: 3600, default: 0 },
        idleTimeoutSeconds: { type: 'integer', minimum: 30, maximum: 86400, default: 600 },
        idleWarningSeconds: { type: 'integer', minimum: 0, maximum: 300, default: 30 },
        suspendedTimeoutSeconds: { type: 'integer', minimum: 60, maximum: 86400, default: 3600 },
        maxSuspendedUsers: { type: 'integer', minimum: 0, maximum: 20, default: 5 },
        lockScreenShows: { enum: ['initials', 'name'], default: 'initials' },
        onRefreshFailure: { enum: ['lock', 'keep-working'], default: 'lock' },
      },
    },
    context: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        enabled: { type: 'boolean', default: false },
        apps: { type: 'array', items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,39}$' }, uniqueItems: true },
        ackTimeoutSeconds: { type: 'integer', minimum: 1, maximum: 60, default: 10 },
        appsMayChangeContext: { type: 'boolean', default: true },
      },
    },
    // A field present here fixes that user preference for everyone (docs/policy.md "Preferences").
    preferences: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        textSize: { enum: ['normal', 'large', 'larger'] },
        highContrast: { type: 'boolean' },
        tabOrder: { enum: ['as-listed'] },
      },
    },
    audit: {
      type: 'object', additionalProperties: false, default: {},
      properties: {
        file: { type: 'string', minLength: 1 },
        keyDir: { type: 'string', minLength: 1 },
        maxBytes: { type: 'integer', minimum: 65536, default: 10485760 },
        syslog: {
          type: 'object', additionalProperties: false, required: ['host', 'port'],
          properties: {
            host: { type: 'string', minLength: 1 },
            port: { type: 'integer', minimum: 1, maximum: 65535 },
            protocol: { enum: ['udp', 'tcp'], default: 'udp' },
          },
        },
      },
    },
  },
} as const;
