/**
 * Demo mode and tests: the reference identity provider plus the demo apps, all on loopback, with
 * the shell registered as a native client. Returns the apps in machine-policy shape.
 */
import { randomBytes } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';
import type { Log } from '../core/ports/log.js';
import type { AppPolicy, IdentityProviderPolicy } from '../core/policy/types.js';
import { parseDirectory, type Directory } from './directory.js';
// Imported rather than read at run time, so the build carries it into dist.
import demoDirectoryJson from './demo-directory.json' with { type: 'json' };
import { DEMO_OIDC_APPS } from './demo-apps/catalogue.js';
import { LEGACY_FORM_SELECTORS, startFormApp, type RunningFormApp } from './demo-apps/form-app.js';
import { startOidcApp, type RunningOidcApp } from './demo-apps/oidc-app.js';
import { startIdentityProvider, type IdentityProviderOptions } from './provider.js';
import type { ProviderContextOptions } from './context-launch.js';
import type { FidoCredentialStore } from './fido/credential-store.js';
import type { FidoEnrolmentPolicy } from './fido/enrolment-policy.js';
import { demoAttestation } from '../auth/fido/virtual/demo-attestation.js';

/** Dr Asha Patel (two roles) and Sam Jones, receptionist (one role), at Lanyard Demo Hospital NHS Trust. */
export const DEMO_DIRECTORY: Directory = parseDirectory(demoDirectoryJson);
export const SHELL_CLIENT_ID = 'lanyard-shell';
/** RFC 8252 loopback redirect: the shell catches it while following redirects, any port matches. */
export const SHELL_REDIRECT_URI = 'http://127.0.0.1/callback';

/** Scopes that release the CIS2 claims the standard profile maps (name, user ID, roles). */
export const DEMO_STANDARD_SCOPES = 'openid profile nhsperson nationalrbacaccess associatedorgs';

