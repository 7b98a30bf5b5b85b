/**
 * The identity client policy's profile names: the reference provider's own card exchange, or any
 * OpenID Connect provider (the card proven by TLS client certificate at its certificate endpoint).
 * One place decides it, so the station never knows which provider it talks to.
 */
import type { Log } from '../core/ports/log.js';
import type { IdentityProviderPolicy } from '../core/policy/types.js';
import { IdentityClient } from '../identity/index.js';
import type { ProviderFetch } from '../identity/provider-http.js';
import { StandardIdentityClient } from '../identity/standard/standard-client.js';
import type { BrowserCardSignIn } from '../identity/standard/browser-card-sign-in.js';
import { fetchTrusting } from '../identity/trusting-fetch.js';
import type { IdentityGateway } from './sign-in-types.js';

export interface IdentityGatewayInput {
  idp: IdentityProviderPolicy;
  log: Log;
  /** Every request to the provider (tests, the Electron host's session); default Node's. */
  fetch?: ProviderFetch;
  /** The host runs the card's part of a standard sign-in in its browser engine (Electron). */
  browserCardSignIn?: BrowserCardSignIn;
}

export function identityGateway({ idp, log, fetch, browserCardSignIn }: IdentityGatewayInput): IdentityGateway {
  if (idp.profile === 'reference') {
    // Discovery waits for the first sign-in: a ward PC may boot before the network is up.
    return IdentityClient.deferred({ issuer: idp.issuer, clientId: idp.clientId, log, ...(fetch ? { fetch } : {}) });
  }
  // The provider's own roots, when policy names them, replace the system's for every request to it:
  // the discovery and token calls here and the card's TLS connection to the certificate endpoint.
  // They win over the host's fetch (Electron's, with the OS store): policy says "only these".
  const roots = idp.serverCAs;
  const providerFetch = roots ? fetchTrusting(roots) : fetch;
  if (roots && fetch) log.info('identity provider requests trust only policy\'s serverCAs (not the host\'s certificate store or proxy)');
  return new StandardIdentityClient({
    issuer: idp.issuer, clientId: idp.clientId, claims: idp.claims, log,
    // validate.ts requires certificateHost whenever cards are allowed; without cards it is never used.
    certificateHost: idp.certificateHost ?? '',
    ...(idp.scopes ? { scopes: idp.scopes } : {}),
    ...(idp.acrValues ? { acrValues: idp.acrValues } : {}),
    ...(idp.cardLoginHint ? { cardLoginHint: idp.cardLoginHint } : {}),
    ...(providerFetch ? { fetch: providerFetch } : {}),
    ...(roots ? { cardTls: { ca: roots } } : {}),
    ...(browserCardSignIn ? { browserCardSignIn } : {}),
  });
}
