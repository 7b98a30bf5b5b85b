/**
 * CardReaders: the PC/SC world as the rest of Lanyard sees it. Adapters: pcsclite against pcscd
 * (main/auth/smartcard/pcsc-readers.ts) and an in-process software reader for demo mode.
 */
export type CardReaderEvent =
  | { type: 'reader-added'; reader: string }
  | { type: 'reader-removed'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: Uint8Array }
  | { type: 'card-removed'; reader: string }
  /** The card service (pcscd) became reachable or unreachable. `detail` is for logs, not people. */
  | { type: 'service'; available: boolean; detail?: string };

export interface CardChannel {
  readonly reader: string;
  readonly atr: Uint8Array;
  /** Sends one command APDU and resolves the full response (data + SW1 SW2). */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** After another program reset the card (`card-reset`): a fresh connection to the same card in
   * the same reader. Whatever the card held in volatile state (the selected application, a
   * verified PIN) is gone. Absent where no other program can reach the card. */
  reconnect?(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface CardReaders {
  /** Starts monitoring; events for cards already present are delivered as insertions. */
  start(): void;
  subscribe(listener: (event: CardReaderEvent) => void): () => void;
  readers(): readonly string[];
  /** Connects in shared mode to the card in `reader`. */
  connect(reader: string): Promise<CardChannel>;
  close(): Promise<void>;
}
