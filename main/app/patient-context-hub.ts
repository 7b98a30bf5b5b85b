/**
 * Patient context for a station (policy `context.enabled`): the embedded FHIRcast hub on loopback
 * and the PatientContext the station drives. In demo mode the reference provider introspects the
 * apps' tokens for the hub and asks the PatientContext for each app's launch context; with a trust's
 * provider, that provider does SMART launch itself and only the hub runs here.
 */
import type { Clock } from '../core/ports/clock.js';
import type { Log } from '../core/ports/log.js';
import type { Policy } from '../core/policy/types.js';
import { startHub } from '../context/hub-server.js';
import { PatientContext } from '../context/patient-context.js';
import { introspectionVerifier, type TokenVerifier } from '../context/tokens.js';
import type { DemoContext } from './demo.js';

export interface RunningPatientContext {
  context: PatientContext;
  hubUrl: string;
  close(): Promise<void>;
}

/** A verifier that accepts nothing: a hub with no way to check tokens refuses every app (fail closed). */
const refuseAll: TokenVerifier = { verify: () => Promise.resolve(undefined) };

export async function startPatientContext(policy: Policy, clock: Clock, log: Log, demo?: DemoContext): Promise<RunningPatientContext> {
  const apps = policy.apps.filter((a) => a.signIn === 'oidc' && (policy.context.apps ?? policy.apps.map((x) => x.id)).includes(a.id));
  if (!demo) log.warn('no token introspection is configured for the FHIRcast hub: apps are refused until it is');
  const verifier = demo
    ? introspectionVerifier({ introspectionEndpoint: demo.introspectionEndpoint, clientId: demo.hubClient.clientId, clientSecret: demo.hubClient.clientSecret, log })
    : refuseAll;
  const hub = await startHub({
    clock, log, verifier,
    allowedClients: apps.map((a) => a.id),
    appsMayChangeContext: policy.context.appsMayChangeContext,
    appNames: Object.fromEntries(apps.map((a) => [a.id, a.name])),
    allowedOrigins: [...new Set(apps.map((a) => new URL(a.url).origin))],
    limits: { ackTimeoutMs: policy.context.ackTimeoutSeconds * 1000 },
  });
  const context = new PatientContext(hub.core, hub.url, () => localDate(clock.now()), apps.map((a) => a.id));
  demo?.bind(context);
  return {
    context, hubUrl: hub.url,
    async close() {
      demo?.bind(undefined);
      await hub.close();
    },
  };
}

/** YYYY-MM-DD on this PC's calendar: a patient's age turns over at local midnight. */
function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
