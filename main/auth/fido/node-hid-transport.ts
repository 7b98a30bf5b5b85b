/**
 * HidTransport over node-hid (hidapi): FIDO devices are those with usage page 0xF1D0. node-hid
 * has no hot-plug events, so arrivals and removals come from polling enumerate while someone
 * listens. Reports go out with report ID 0 prepended, as FIDO devices use no report IDs.
 * The native module is loaded on first use, so demo mode runs where it is missing.
 */
import type * as NodeHidModule from 'node-hid';
import type { HidDevice, HidDeviceInfo, HidTransport } from '../../core/ports/hid-transport.js';
import { REPORT_SIZE } from './ctaphid/constants.js';
import { CtaphidError } from './ctaphid/errors.js';

export const FIDO_USAGE_PAGE = 0xf1d0;
export const FIDO_USAGE = 0x01;

/** The part of node-hid used here. */
interface NodeHid {
  devicesAsync(): Promise<NodeHidModule.Device[]>;
  HIDAsync: { open(path: string, options?: { nonExclusive?: boolean }): Promise<HidAsyncHandle> };
}
type Listener = (event: { type: 'added' | 'removed'; device: HidDeviceInfo }) => void;

let nodeHid: Promise<NodeHid> | null = null;
function loadNodeHid(): Promise<NodeHid> {
  nodeHid ??= import('node-hid').then((m): NodeHid => m.default);
  return nodeHid;
}

export class NodeHidTransport implements HidTransport {
  private readonly listeners = new Set<Listener>();
  private known = new Map<string, HidDeviceInfo>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly pollIntervalMs = 750) {}

  async list(): Promise<HidDeviceInfo[]> {
    const hid = await loadNodeHid();
    const devices = await hid.devicesAsync();
    return devices
      .filter((d) => d.usagePage === FIDO_USAGE_PAGE && (d.usage === undefined || d.usage === FIDO_USAGE) && d.path)
      .map((d) => ({ path: d.path!, product: d.product ?? 'FIDO security key', vendorId: d.vendorId, productId: d.productId }));
  }

  async open(path: string): Promise<HidDevice> {
    const hid = await loadNodeHid();
    const info = (await this.list()).find((d) => d.path === path);
    if (!info) throw new CtaphidError('device-removed', `no FIDO device at ${path}`);
    try {
      return new NodeHidDevice(info, await hid.HIDAsync.open(path, { nonExclusive: true }));
    } catch (e) {
      throw new CtaphidError('device-io', `cannot open ${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      void this.poll();
      this.timer = setInterval(() => void this.poll(), this.pollIntervalMs);
      this.timer.unref?.();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private async poll(): Promise<void> {
    let now: HidDeviceInfo[];
    try {
      now = await this.list();
    } catch {
      return; // enumeration failed this round: keep the last known set
    }
    const next = new Map(now.map((d) => [d.path, d]));
    for (const [path, d] of next) if (!this.known.has(path)) this.emit({ type: 'added', device: d });
    for (const [path, d] of this.known) if (!next.has(path)) this.emit({ type: 'removed', device: d });
    this.known = next;
  }

  private emit(event: Parameters<Listener>[0]): void {
    for (const l of this.listeners) l(event);
  }
}

interface HidAsyncHandle {
  write(values: number[] | Buffer): Promise<number>;
  read(timeOut?: number): Promise<Buffer | undefined>;
  close(): Promise<void>;
}

class NodeHidDevice implements HidDevice {
  private closed = false;

  constructor(readonly info: HidDeviceInfo, private readonly handle: HidAsyncHandle) {}

  async write(report: Uint8Array): Promise<void> {
    if (this.closed) throw new CtaphidError('device-removed', 'handle closed');
    const out = Buffer.alloc(REPORT_SIZE + 1); // report ID 0, then the 64-byte report
    out.set(report.subarray(0, REPORT_SIZE), 1);
    try {
      await this.handle.write(out);
    } catch (e) {
      throw new CtaphidError('device-removed', `write failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  async read(timeoutMs: number): Promise<Uint8Array> {
    if (this.closed) throw new CtaphidError('device-removed', 'handle closed');
    let data: Buffer | undefined;
    try {
      data = await this.handle.read(Math.max(1, Math.round(timeoutMs)));
    } catch (e) {
      throw new CtaphidError('device-removed', `read failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (!data || data.length === 0) throw new CtaphidError('timeout', `no input report within ${timeoutMs} ms`);
    return new Uint8Array(data);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
  }
}
