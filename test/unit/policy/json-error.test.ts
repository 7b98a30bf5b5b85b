/** The JSON error locator: the first offending character and a sentence, and it agrees with JSON.parse. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findJsonError, lineAndColumn } from '../../../main/policy/json-error.js';
import { parsePolicyText } from '../../../main/policy/parse-policy.js';
import { minimalPolicy } from './helpers.js';

function messageOf(text: string): string {
  const parsed = parsePolicyText('policy.json', text);
  assert.equal(parsed.kind, 'invalid');
  return parsed.kind === 'invalid' ? parsed.problems[0]!.message : '';
}

test('common typos are placed at their own line and column, in a sentence with no snippet of the file', () => {
  const cases: [string, RegExp][] = [
    ['{\n  "version": 1,\n  "apps": [x]\n}\n', /^is not valid JSON at line 3, column 12: "x" is not a value: text must be in double quotes/],
    ['{\n  "version": 1,\n  "apps": tru\n}\n', /^is not valid JSON at line 3, column 11: "tru" is not a value/],
    ['{\n  "version": 1,\n}\n', /^is not valid JSON at line 3, column 1: a comma before \} is not allowed/],
    ['{\n  "version": 1\n  "apps": []\n}', /^is not valid JSON at line 3, column 3: expected , or \} after a value, found '"' \(is a comma missing\?\)$/],
    ["{\r\n  'version': 1\r\n}", /^is not valid JSON at line 2, column 3: a property name must be in double quotes, not single quotes$/],
    ['{\n  "station": { "name": "Ward 7\n  }\n}', /^is not valid JSON at line 2, column 31: the text in double quotes is not closed on its line/],
    ['{\n  "version": 01\n}', /^is not valid JSON at line 2, column 14: "01"… is not a number/],
    ['{\n  "apps": [\n', /^is not valid JSON at line 3, column 1: the file ends before a list is closed \(a \] is missing\)$/],
    ['// IT\n{}', /^is not valid JSON at line 1, column 1: comments are not allowed in JSON$/],
    ['', /^is not valid JSON at line 1, column 1: the file is empty$/],
  ];
  for (const [text, expected] of cases) {
    const message = messageOf(text);
    assert.match(message, expected, JSON.stringify(text));
    assert.doesNotMatch(message, /is not valid JSON$|position|Unexpected token|\n/);
  }
});

test('a UTF-8 byte order mark (Notepad, PowerShell Out-File) is not part of the policy, nor a column', () => {
  const parsed = parsePolicyText('policy.json', `\uFEFF${JSON.stringify(minimalPolicy(), null, 2)}`);
  assert.equal(parsed.kind, 'policy', JSON.stringify(parsed));
  assert.match(messageOf('\uFEFF{\n  "version": tru\n}'), /^is not valid JSON at line 2, column 14: "tru"/);
});

test('the locator agrees with JSON.parse on any text: null exactly when it parses, and an offset inside the text', () => {
  const jsonText = fc.jsonValue().map((v) => JSON.stringify(v, null, 1));
  const mutated = fc.tuple(jsonText, fc.nat(), fc.constantFrom('', ',', ']', '}', '"', 'x', ' ', '\n', '0', '-', '.', 'e', '\\', ':', '{', '['), fc.nat(3))
    .map(([t, at, insert, cut]) => { const i = t.length ? at % t.length : 0; return t.slice(0, i) + insert + t.slice(i + cut); });
  fc.assert(fc.property(fc.oneof(jsonText, mutated, fc.string(), fc.string({ unit: 'binary' })), (text) => {
    let parses = true;
    try { JSON.parse(text); } catch { parses = false; }
    const found = findJsonError(text);
    assert.equal(found === null, parses, `${JSON.stringify(text)}: ${JSON.stringify(found)}`);
    if (found) assert.ok(found.offset >= 0 && found.offset <= text.length);
  }), { numRuns: 3000, seed: 1014 });
  assert.equal(findJsonError('['.repeat(200_000))?.message, 'the file ends before a list is closed (a ] is missing)');
});

test('lines and columns are counted as an editor counts them, whatever the line endings', () => {
  assert.deepEqual(lineAndColumn('a\r\nbc\rd\ne', 9), { line: 4, column: 2 });
  assert.deepEqual(lineAndColumn('abc', 0), { line: 1, column: 1 });
});
