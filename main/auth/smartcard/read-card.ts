/**
 * From "a card is in this reader" to a CardCredential: connect in shared mode and offer the card to
 * each profile in turn (PIV first; a trust's own applet can follow) until one recognises it.
 */
import { CardError, isCardError } from '../../core/card-error.js';
import type { CardCredential, CardProfile } from '../../core/ports/card-credential.js';
import type { CardReaders } from '../../core/ports/card-readers.js';

export async function readCard(readers: CardReaders, reader: string, profiles: readonly CardProfile[]): Promise<CardCredential> {
  const channel = await readers.connect(reader);
  try {
    for (const profile of profiles) {
      const credential = await profile.open(channel);
      if (credential) return credential;
    }
    throw new CardError('not-piv', { detail: `none of ${profiles.map((p) => p.name).join(', ')} recognised the card in ${reader}` });
  } catch (err) {
    await channel.disconnect().catch(() => undefined);
    if (isCardError(err)) throw err;
    throw new CardError('transport', { detail: 'reading the card failed', cause: err });
  }
}
