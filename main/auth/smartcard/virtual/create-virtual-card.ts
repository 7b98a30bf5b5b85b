/** One call from "who is this card for" to a ready VirtualPivCard with fresh keys and certificates. */
import { randomUUID } from 'node:crypto';
import { guidFromUuid, uuidFromGuid } from '../piv/piv-profile.js';
import { loadCardKey, type CardKey } from './card-key.js';
import { issueCardAuthenticationCertificate, issueCardCertificate, type CardCa, type CardHolder, type IssuedCard } from './card-pki.js';
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
  /** Give the card a Card Authentication key (slot 9E, same algorithm, same CA). Default true; a
   * card without one can still sign in, but every resume then needs the PIN. */
  cardAuthentication?: boolean;
}

export interface CreatedVirtualCard {
  card: VirtualPivCard;
  issued: IssuedCard;
  /** The 9E certificate and key, when the card has them. */
  cardAuthentication?: IssuedCard;
  uuid: string;
}

export const DEFAULT_VIRTUAL_PIN = '123456';

export interface CardAuthenticationSlot {
  certificateDer: Uint8Array;
  key: CardKey;
  issued: IssuedCard;
}

/** A 9E key and certificate for the card whose CHUID GUID is `guid` (what VirtualPivCard takes). */
export async function createCardAuthentication(
  ca: CardCa, guid: Uint8Array, algorithm: 'rsa2048' | 'p256' = 'p256',
): Promise<CardAuthenticationSlot> {
  const issued = await issueCardAuthenticationCertificate(ca, uuidFromGuid(guid), { algorithm });
  return { certificateDer: issued.certificateDer, key: loadCardKey(issued.privateKeyPkcs8), issued };
}

export async function createVirtualCard(spec: VirtualCardSpec): Promise<CreatedVirtualCard> {
  const algorithm = spec.algorithm ?? 'p256';
  const issued = await issueCardCertificate(spec.ca, spec.holder, {
    algorithm,
    ...(spec.notBefore ? { notBefore: spec.notBefore } : {}),
    ...(spec.notAfter ? { notAfter: spec.notAfter } : {}),
  });
  const uuid = spec.uuid ?? randomUUID();
  const guid = guidFromUuid(uuid);
  const cardAuthentication = spec.cardAuthentication === false ? undefined : await createCardAuthentication(spec.ca, guid, algorithm);
  const card = new VirtualPivCard({
    pin: spec.pin ?? DEFAULT_VIRTUAL_PIN,
    certificateDer: issued.certificateDer,
    key: loadCardKey(issued.privateKeyPkcs8),
    guid,
    holderName: spec.holder.name,
    organisation: spec.ca.name,
    ...(spec.maxTries !== undefined ? { maxTries: spec.maxTries } : {}),
    ...(spec.counter ? { counter: spec.counter } : {}),
    ...(cardAuthentication ? { cardAuthentication } : {}),
  });
  return { card, issued, uuid, ...(cardAuthentication ? { cardAuthentication: cardAuthentication.issued } : {}) };
}
