/** An independent RFC 5424 parser for the tests (header, structured data with escapes, MSG), and
 * RFC 6587 octet-counting de-framing. */
export interface ParsedSyslog {
  pri: number; version: number; timestamp: string; hostname: string; appName: string; procId: string; msgId: string;
  sd: Record<string, Record<string, string>>;
  msg: string;
}

export function parseSyslog(text: string): ParsedSyslog {
  const header = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) /.exec(text);
  if (!header) throw new Error(`not RFC 5424: ${text.slice(0, 80)}`);
  let i = header[0].length;
  const sd: Record<string, Record<string, string>> = {};
  if (text[i] === '-') i++;
  else {
    while (text[i] === '[') {
      i++;
      const idEnd = text.slice(i).search(/[ \]]/) + i;
      const id = text.slice(i, idEnd);
      i = idEnd;
      const params: Record<string, string> = {};
      while (text[i] === ' ') {
        i++;
        const eq = text.indexOf('="', i);
        const name = text.slice(i, eq);
        i = eq + 2;
        let value = '';
        while (text[i] !== '"') {
          if (text[i] === '\\' && ['"', '\\', ']'].includes(text[i + 1]!)) i++;
          value += text[i];
          i++;
          if (i >= text.length) throw new Error('unterminated PARAM-VALUE');
        }
        i++;
        params[name] = value;
      }
      if (text[i] !== ']') throw new Error(`bad SD-ELEMENT at ${i}`);
      i++;
      sd[id] = params;
    }
  }
  let msg = text.slice(i);
  if (msg.startsWith(' ')) msg = msg.slice(1);
  if (msg.startsWith('\uFEFF')) msg = msg.slice(1);
  return { pri: Number(header[1]), version: Number(header[2]), timestamp: header[3]!, hostname: header[4]!, appName: header[5]!, procId: header[6]!, msgId: header[7]!, sd, msg };
}

/** Splits a TCP byte stream into messages; returns the messages and the unconsumed rest. */
export function deframe(buffer: Buffer): { messages: string[]; rest: Buffer } {
  const messages: string[] = [];
  let offset = 0;
  for (;;) {
    const space = buffer.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(buffer.subarray(offset, space).toString('ascii'));
    if (!Number.isInteger(length)) throw new Error('bad octet count');
    if (buffer.length < space + 1 + length) break;
    messages.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
    offset = space + 1 + length;
  }
  return { messages, rest: buffer.subarray(offset) };
}
