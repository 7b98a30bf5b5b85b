/** A minimal valid machine policy for the policy tests. */
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';

export function minimalPolicy(): Record<string, unknown> {
  return {
    version: 1,
    identityProvider: { issuer: 'https://idp.trust.example', clientId: 'lanyard' },
    trustedCardCAs: [PEM],
    apps: [{ id: 'epr', name: 'Patient Record', url: 'https://epr.trust.example/', allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc' }],
  };
}
