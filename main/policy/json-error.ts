/**
 * Finds the first character of a text that makes it not JSON (RFC 8259), and says why in a
 * sentence IT can act on. JSON.parse only says *that* the text is wrong: V8 often gives no
 * position (`"apps": [x]`, `"apps": tru` report nothing, so the end of the file was blamed) and
 * quotes a snippet of the file instead. Iterative, with an explicit stack, so a deeply nested
 * text cannot overflow the call stack; it never throws.
 */

export interface JsonErrorAt {
  /** Offset (UTF-16 code units) of the first offending character; text.length at the end. */
  offset: number;
  message: string;
}

type Expect = 'value' | 'first-key' | 'key' | 'colon' | 'after-value' | 'first-item';

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** null when the text is JSON. */
export function findJsonError(text: string): JsonErrorAt | null {
  const stack: ('object' | 'array')[] = [];
  let expect: Expect = 'value';
  let i = 0;
  const at = (offset: number, message: string): JsonErrorAt => ({ offset, message });
  for (;;) {
    while (i < text.length && WHITESPACE.has(text[i]!)) i++;
    const c = text[i];
    const top = stack.at(-1);
    if (c === undefined) {
      if (expect === 'after-value' && top === undefined) return null;
      if (top === undefined) return text.trim() === '' ? at(0, 'the file is empty') : at(i, 'the file ends where a value should be');
      if (expect === 'value' || expect === 'colon') return at(i, 'the file ends where a value should be');
      return at(i, `the file ends before ${top === 'object' ? 'an object is closed (a } is missing)' : 'a list is closed (a ] is missing)'}`);
    }
    if (c === '/') return at(i, 'comments are not allowed in JSON');
    if (expect === 'after-value') {
      if (top === undefined) return at(i, `found ${shown(text, i)} after the end of the policy (only one { … } is allowed)`);
      const close = top === 'object' ? '}' : ']';
      if (c === ',') { expect = top === 'object' ? 'key' : 'value'; i++; continue; }
      if (c === close) { stack.pop(); i++; continue; }
      return at(i, `expected , or ${close} after a value, found ${shown(text, i)} (is a comma missing?)`);
    }
    if (expect === 'colon') {
      if (c !== ':') return at(i, `expected : after the property name, found ${shown(text, i)}`);
      expect = 'value'; i++; continue;
    }
    if (expect === 'first-key' || expect === 'key') {
      if (c === '}' && expect === 'first-key') { stack.pop(); expect = 'after-value'; i++; continue; }
      if (c === '}') return at(i, 'a comma before } is not allowed (remove the last comma)');
      if (c !== '"') return at(i, c === "'" ? 'a property name must be in double quotes, not single quotes' : `a property name must be in double quotes, found ${shown(text, i)}`);
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end; expect = 'colon'; continue;
    }
    // A value (or, just after '[', the end of an empty list).
    if (c === ']' && expect === 'first-item') { stack.pop(); expect = 'after-value'; i++; continue; }
    if (c === ']' || c === '}') return at(i, top !== undefined && text.slice(0, i).trimEnd().endsWith(',') ? `a comma before ${c} is not allowed (remove the last comma)` : `a value is missing before ${c}`);
    if (c === '{') { stack.push('object'); expect = 'first-key'; i++; continue; }
    if (c === '[') { stack.push('array'); expect = 'first-item'; i++; continue; }
    let end: number | JsonErrorAt;
    if (c === '"') end = scanString(text, i);
    else if (c === '-' || (c >= '0' && c <= '9')) end = scanNumber(text, i);
    else if (c === "'") return at(i, 'text must be in double quotes, not single quotes');
    else if (c === ',') return at(i, 'a value is missing before ,');
    else if (/[A-Za-z_$]/.test(c)) {
      const word = /^[A-Za-z0-9_$]+/.exec(text.slice(i, i + 64))![0];
      if (word !== 'true' && word !== 'false' && word !== 'null') {
        return at(i, `${JSON.stringify(word)} is not a value: text must be in double quotes, and the only words JSON allows are true, false and null`);
      }
      end = i + word.length;
    } else return at(i, `a value (text in double quotes, a number, true, false, null, { or [) was expected, found ${shown(text, i)}`);
    if (typeof end !== 'number') return end;
    i = end; expect = 'after-value';
  }
}

/** The offset after the closing quote of the string that opens at `start`, or why it is not one. */
function scanString(text: string, start: number): number | JsonErrorAt {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c < ' ') return { offset: i, message: c === '\n' || c === '\r' ? 'the text in double quotes is not closed on its line (a " is missing, or a line break must be written \\n)' : 'a control character (such as a tab) inside double quotes must be written as an escape (\\t)' };
    if (c === '\\') {
      const e = text[i + 1];
      if (e === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: '\\u must be followed by four hexadecimal digits' };
        i += 5;
      } else if (e !== undefined && ESCAPES.has(e)) i++;
      else return { offset: i, message: 'a backslash inside double quotes must be doubled (\\\\), or start an escape such as \\n or \\"' };
    }
  }
  return { offset: text.length, message: 'the file ends inside text in double quotes (a closing " is missing)' };
}

/** The offset after the number that starts at `start` (RFC 8259 §6), or why it is not one. */
function scanNumber(text: string, start: number): number | JsonErrorAt {
  const pattern = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
  pattern.lastIndex = start;
  const number = pattern.exec(text);
  if (!number) return { offset: start, message: 'a number must have a digit after the minus sign' };
  const end = start + number[0].length;
  const next = text[end];
  if (next !== undefined && /[0-9.eE]/.test(next)) {
    return { offset: start, message: `${JSON.stringify(text.slice(start, end + 1))}… is not a number JSON allows (no leading zeros; digits on both sides of a decimal point; an exponent needs digits)` };
  }
  return end;
}

function shown(text: string, i: number): string {
  const c = String.fromCodePoint(text.codePointAt(i)!);
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? `'${c}'` : `the character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Line and column (both from 1) of an offset, as an editor counts them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\n|\r/);
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
