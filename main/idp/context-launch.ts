/**
 * SMART launch context for FHIRcast (spec 2.1): an app granted fhircast/ scopes gets `hub.url`,
 * `hub.topic` and the current `patient` beside its access token. oidc-provider has no hook for
 * extra token-response members, so a post-middleware on the token route adds them, reading the
 * topic back from the issued token itself (bound by extraTokenClaims) so the two never disagree.
 */
import type Provider from 'oidc-provider';
import type { ClientMetadata } from 'oidc-provider';
import type { LaunchContext } from '../context/patient-context.js';

export interface ProviderContextOptions {
  /** The launch context of `clientId` acting for `accountId` now; undefined = no FHIRcast for it. */
  launchFor(accountId: string, clientId: string): LaunchContext | undefined;
  /** The hub's registration as a resource server (client_secret_basic, no grants): it may introspect. */
  hubClient: ClientMetadata & { client_id: string; client_secret: string };
}

type Middleware = Parameters<Provider['use']>[0];

export function contextTokenResponse(provider: Provider, context: ProviderContextOptions): Middleware {
  return async (ctx, next) => {
    await next();
    const body = ctx.body as Record<string, unknown> | undefined;
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || typeof body?.access_token !== 'string') return;
    const token = await provider.AccessToken.find(body.access_token);
    const topic = token?.extra?.['hub.topic'];
    if (!token?.accountId || !token.clientId || typeof topic !== 'string') return;
    const launch = context.launchFor(token.accountId, token.clientId);
    if (!launch || launch['hub.topic'] !== topic) return;
    Object.assign(body, launch);
  };
}

/** The hub's client registration at the reference provider. */
export function hubClientMetadata(clientId: string, clientSecret: string): ProviderContextOptions['hubClient'] {
  return { client_id: clientId, client_secret: clientSecret, grant_types: [], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic' };
}
