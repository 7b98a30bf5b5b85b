/**
 * SoftwareCardReaders: a CardReaders with one in-process reader holding virtual PIV cards, for demo
 * mode and anyone without a reader or pcscd. insert()/remove() play the part of a hand at the reader.
 */
import { CardError } from '../../core/card-error.js';
import type { CardChannel, CardReaderEvent, CardReaders } from '../../core/ports/card-readers.js';

/** What the software reader needs of a card: an ATR, power and APDUs (VirtualPivCard fits). */
export interface SoftwareCard {
  readonly atr: Uint8Array;
  powerOn(): void;
  powerOff(): void;
  transmit(apdu: Uint8Array): Uint8Array;
}

export const SOFTWARE_READER_NAME = 'Lanyard Software Reader (demo)';

export class SoftwareCardReaders implements CardReaders {
  private readonly cards = new Map<string, { card: SoftwareCard; label: string }>();
  private readonly listeners = new Set<(event: CardReaderEvent) => void>();
  private insertedId: string | null = null;
  /** Bumped on every insertion/removal so channels to a previous card go dead. */
  private generation = 0;
  private started = false;

  constructor(readonly readerName: string = SOFTWARE_READER_NAME) {}

  addCard(id: string, card: SoftwareCard, label: string = id): void {
    this.cards.set(id, { card, label });
  }

  /** The demo cards and whether each is in the reader (for the shell's demo panel). */
  list(): { id: string; label: string; inserted: boolean }[] {
    return [...this.cards].map(([id, { label }]) => ({ id, label, inserted: id === this.insertedId }));
  }

  get inserted(): string | null {
    return this.insertedId;
  }

  /** Puts a card in the reader, taking out whichever card was there. */
  insert(cardId: string): void {
    const entry = this.cards.get(cardId);
    if (!entry) throw new RangeError(`no software card ${cardId}`);
    if (this.insertedId === cardId) return;
    if (this.insertedId !== null) this.remove(this.insertedId);
    this.insertedId = cardId;
    this.generation++;
    entry.card.powerOn();
    if (this.started) this.emit({ type: 'card-inserted', reader: this.readerName, atr: entry.card.atr });
  }

  remove(cardId: string): void {
    if (this.insertedId !== cardId) return;
    this.cards.get(cardId)?.card.powerOff();
    this.insertedId = null;
    this.generation++;
    if (this.started) this.emit({ type: 'card-removed', reader: this.readerName });
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    queueMicrotask(() => {
      this.emit({ type: 'service', available: true });
      this.emit({ type: 'reader-added', reader: this.readerName });
      const entry = this.insertedId === null ? undefined : this.cards.get(this.insertedId);
      if (entry) this.emit({ type: 'card-inserted', reader: this.readerName, atr: entry.card.atr });
    });
  }

  subscribe(listener: (event: CardReaderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readers(): readonly string[] {
    return this.started ? [this.readerName] : [];
  }

  async connect(reader: string): Promise<CardChannel> {
    if (reader !== this.readerName) throw new CardError('reader-unavailable', { detail: `no reader ${reader}` });
    const entry = this.insertedId === null ? undefined : this.cards.get(this.insertedId);
    if (!entry) throw new CardError('card-removed', { detail: 'no card in the software reader' });
    const generation = this.generation;
    const alive = (): boolean => generation === this.generation;
    return {
      reader,
      atr: entry.card.atr,
      transmit: async (apdu) => {
        await new Promise<void>((resolve) => setImmediate(resolve)); // asynchronous, like a real reader
        if (!alive()) throw new CardError('card-removed', { detail: 'card left the software reader' });
        return entry.card.transmit(apdu);
      },
      // Like SCARD_RESET_CARD: nobody inherits this session's verified PIN.
      disconnect: async () => { if (alive()) entry.card.powerOn(); },
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.started = false;
  }

  private emit(event: CardReaderEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
