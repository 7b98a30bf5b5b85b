/**
 * An in-process HidTransport: virtual FIDO devices can be plugged and unplugged, and every open
 * handle sees the device's input reports, as with hidraw. No HID device can exist on the build
 * machines, so tests and demo mode use this in place of node-hid.
 */
import type { HidDevice, HidDeviceInfo, HidTransport } from '../../../core/ports/hid-transport.js';
import { REPORT_SIZE } from '../ctaphid/constants.js';
import { CtaphidError } from '../ctaphid/errors.js';
import { CtaphidResponder, type CborHandler, type ResponderOptions } from './ctaphid-responder.js';

type Listener = (event: { type: 'added' | 'removed'; device: HidDeviceInfo }) => void;

interface Plugged {
  info: HidDeviceInfo;
  responder: CtaphidResponder;
  handles: Set<VirtualHidDevice>;
}

export class VirtualHidTransport implements HidTransport {
  private readonly devices = new Map<string, Plugged>();
  private readonly listeners = new Set<Listener>();
  private counter = 0;

  /** Plugs an authenticator in; returns the device info (its `path` names it from now on). */
  plug(authenticator: CborHandler & { readonly label?: string }, options: ResponderOptions & Partial<HidDeviceInfo> = {}): HidDeviceInfo {
    const info: HidDeviceInfo = {
      path: options.path ?? `virtual:fido:${++this.counter}`,
      product: options.product ?? authenticator.label ?? 'Virtual FIDO2 key',
      vendorId: options.vendorId ?? 0x1209,
      productId: options.productId ?? 0xf1d0,
    };
    if (this.devices.has(info.path)) throw new Error(`${info.path} is already plugged in`);
    const handles = new Set<VirtualHidDevice>();
    const responder = new CtaphidResponder(authenticator, (report) => {
      for (const h of handles) h.deliver(report);
    }, options);
    this.devices.set(info.path, { info, responder, handles });
    this.emit({ type: 'added', device: info });
    return info;
  }

  /** Pulls the device out: in-flight reads fail with 'device-removed', the authenticator forgets its channels. */
  unplug(path: string): void {
    const device = this.devices.get(path);
    if (!device) return;
    this.devices.delete(path);
    device.responder.reset();
    for (const h of device.handles) h.detach();
    device.handles.clear();
    this.emit({ type: 'removed', device: device.info });
  }

  async list(): Promise<HidDeviceInfo[]> {
    return [...this.devices.values()].map((d) => d.info);
  }

  async open(path: string): Promise<HidDevice> {
    const device = this.devices.get(path);
    if (!device) throw new CtaphidError('device-removed', `no FIDO device at ${path}`);
    const handle = new VirtualHidDevice(device.info, (report) => device.responder.receive(report), () => device.handles.delete(handle));
    device.handles.add(handle);
    return handle;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: Parameters<Listener>[0]): void {
    for (const l of this.listeners) l(event);
  }
}

class VirtualHidDevice implements HidDevice {
  private readonly queue: Uint8Array[] = [];
  private readonly waiters: { resolve: (r: Uint8Array) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }[] = [];
  private state: 'open' | 'removed' | 'closed' = 'open';

  constructor(
    readonly info: HidDeviceInfo,
    private readonly toDevice: (report: Uint8Array) => void,
    private readonly onClose: () => void,
  ) {}

  async write(report: Uint8Array): Promise<void> {
    this.check();
    if (report.length > REPORT_SIZE) throw new CtaphidError('malformed-frame', `output report of ${report.length} bytes`);
    const padded = new Uint8Array(REPORT_SIZE); // the OS pads short reports, like hidraw
    padded.set(report);
    // The device sees the report after the call returns, as over USB.
    queueMicrotask(() => { if (this.state === 'open') this.toDevice(padded); });
  }

  read(timeoutMs: number): Promise<Uint8Array> {
    try { this.check(); } catch (e) { return Promise.reject(e); }
    const next = this.queue.shift();
    if (next) return Promise.resolve(next);
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve, reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(new CtaphidError('timeout', `no input report within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.fail(new CtaphidError('device-removed', 'handle closed'));
    this.state = 'closed';
    this.onClose();
  }

  deliver(report: Uint8Array): void {
    const copy = report.slice();
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(copy);
    } else {
      this.queue.push(copy);
    }
  }

  detach(): void {
    this.fail(new CtaphidError('device-removed', 'the security key was unplugged'));
    this.state = 'removed';
  }

  private fail(error: CtaphidError): void {
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    this.queue.length = 0;
  }

  private check(): void {
    if (this.state === 'removed') throw new CtaphidError('device-removed', 'the security key was unplugged');
    if (this.state === 'closed') throw new CtaphidError('device-removed', 'handle closed');
  }
}
