/**
 * Identity: how long the identity provider part of tap-to-ready takes, and how many HTTP round
 * trips it costs.
 *  - signIn: card challenge requested → tokens in hand (doctor, two roles: begin, card answer, role
 *    choice, code redemption), split by step. The card's own signing time is not included (node
 *    crypto signs here; the PIV card's time is in the smartcard benchmark).
 *  - silentSso: provider cookies put into a fresh Chromium context → all three OIDC demo apps
 *    showing the signed-in user, tabs opened together as the shell does.
 * Round trips are counted at fetch (shell ↔ provider, app ↔ provider back channel) and at
 * Chromium's network layer (documents and redirects).
 */
import { createCardCa, DOCTOR, issueCardCertificate, signAsCard, TEST_DIRECTORY } from '../integration/identity/card-helpers.js';
import { launchChromium } from '../integration/identity/chromium.js';
import { startDemoEnvironment } from '../../main/idp/demo-environment.js';
import { IdentityClient } from '../../main/identity/identity-client.js';
import type { SignedInSession } from '../../main/identity/types.js';
import { distribution } from './stats.js';

const SIGN_INS = 30;
const SSO_RUNS = 15;

export async function run(): Promise<Record<string, unknown>> {
  const realFetch = globalThis.fetch;
  let fetches = 0;
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => { fetches++; return realFetch(...args); }) as typeof fetch;
  const ca = await createCardCa();
  const env = await startDemoEnvironment({ directory: TEST_DIRECTORY, trustedCaPems: [ca.certificatePem] });
  const browser = await launchChromium();
  try {
    const client = await IdentityClient.create({ issuer: env.issuer, clientId: env.shellClient.clientId });
    const card = await issueCardCertificate(ca, DOCTOR, { algorithm: 'p256' });
    const steps = { begin: [] as number[], cardAnswer: [] as number[], roleAndTokens: [] as number[], total: [] as number[] };
    const roundTrips: number[] = [];
    const sessions: SignedInSession[] = [];

    const signIn = async (record: boolean) => {
      const before = fetches;
      const t0 = performance.now();
      const flow = await client.beginSmartcardSignIn();
      const t1 = performance.now();
      const proof = signAsCard(card, flow.challenge);
      const t2 = performance.now();
      const choice = await flow.complete(proof);
      const t3 = performance.now();
      const session = await choice.choose(choice.roles[0]?.roleId ?? '');
      const t4 = performance.now();
      if (record) {
        steps.begin.push(t1 - t0); steps.cardAnswer.push(t3 - t2); steps.roleAndTokens.push(t4 - t3); steps.total.push(t4 - t0 - (t2 - t1));
        roundTrips.push(fetches - before);
      }
      return session;
    };
    for (let i = 0; i < 3; i++) await (await signIn(false)).logout();
    for (let i = 0; i < SIGN_INS; i++) sessions.push(await signIn(true));
    await Promise.all(sessions.splice(0).map((s) => s.logout()));

    const oidcApps = env.apps.filter((a) => a.signIn === 'oidc');
    const sso: number[] = [];
    const browserRequests: number[] = [];
    const backChannel: number[] = [];
    for (let i = 0; i < SSO_RUNS + 2; i++) {
      const session = await signIn(false);
      const context = await browser.newContext();
      let requests = 0;
      context.on('request', () => { requests++; });
      await context.addCookies(session.providerCookies);
      const pages = await Promise.all(oidcApps.map(() => context.newPage()));
      const before = fetches;
      const t0 = performance.now();
      await Promise.all(pages.map(async (page, n) => {
        await page.goto(oidcApps[n]?.url ?? '', { waitUntil: 'commit' });
        await page.locator('#user-name').waitFor({ timeout: 10_000 });
      }));
      const elapsed = performance.now() - t0;
      if (i >= 2) { sso.push(elapsed); browserRequests.push(requests); backChannel.push(fetches - before); }
      await context.close();
      await session.logout();
    }

    return {
      signIn: {
        total: distribution(steps.total),
        steps: { begin: distribution(steps.begin), cardAnswer: distribution(steps.cardAnswer), roleAndTokens: distribution(steps.roleAndTokens) },
        httpRoundTrips: distribution(roundTrips),
        note: 'shell ↔ provider; card signing time excluded',
      },
      silentSso: {
        allThreeApps: distribution(sso),
        browserRequests: distribution(browserRequests),
        backChannelRoundTrips: distribution(backChannel),
        apps: oidcApps.map((a) => a.id),
      },
    };
  } finally {
    globalThis.fetch = realFetch;
    await browser.close();
    await env.close();
  }
}
