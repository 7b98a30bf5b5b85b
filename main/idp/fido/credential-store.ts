/**
 * FIDO2 credentials registered per person (public keys and signature counters, nothing secret).
 * In memory, like the rest of the reference provider's state.
 */
export interface StoredFidoCredential {
  /** Credential ID, base64url. */
  id: string;
  userId: string;
  publicKey: Uint8Array;
  counter: number;
  transports?: string[];
  createdAt: number;
}

export class FidoCredentialStore {
  readonly #byId = new Map<string, StoredFidoCredential>();

  add(credential: StoredFidoCredential): void {
    this.#byId.set(credential.id, { ...credential });
  }

  get(id: string): StoredFidoCredential | undefined {
    return this.#byId.get(id);
  }

  forUser(userId: string): StoredFidoCredential[] {
    return [...this.#byId.values()].filter((c) => c.userId === userId);
  }

  /** Resolves false when the credential is not this person's (or does not exist). */
  remove(userId: string, id: string): boolean {
    const c = this.#byId.get(id);
    if (!c || c.userId !== userId) return false;
    this.#byId.delete(id);
    return true;
  }

  updateCounter(id: string, counter: number): void {
    const c = this.#byId.get(id);
    if (c) c.counter = counter;
  }
}
