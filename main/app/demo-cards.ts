/**
 * Demo mode's software cards: a demo card CA made at start-up (nothing secret is kept or committed)
 * and one clearly-labelled virtual PIV card per demo user, in an in-process reader. The cards are
 * the same VirtualPivCard the tests put behind pcscd, so demo mode runs the real PIV code path.
 */
import { randomBytes } from 'node:crypto';
import { createCardCa, issueCardCertificate, type CardCa } from '../auth/smartcard/virtual/card-pki.js';
import { loadCardKey } from '../auth/smartcard/virtual/card-key.js';
import { VirtualPivCard } from '../auth/smartcard/virtual/virtual-piv-card.js';
import { createCardAuthentication } from '../auth/smartcard/virtual/create-virtual-card.js';
import { SoftwareCardReaders } from '../auth/smartcard/software-readers.js';

export const DEMO_PIN = '123456';

export interface DemoCard { id: string; label: string; pin: string; userId: string }

export interface DemoCards {
  ca: CardCa;
  readers: SoftwareCardReaders;
  cards: DemoCard[];
}

export async function createDemoCards(holders: { userId: string; name: string }[]): Promise<DemoCards> {
  const ca = await createCardCa({ name: 'Lanyard Demo Card CA (not for real use)' });
  const readers = new SoftwareCardReaders();
  const cards: DemoCard[] = [];
  for (const holder of holders) {
    const issued = await issueCardCertificate(ca, holder, { algorithm: 'p256' });
    const guid = new Uint8Array(randomBytes(16));
    const card = new VirtualPivCard({
      pin: DEMO_PIN, certificateDer: issued.certificateDer, key: loadCardKey(issued.privateKeyPkcs8),
      guid, holderName: holder.name, cardAuthentication: await createCardAuthentication(ca, guid), // slot 9E: PIN-less proof on resume
    });
    const demo: DemoCard = { id: `demo-${holder.userId}`, label: `demo card: ${holder.name}`, pin: DEMO_PIN, userId: holder.userId };
    readers.addCard(demo.id, card, demo.label);
    cards.push(demo);
  }
  return { ca, readers, cards };
}
