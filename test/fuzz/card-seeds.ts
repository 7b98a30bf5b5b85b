/**
 * Real card answers to start from: virtual PIV cards (P-256 and RSA-2048) read by the real PIV
 * profile, every APDU and answer recorded; and CardChannels that replay (mutated) answers.
 */
import { createCardCa } from '../../main/auth/smartcard/virtual/card-pki.js';
import { createVirtualCard, DEFAULT_VIRTUAL_PIN } from '../../main/auth/smartcard/virtual/create-virtual-card.js';
import { PivProfile } from '../../main/auth/smartcard/piv/piv-profile.js';
import { CardError } from '../../main/core/card-error.js';
import type { CardChannel } from '../../main/core/ports/card-readers.js';

export interface CardExchange { command: Uint8Array; answer: Uint8Array }

export interface CardSeeds {
  /** One transcript per card: open, tries left, VERIFY, sign (and the 9E key when the card has one). */
  transcripts: CardExchange[][];
  certificatesDer: Uint8Array[];
}

let cached: Promise<CardSeeds> | undefined;

export function cardSeeds(): Promise<CardSeeds> {
  cached ??= build();
  return cached;
}

async function build(): Promise<CardSeeds> {
  const ca = await createCardCa();
  const holder = { userId: '555123456789', name: 'Dr Ada Lovelace' };
  const seeds: CardSeeds = { transcripts: [], certificatesDer: [] };
  for (const algorithm of ['p256', 'rsa2048'] as const) {
    const { card, issued } = await createVirtualCard({ ca, holder, algorithm, uuid: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' });
    card.powerOn();
    const transcript: CardExchange[] = [];
    const channel: CardChannel = {
      reader: 'fuzz', atr: card.atr,
      transmit: async (command) => { const answer = card.transmit(command); transcript.push({ command, answer }); return answer; },
      disconnect: async () => undefined,
    };
    const credential = await new PivProfile().open(channel);
    if (!credential) throw new Error('virtual card not read as PIV');
    await credential.pinTriesLeft();
    await credential.verifyPin(DEFAULT_VIRTUAL_PIN);
    await credential.sign(new TextEncoder().encode('fuzz nonce'));
    await credential.cardAuthentication?.sign(new TextEncoder().encode('fuzz possession'));
    seeds.transcripts.push(transcript);
    seeds.certificatesDer.push(issued.certificateDer);
  }
  return seeds;
}

/** A channel that gives `answers` in order, whatever is asked; after the last one the card is gone. */
export function replayChannel(answers: readonly Uint8Array[]): CardChannel {
  let next = 0;
  return {
    reader: 'fuzz', atr: Uint8Array.of(0x3b, 0x00),
    transmit: async () => {
      const answer = answers[next++];
      if (!answer) throw new CardError('card-removed', { detail: 'fuzz script ended' });
      return answer;
    },
    disconnect: async () => undefined,
  };
}
