/** Reading the hub's HTTP requests within limits: size, content type, single-valued parameters. */
import type { IncomingMessage } from 'node:http';
import { ContextError } from './context-error.js';

export async function readLimited(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new ContextError('too-large', `request body over ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw new ContextError('too-large', `request body over ${maxBytes} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** A urlencoded body where every parameter appears at most once (spec 2.4). */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    if (k in out) throw new ContextError('malformed', `parameter ${k} appears more than once`);
    out[k] = v;
  }
  return out;
}

export function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ContextError('malformed', 'body is not valid JSON', { cause });
  }
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(req.headers.authorization ?? '');
  return m?.[1];
}