export const SHELL_CLIENT: ClientMetadata = {
  client_id: SHELL_CLIENT_ID,
  client_name: 'Lanyard',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  redirect_uris: [SHELL_REDIRECT_URI],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

export interface DemoEnvironmentOptions {
  directory?: Directory | string;
  trustedCaPems: string[];
  crlPems?: string[];
  /** Default true: the demo's throw-away card CA publishes no CRL (say false to require one). */
  allowCasWithoutRevocation?: boolean;
  log?: Log;
  /** Fixed provider port (demo mode keeps URLs stable); default ephemeral. */
  idpPort?: number;
  challengeTtlSeconds?: number;
  fidoCredentials?: FidoCredentialStore;
  /** Default: the shell enrols, keys of the demo key's model (its attestation root made at start). */
  fidoEnrolment?: FidoEnrolmentPolicy;
  /** Patient context (FHIRcast): launch context in the apps' tokens, introspection for the hub. */
  context?: ProviderContextOptions;
  /** Seals remembered legacy sign-ins (main/idp/vault-key.ts); default a new random one per run. */
  vaultSecret?: Uint8Array;
  /** Everyday access-token lifetime (tests of token refresh make it short). */
  accessTokenTtlSeconds?: number;
  /** Fixed port of the certauth listener (the standard profile's certificateHost); default ephemeral. */
  certauthPort?: number;
}

/** The demo provider's enrolment policy: the shell's tokens, the virtual key model only. */
export async function demoEnrolmentPolicy(): Promise<FidoEnrolmentPolicy> {
  const pki = await demoAttestation();
  return { clientId: SHELL_CLIENT_ID, attestation: { aaguids: [pki.aaguid], rootPems: [pki.rootPem] } };
}

export interface DemoEnvironment {
  issuer: string;
  shellClient: { clientId: string; redirectUri: string };
  apps: AppPolicy[];
  /** The running app servers (tests look at their sessions). */
  oidcApps: RunningOidcApp[];
  formApp: RunningFormApp;
  fidoCredentials: FidoCredentialStore;
  /** The standard profile's view of the demo provider: its certauth listener and login page. */
  standard: DemoStandardProfile;
  close(): Promise<void>;
}

/** What a demo policy with `profile: "standard"` names (docs/identity-providers.md). */
export interface DemoStandardProfile {
  issuer: string;
  clientId: string;
  certificateHost: string;
  /** Sent as acr_values: the sign-in goes straight to the certificate endpoint. */
  acrValues: string;
  /** PEM of the CA of the certauth listener's TLS certificate (the client trusts it). */
  serverCaPem: string;
  scopes: string;
  claims: { userId: string; name: string; roles: string };
  /** The same as machine policy's `identityProvider` with `profile: "standard"`. */
  policy: IdentityProviderPolicy;
}

export async function startDemoEnvironment(opts: DemoEnvironmentOptions): Promise<DemoEnvironment> {
  const oidcApps: RunningOidcApp[] = [];
  let formApp: RunningFormApp | undefined;
  const closers: (() => Promise<void>)[] = [];
  try {
    for (const def of DEMO_OIDC_APPS) {
      const app = await startOidcApp(def, opts.log ? { log: opts.log } : {});
      oidcApps.push(app);
      closers.push(app.close);
    }
    formApp = await startFormApp(opts.log ? { log: opts.log } : {});
    closers.push(formApp.close);
    const providerOpts: IdentityProviderOptions = {
      directory: opts.directory ?? DEMO_DIRECTORY,
      trustedCaPems: opts.trustedCaPems,
      crlPems: opts.crlPems ?? [],
      allowCasWithoutRevocation: opts.allowCasWithoutRevocation ?? true,
      clients: [SHELL_CLIENT, ...oidcApps.map((a) => a.clientMetadata)],
      fidoEnrolment: opts.fidoEnrolment ?? await demoEnrolmentPolicy(),
      demo: true,
      vaultKeys: { clientId: SHELL_CLIENT_ID, secret: opts.vaultSecret ?? randomBytes(32) },
      certauth: opts.certauthPort !== undefined ? { port: opts.certauthPort } : {},
    };
    if (opts.accessTokenTtlSeconds !== undefined) providerOpts.accessTokenTtlSeconds = opts.accessTokenTtlSeconds;
    if (opts.log) providerOpts.log = opts.log.child('idp');
    if (opts.idpPort !== undefined) providerOpts.port = opts.idpPort;
    if (opts.challengeTtlSeconds !== undefined) providerOpts.challengeTtlSeconds = opts.challengeTtlSeconds;
    if (opts.fidoCredentials) providerOpts.fidoCredentials = opts.fidoCredentials;
    if (opts.context) providerOpts.context = opts.context;
    const idp = await startIdentityProvider(providerOpts);
    closers.push(idp.close);
    for (const app of oidcApps) app.attach(idp.issuer);

    const idpOrigin = new URL(idp.issuer).origin;
    const apps: AppPolicy[] = oidcApps.map((a) => {
      const policy: AppPolicy = { id: a.definition.id, name: a.definition.name, url: a.url, allowedOrigins: [a.origin, idpOrigin], signIn: 'oidc' };
      if (a.definition.roleCodes) policy.roles = [...a.definition.roleCodes];
      return policy;
    });
    apps.push({
      id: formApp.id, name: formApp.name, url: formApp.url, allowedOrigins: [formApp.origin], signIn: 'form',
      // The demo accounts are first initial + family name (apatel, sjones): a typed sign-in with another is not remembered.
      form: { loginUrl: formApp.loginUrl, ...LEGACY_FORM_SELECTORS, username: '{givenInitial}{familyName}' },
    });
    const running = formApp;
    const certauth = idp.certauth;
    if (!certauth) throw new Error('the demo provider started without its certauth listener');
    const claims = { userId: 'nhsid_useruid', name: 'name', roles: 'nhsid_nrbac_roles' };
    return {
      standard: {
        issuer: idp.issuer, clientId: SHELL_CLIENT_ID, certificateHost: certauth.certificateHost, acrValues: certauth.acrValues,
        serverCaPem: certauth.serverCaPem, scopes: DEMO_STANDARD_SCOPES, claims,
        policy: {
          issuer: idp.issuer, clientId: SHELL_CLIENT_ID, profile: 'standard', certificateHost: certauth.certificateHost,
          acrValues: certauth.acrValues, scopes: DEMO_STANDARD_SCOPES, serverCAs: [certauth.serverCaPem], claims: { ...claims },
        },
      },
      issuer: idp.issuer,
      shellClient: { clientId: SHELL_CLIENT_ID, redirectUri: SHELL_REDIRECT_URI },
      apps, oidcApps, formApp: running, fidoCredentials: idp.fidoCredentials,
      close: () => closeAll(closers),
    };
  } catch (err) {
    await closeAll(closers);
    throw err;
  }
}

async function closeAll(closers: (() => Promise<void>)[]): Promise<void> {
  await Promise.allSettled(closers.reverse().map((c) => c()));
}
