/** Messages between the shell and the card TLS worker (card-tls-worker.ts). */

export interface CardTlsStart {
  /** The certificate read from the tapped card, sent as the TLS client certificate. */
  certificatePem: string;
  /** RFC 7512 URI of the card's private key, with the PIN as pin-value. Never logged. */
  keyUri: string;
  /** Roots for the provider's server certificate; absent: Node's own. */
  ca?: string[];
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

export interface CardTlsRequest {
  kind: 'request';
  id: number;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface CardTlsResponse {
  status: number;
  headers: [string, string][];
  setCookie: string[];
  body: string;
  /** SHA-256 fingerprint of the client certificate the connection presented. */
  localFingerprint: string;
  protocol: string;
}

/** What went wrong, as the shell's identity error codes name it. */
export interface CardTlsFailure {
  code: 'card-middleware' | 'certificate-refused' | 'untrusted-ca' | 'revoked' | 'expired' | 'idp-unreachable' | 'idp-timeout';
  message: string;
}

export type CardTlsReply =
  | { kind: 'ready' }
  | { kind: 'failed'; failure: CardTlsFailure }
  | { kind: 'answer'; id: number; response?: CardTlsResponse; failure?: CardTlsFailure };
