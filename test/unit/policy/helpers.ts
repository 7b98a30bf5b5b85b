/** A real CA certificate (P-256, "CN=Test Card CA", until 2046): policies' CAs must parse. */
export const TEST_CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUFaWRySeQBP/5dzUwyXBTnNSP0vwwCgYIKoZIzj0EAwIw\nLzEWMBQGA1UECgwNTGFueWFyZCB0ZXN0czEVMBMGA1UEAwwMVGVzdCBDYXJkIENB\nMB4XDTI2MTIwMTE1MDkyOVoXDTQ2MTEyNjE1MDkyOVowLzEWMBQGA1UECgwNTGFu\neWFyZCB0ZXN0czEVMBMGA1UEAwwMVGVzdCBDYXJkIENBMFkwEwYHKoZIzj0CAQYI\nKoZIzj0DAQcDQgAEKuUaDPGnh8SdScO0k4YWzXH7+SYfFs/hAg70PK1dDl0me44r\nNlY+M2uVSY43I0+ZYD9XjYAgeZjuhVP05CpA3qNTMFEwHQYDVR0OBBYEFEQhQvTd\nx48TqYx5k2PdmlGSZc/DMB8GA1UdIwQYMBaAFEQhQvTdx48TqYx5k2PdmlGSZc/D\nMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAKfzuIBfilUqXmrF\np5vK0reeRFItgn+STTchJuxE6y9OAiBOuub/lijytnj2APGAkc98CaQuvw/+RFgr\nrQqrbGsMqA==\n-----END CERTIFICATE-----';
const PEM = TEST_CA_PEM;

/** A minimal valid machine policy for the policy tests. */
export function minimalPolicy(): Record<string, unknown> {
  return {
    version: 1,
    identityProvider: { issuer: 'https://idp.trust.example', clientId: 'lanyard' },
    trustedCardCAs: [PEM],
    apps: [{ id: 'epr', name: 'Patient Record', url: 'https://epr.trust.example/', allowedOrigins: ['https://epr.trust.example'], signIn: 'oidc' }],
  };
}
