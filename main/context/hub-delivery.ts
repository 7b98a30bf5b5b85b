/** Event delivery to subscribers, their acknowledgements, socket messages and drops: the hub's outbound half, apart from subscribing. */
import type { WebSocket } from 'ws';
import { canonicalEvent, isContextEvent, type Notification } from './events.js';
import { denial, heartbeat, syncError } from './messages.js';
import type { Subscription } from './subscription.js';
import { short, type HubState, type NotFollowedReason, type Topic } from './hub-types.js';

/** Sends `n` to one subscriber if it asked for that event; context events wait for an acknowledgement. */
export function deliver(hub: HubState, topic: Topic, sub: Subscription, n: Notification, expectAck: boolean): void {
  const name = canonicalEvent(n.event['hub.event']);
  if (!name || !sub.wants(name)) return;
  if (topic.state === 'suspended' && name !== 'UserHibernate' && name !== 'heartbeat') return;
  if (!sub.connected()) {
    if (expectAck) notFollowed(hub, topic, sub, n.id, name, 'disconnected');
    return;
  }
  sub.socket?.send(JSON.stringify(n));
  if (!expectAck || !isContextEvent(name)) return;
  sub.pending.get(n.id)?.timer.cancel();
  const timer = hub.opts.clock.setTimeout(() => {
    sub.pending.delete(n.id);
    notFollowed(hub, topic, sub, n.id, name, 'no-ack');
    // Spec 2.5: an unresponsive subscriber is unsubscribed once the hub has said so.
    drop(hub, sub, 'no acknowledgement');
  }, hub.limits.ackTimeoutMs);
  sub.pending.set(n.id, { eventId: n.id, eventName: name, timer });
}

export function onMessage(hub: HubState, sub: Subscription, socket: WebSocket, text: string, isBinary: boolean): void {
  let msg: unknown;
  try { msg = isBinary ? undefined : JSON.parse(text); } catch { msg = undefined; }
  const m = msg as { id?: unknown; status?: unknown; event?: unknown } | undefined;
  if (typeof m !== 'object' || m === null || Array.isArray(m) || typeof m.id !== 'string') {
    hub.opts.log.warn('malformed message from subscriber', { client: sub.clientId, bytes: text.length });
    socket.close(1007, 'messages must be JSON acknowledgements {id, status}');
    return;
  }
  if (m.event !== undefined) { hub.opts.log.warn('event sent over the socket refused: POST it to hub.url', { client: sub.clientId }); return; }
  const pending = sub.pending.get(m.id);
  if (!pending) return;
  pending.timer.cancel();
  sub.pending.delete(m.id);
  // Medplum's client acknowledges with {id, timestamp} and no status: receipt is acceptance.
  const status = m.status === undefined ? 200 : Number(m.status);
  const topic = hub.topics.get(sub.topic);
  if (!topic) return;
  if (status >= 200 && status < 300) { hub.emit({ type: 'followed', topic: topic.id, clientId: sub.clientId, eventId: m.id }); return; }
  notFollowed(hub, topic, sub, m.id, pending.eventName, 'refused');
}

export function onClose(hub: HubState, sub: Subscription, socket: WebSocket, code: number): void {
  if (sub.socket !== socket) return;
  sub.socket = undefined;
  for (const p of sub.pending.values()) p.timer.cancel();
  const pending = [...sub.pending.values()];
  sub.pending.clear();
  if (!hub.endpoints.has(sub.endpointId)) return;
  if (code === 1000 || code === 1001) { drop(hub, sub, 'closed by subscriber'); return; }
  const topic = hub.topics.get(sub.topic);
  hub.opts.log.warn('subscriber connection lost', { client: sub.clientId, code });
  if (topic) {
    const last = pending[0] ?? (topic.context.top() ? { eventId: topic.context.top()?.id ?? '', eventName: String(topic.context.top()?.event['hub.event']) } : undefined);
    if (last) notFollowed(hub, topic, sub, last.eventId, last.eventName, 'disconnected');
  }
  sub.connectTimer = hub.opts.clock.setTimeout(() => drop(hub, sub, 'did not reconnect'), hub.limits.connectTimeoutMs);
}

/** Hub-generated SyncError to the other subscribers (spec 2.5), and a notice for the shell. */
export function notFollowed(hub: HubState, topic: Topic, sub: Subscription, eventId: string, eventName: string, reason: NotFollowedReason): void {
  hub.opts.log.warn('app did not follow context', { client: sub.clientId, topic: short(topic.id), event: eventName, reason });
  const n = syncError({ id: hub.newId(), timestamp: hub.now(), topic: topic.id, eventId, eventName, subscriber: sub.appName, diagnostics: `${sub.appName} did not follow the context change (${reason})` });
  for (const other of topic.subs.values()) if (other !== sub) deliver(hub, topic, other, n, false);
  hub.emit({ type: 'not-followed', topic: topic.id, app: sub.appName, clientId: sub.clientId, eventId, eventName, reason });
}

export function drop(hub: HubState, sub: Subscription, reason: string): void {
  sub.cancelTimers();
  hub.endpoints.delete(sub.endpointId);
  hub.topics.get(sub.topic)?.subs.delete(sub.endpointId);
  if (sub.connected()) {
    sub.socket?.send(JSON.stringify(denial(sub.topic, sub.events, reason)));
    sub.socket?.close(1000, reason.slice(0, 100));
  }
  sub.socket = undefined;
  hub.opts.log.info('subscription ended', { client: sub.clientId, reason });
}

export function broadcast(hub: HubState, topic: Topic, n: Notification): void {
  for (const sub of topic.subs.values()) deliver(hub, topic, sub, n, false);
}

/** One heartbeat to every connected subscriber of every topic. */
export function sendHeartbeats(hub: HubState): void {
  for (const topic of hub.topics.values()) {
    for (const sub of topic.subs.values()) {
      if (sub.connected()) sub.socket?.send(JSON.stringify(heartbeat(hub.newId(), hub.now(), topic.id, hub.limits.heartbeatSeconds)));
    }
  }
}
