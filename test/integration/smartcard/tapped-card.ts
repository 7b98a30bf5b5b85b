/** A virtual card tapped in pcscd's vpcd reader and read as the station reads it, held open while
 * `fn` signs with it (the standard profile's card tests), then pulled and its removal awaited. */
import { insertCard } from '../../fixtures/vpcd-card.js';
import type { CreatedVirtualCard } from '../../../main/auth/smartcard/virtual/create-virtual-card.js';
import { PivProfile } from '../../../main/auth/smartcard/piv/piv-profile.js';
import { readCard } from '../../../main/auth/smartcard/read-card.js';
import type { CardCredential } from '../../../main/core/ports/card-credential.js';
import type { PcscRig } from './pcsc-rig.js';
import { inserted, removed } from './reader-events.js';

export async function withTappedCard(rig: PcscRig | undefined, reader: string, made: CreatedVirtualCard,
  fn: (credential: CardCredential, triesLeft: () => number) => Promise<void>): Promise<void> {
  if (!rig) throw new Error('no rig');
  const from = rig.events.mark();
  const inCard = await insertCard(made.card, 1);
  let credential: CardCredential | undefined;
  try {
    await rig.events.next(inserted(reader), 5_000, from);
    credential = await readCard(rig.monitor, reader, [new PivProfile()]);
    await fn(credential, () => made.card.triesLeft);
  } finally {
    await credential?.close().catch(() => undefined);
    const mark = rig.events.mark();
    inCard.close();
    await rig.events.next(removed(reader), 5_000, mark).catch(() => undefined);
  }
}
