/**
 * Turns reader events into cards the station can use: on insertion it connects, finds the profile
 * the card speaks (PIV today) and reads who the card says it is; on removal it reports which card
 * left. Unreadable cards become a sentence for the user, never a crash.
 */
import type { CardReaders } from '../core/ports/card-readers.js';
import type { CardCredential, CardProfile } from '../core/ports/card-credential.js';
import type { Log } from '../core/ports/log.js';
import { userMessageOf } from './sign-in-types.js';

export interface PresentedCard {
  cardId: string;
  reader: string;
  credential: CardCredential;
  triesLeft: number | null;
}

export interface CardListener {
  presented(card: PresentedCard): void;
  removed(cardId: string): void;
  failed(message: string): void;
  service(available: boolean): void;
}

export class CardWatcher {
  private readonly byReader = new Map<string, PresentedCard>();
  private readonly reading = new Map<string, Promise<void>>();
  private listener: CardListener | undefined;

  constructor(private readonly readers: CardReaders, private readonly profiles: readonly CardProfile[], private readonly log: Log) {}

  subscribe(listener: CardListener): void {
    this.listener = listener;
  }

  start(): void {
    this.readers.subscribe((event) => {
      switch (event.type) {
        case 'card-inserted': this.reading.set(event.reader, this.read(event.reader)); return;
        case 'card-removed':
        case 'reader-removed': void this.removed(event.reader); return;
        case 'service': this.listener?.service(event.available); return;
        default: return;
      }
    });
    this.readers.start();
  }

  /** Whether any reader holds a card it has read (the lock screen says "take it out and tap again"). */
  inReader(): boolean {
    return this.byReader.size > 0;
  }

  present(cardId: string): PresentedCard | undefined {
    return [...this.byReader.values()].find((c) => c.cardId === cardId);
  }

  async close(): Promise<void> {
    for (const card of this.byReader.values()) await card.credential.close().catch(() => undefined);
    this.byReader.clear();
    await this.readers.close();
  }

  private async read(reader: string): Promise<void> {
    try {
      const channel = await this.readers.connect(reader);
      for (const profile of this.profiles) {
        const credential = await profile.open(channel);
        if (!credential) continue;
        const card: PresentedCard = { cardId: credential.cardId, reader, credential, triesLeft: null };
        this.byReader.set(reader, card);
        this.listener?.presented(card);
        return;
      }
      await channel.disconnect().catch(() => undefined);
      this.listener?.failed('This card is not a staff smartcard Lanyard can use. Use your NHS smartcard.');
    } catch (error) {
      this.log.warn('card could not be read', { reader, error: String(error) });
      this.listener?.failed(userMessageOf(error, 'The card could not be read. Take it out and tap it again.'));
    }
  }

  private async removed(reader: string): Promise<void> {
    await this.reading.get(reader)?.catch(() => undefined);
    this.reading.delete(reader);
    const card = this.byReader.get(reader);
    if (!card) return;
    this.byReader.delete(reader);
    await card.credential.close().catch(() => undefined);
    this.listener?.removed(card.cardId);
  }
}
