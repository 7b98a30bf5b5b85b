/** One call from "who is this card for" to a ready VirtualPivCard with a fresh key and certificate. */
import { randomUUID } from 'node:crypto';
import { guidFromUuid } from '../piv/piv-profile.js';
import { loadCardKey } from './card-key.js';
import { issueCardCertificate, type CardCa, type CardHolder, type IssuedCard } from './card-pki.js';
import { VirtualPivCard, type PinCounterStore } from './virtual-piv-card.js';

export interface VirtualCardSpec {
  ca: CardCa;
  holder: CardHolder;
  algorithm?: 'rsa2048' | 'p256';
  pin?: string;
  /** Card UUID (CHUID GUID); random when absent. */
  uuid?: string;
  maxTries?: number;
  counter?: PinCounterStore;
  notBefore?: Date;
  notAfter?: Date;
}

export interface CreatedVirtualCard {
  card: VirtualPivCard;
  issued: IssuedCard;
  uuid: string;
}

export const DEFAULT_VIRTUAL_PIN = '123456';

export async function createVirtualCard(spec: VirtualCardSpec): Promise<CreatedVirtualCard> {
  const algorithm = spec.algorithm ?? 'p256';
  const issued = await issueCardCertificate(spec.ca, spec.holder, {
    algorithm,
    ...(spec.notBefore ? { notBefore: spec.notBefore } : {}),
    ...(spec.notAfter ? { notAfter: spec.notAfter } : {}),
  });
  const uuid = spec.uuid ?? randomUUID();
  const card = new VirtualPivCard({
    pin: spec.pin ?? DEFAULT_VIRTUAL_PIN,
    certificateDer: issued.certificateDer,
    key: loadCardKey(issued.privateKeyPkcs8),
    guid: guidFromUuid(uuid),
    holderName: spec.holder.name,
    organisation: spec.ca.name,
    ...(spec.maxTries !== undefined ? { maxTries: spec.maxTries } : {}),
    ...(spec.counter ? { counter: spec.counter } : {}),
  });
  return { card, issued, uuid };
}
