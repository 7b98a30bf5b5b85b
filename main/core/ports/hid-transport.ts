/** HidTransport: 64-byte CTAPHID reports to and from one FIDO device. Adapters: node-hid, and an
 * in-process virtual authenticator for tests and demo mode. */
export interface HidDeviceInfo {
  readonly path: string;
  readonly product: string;
  readonly vendorId: number;
  readonly productId: number;
}

export interface HidDevice {
  readonly info: HidDeviceInfo;
  /** Writes one 64-byte report (without the report-ID byte). */
  write(report: Uint8Array): Promise<void>;
  /** Resolves the next 64-byte report, or rejects on timeout / unplug. */
  read(timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface HidTransport {
  /** FIDO devices present now (usage page 0xF1D0). */
  list(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDevice>;
  /** Notified when FIDO devices arrive or leave. */
  subscribe(listener: (event: { type: 'added' | 'removed'; device: HidDeviceInfo }) => void): () => void;
}
