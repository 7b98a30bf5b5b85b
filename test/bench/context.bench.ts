/**
 * FHIRcast hub: a context change in one tab → every other subscribed tab has it (p50/p95, 3 apps),
 * and delivery throughput with 50 subscribers. Real sockets on loopback; tokens from a table so the
 * figures are the hub's, not the provider's introspection (about one loopback round trip more).
 */
import { startHub } from '../../main/context/hub-server.js';
import { fhircastScopes } from '../../main/context/events.js';
import type { Clock } from '../../main/core/ports/clock.js';
import type { TokenGrant } from '../../main/context/tokens.js';
import { publish, SpecSubscriber } from '../fixtures/fhircast-client.js';
import { distribution } from './stats.js';

const clock: Clock = { now: () => performance.now(), setTimeout: (fn, ms) => { const t = setTimeout(fn, ms); t.unref(); return { cancel: () => clearTimeout(t) }; } };
const quiet = { traffic() {}, debug() {}, info() {}, warn() {}, error() {}, child() { return quiet; } };

function patientOpen(topic: string, i: number) {
  return { timestamp: new Date().toISOString(), id: `bench-${i}`, event: { 'hub.topic': topic, 'hub.event': 'Patient-open', context: [{ key: 'patient', resource: { resourceType: 'Patient', id: `p${i % 7}` } }] } };
}

export async function run(): Promise<Record<string, unknown>> {
  const grants = new Map<string, TokenGrant>();
  const hub = await startHub({ clock, log: quiet, verifier: { verify: (t) => Promise.resolve(grants.get(t)) }, limits: { rateEvents: 1_000_000, ackTimeoutMs: 60_000 } });
  try {
    const topic = hub.core.openTopic();
    const subscribe = async (n: number) => {
      const out: SpecSubscriber[] = [];
      for (let i = 0; i < n; i++) {
        const tok = `t${out.length}-${n}`;
        grants.set(tok, { clientId: `app${i}`, subject: 'u', topic, scopes: fhircastScopes(), expiresAtMs: Date.now() + 3_600_000 });
        const s = await SpecSubscriber.subscribe(hub.url, tok, topic, 'Patient-open');
        await s.next();
        out.push(s);
      }
      return out;
    };
    // Three tabs: one publishes, the other two must have it.
    const three = await subscribe(3);
    const samples: number[] = [];
    for (let i = 0; i < 220; i++) {
      const start = performance.now();
      const got = three.slice(1).map((s) => s.next());
      await publish(hub.url, 't0-3', patientOpen(topic, i));
      await Promise.all(got);
      await three[0]?.next(); // the sender's echo
      if (i >= 20) samples.push(performance.now() - start);
    }
    const d = distribution(samples);
    const p95 = [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.95)] ?? 0;
    for (const s of three) s.close();

    const fifty = await subscribe(50);
    const events = 200;
    const start = performance.now();
    for (let i = 0; i < events; i++) {
      const got = fifty.map((s) => s.next());
      await publish(hub.url, 't0-50', patientOpen(topic, i));
      await Promise.all(got);
    }
    const seconds = (performance.now() - start) / 1000;
    for (const s of fifty) s.close();
    return {
      contextChangeToOtherTabsMs: { ...d, p95: Math.round(p95 * 100) / 100, apps: 3 },
      throughput50: { subscribers: 50, events, deliveriesPerSecond: Math.round((events * 50) / seconds), eventsPerSecond: Math.round(events / seconds) },
    };
  } finally {
    await hub.close();
  }
}
