/**
 * DevTools sessions to a tab's out-of-process iframes that exist before the frame runs anything.
 *
 * Asking Playwright for a frame's session after the frame has committed leaves a window in which
 * the frame's script can navigate, and a redirect of that navigation is not seen by an interceptor
 * enabled once the request has started. So the tab's own session auto-attaches to every new
 * iframe target with `waitForDebuggerOnStart`: Chromium holds the frame until `setUp` has put its
 * guards in place and the frame is resumed. The sessions are reached through the parent's
 * (`Target.sendMessageToTarget`), nested frames through their parent frame's, so none of them is
 * visible to Playwright, which attaches on its own.
 */
import type { CDPSession } from 'playwright-core';

/** The little of a DevTools session the guards need: a command and its events. */
export interface DevtoolsChannel {
  send(method: string, params?: object): Promise<unknown>;
  on(event: string, listener: (params: never) => void): void;
}

/** Playwright's session as a channel (its typed `send` takes only the protocol's own names). */
export function channelOf(cdp: CDPSession): DevtoolsChannel {
  const untyped = cdp as unknown as DevtoolsChannel;
  return { send: (method, params) => untyped.send(method, params), on: (event, listener) => untyped.on(event, listener) };
}

interface AttachedToTarget { sessionId: string; targetInfo: { type: string }; waitingForDebugger: boolean }
interface MessageFromTarget { sessionId: string; message: string }
interface ProtocolMessage { id?: number; method?: string; params?: unknown; result?: unknown; error?: { message: string } }

/** One child target's session, carried inside its parent's messages. */
class ChildChannel implements DevtoolsChannel {
  private lastId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly listeners = new Map<string, Set<(params: never) => void>>();

  constructor(private readonly parent: DevtoolsChannel, private readonly sessionId: string) {}

  send(method: string, params: object = {}): Promise<unknown> {
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message = JSON.stringify({ id, method, params });
      this.parent.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message }).catch((error: unknown) => {
        this.pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  }

  on(event: string, listener: (params: never) => void): void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
  }

  receive(raw: string): void {
    const message = JSON.parse(raw) as ProtocolMessage;
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) call?.reject(new Error(message.error.message));
      else call?.resolve(message.result);
    } else if (message.method) {
      for (const listener of this.listeners.get(message.method) ?? []) listener(message.params as never);
    }
  }

  detached(): void {
    for (const call of this.pending.values()) call.reject(new Error('frame target detached'));
    this.pending.clear();
  }
}

/**
 * From now on every iframe target under `channel` (and under those, at any depth) gets `setUp`
 * before it runs. If `setUp` fails the frame is never resumed: it stays blank rather than
 * running unguarded. Other targets (workers) are resumed as they are.
 */
export async function guardNewFrames(
  channel: DevtoolsChannel,
  setUp: (frame: DevtoolsChannel) => Promise<void>,
  failed: (error: unknown) => void,
): Promise<void> {
  const children = new Map<string, ChildChannel>();
  channel.on('Target.attachedToTarget', ({ sessionId, targetInfo, waitingForDebugger }: AttachedToTarget) => {
    const child = new ChildChannel(channel, sessionId);
    children.set(sessionId, child);
    const ready = targetInfo.type === 'iframe'
      ? setUp(child).then(() => guardNewFrames(child, setUp, failed))
      : Promise.resolve();
    ready
      .then(async () => { if (waitingForDebugger) await child.send('Runtime.runIfWaitingForDebugger'); })
      .catch(failed);
  });
  channel.on('Target.receivedMessageFromTarget', ({ sessionId, message }: MessageFromTarget) => {
    try {
      children.get(sessionId)?.receive(message);
    } catch (error) {
      failed(error);
    }
  });
  channel.on('Target.detachedFromTarget', ({ sessionId }: { sessionId: string }) => {
    children.get(sessionId)?.detached();
    children.delete(sessionId);
  });
  await channel.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
}
