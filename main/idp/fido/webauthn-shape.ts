/**
 * The shape of WebAuthn answers posted to the provider, checked before any verifier sees them: a
 * malformed body (a `null` clientDataJSON, a number for an id, …) is the sender's mistake, answered
 * 400 `bad-request`, never a crash of the route.
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { SignInRefused } from '../refusals.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const B64URL = /^[A-Za-z0-9_-]+={0,2}$/;

function b64urlField(obj: Json, field: string, where: string): string {
  const value = obj[field];
  if (typeof value !== 'string' || value === '' || !B64URL.test(value)) throw new SignInRefused('bad-request', `${where}.${field} is not base64url`);
  return value;
}

function credentialOf(body: Json): { outer: Json; inner: Json } {
  const outer = body.response;
  if (!isObject(outer)) throw new SignInRefused('bad-request', 'response is not an object');
  b64urlField(outer, 'id', 'response');
  b64urlField(outer, 'rawId', 'response');
  if (outer.type !== 'public-key') throw new SignInRefused('bad-request', 'response.type is not public-key');
  const inner = outer.response;
  if (!isObject(inner)) throw new SignInRefused('bad-request', 'response.response is not an object');
  if (outer.clientExtensionResults !== undefined && !isObject(outer.clientExtensionResults)) throw new SignInRefused('bad-request', 'clientExtensionResults is not an object');
  clientDataOf(b64urlField(inner, 'clientDataJSON', 'response.response'));
  return { outer, inner };
}

/** The decoded clientDataJSON: a JSON object, or `bad-request`. */
export function clientDataOf(clientDataJSON: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new SignInRefused('bad-request', 'clientDataJSON is not JSON', { cause });
  }
  if (!isObject(parsed)) throw new SignInRefused('bad-request', 'clientDataJSON is not a JSON object');
  return parsed;
}

export function registrationResponseOf(body: Json): RegistrationResponseJSON {
  const { outer, inner } = credentialOf(body);
  b64urlField(inner, 'attestationObject', 'response.response');
  if (inner.transports !== undefined && (!Array.isArray(inner.transports) || !inner.transports.every((t) => typeof t === 'string'))) {
    throw new SignInRefused('bad-request', 'transports is not a list of strings');
  }
  return { clientExtensionResults: {}, ...outer } as unknown as RegistrationResponseJSON;
}

export function authenticationResponseOf(body: Json): AuthenticationResponseJSON {
  const { outer, inner } = credentialOf(body);
  b64urlField(inner, 'authenticatorData', 'response.response');
  b64urlField(inner, 'signature', 'response.response');
  if (inner.userHandle !== undefined && inner.userHandle !== null) b64urlField(inner, 'userHandle', 'response.response');
  return { clientExtensionResults: {}, ...outer } as unknown as AuthenticationResponseJSON;
}
