/**
 * The identity provider may be down when Lanyard starts (a ward PC boots before the network):
 * discovery happens on the first sign-in and is retried on the next, never blocking start-up.
 */
import type { Log } from '../core/ports/log.js';
import { IdentityClient } from '../identity/identity-client.js';
import type { FidoSignIn, IdentityGateway, SmartcardSignIn } from './sign-in-types.js';

export class LazyIdentity implements IdentityGateway {
  private client: Promise<IdentityClient> | undefined;

  constructor(private readonly opts: { issuer: string; clientId: string; log: Log }) {}

  async beginSmartcardSignIn(): Promise<SmartcardSignIn> {
    return (await this.get()).beginSmartcardSignIn();
  }

  async beginFidoSignIn(): Promise<FidoSignIn> {
    return (await this.get()).beginFidoSignIn();
  }

  /** Starts discovery early (e.g. when a card goes in) so it overlaps the PIN entry. */
  warmUp(): void {
    void this.get().catch(() => undefined);
  }

  private get(): Promise<IdentityClient> {
    this.client ??= IdentityClient.create(this.opts).catch((error: unknown) => {
      this.client = undefined; // try again next time
      throw error;
    });
    return this.client;
  }
}
