import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ageInYears, formatNhsNumber, nhsNumberValid, patientBanner, NHS_NUMBER_SYSTEM } from '../../../main/core/patient.js';

test('NHS numbers: the Data Dictionary examples and the test range', () => {
  assert.equal(nhsNumberValid('9434765919'), true);   // published valid example
  assert.equal(nhsNumberValid('943 476 5919'), true);
  assert.equal(nhsNumberValid('9434765918'), false);  // wrong check digit
  assert.equal(nhsNumberValid('9990000018'), true);   // test range 999
  assert.equal(nhsNumberValid('1234567890'), false);  // remainder 10: never issued
  assert.equal(nhsNumberValid('94347659'), false);
  assert.equal(nhsNumberValid('943476591a'), false);
  assert.equal(formatNhsNumber('9434765919'), '943 476 5919');
  assert.equal(formatNhsNumber('9434765918'), undefined);
});

test('any single changed digit breaks the check (modulus 11 catches every single-digit error)', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
    const good = '9434765919';
    const d = (Number(good[pos]) + delta) % 10;
    const bad = good.slice(0, pos) + String(d) + good.slice(pos + 1);
    return !nhsNumberValid(bad);
  }));
});

test('age in completed years, birthday-aware', () => {
  assert.equal(ageInYears('1978-11-03', '2026-11-02'), 47);
  assert.equal(ageInYears('1978-11-03', '2026-11-03'), 48);
  assert.equal(ageInYears('2000-02-29', '2026-02-28'), 25);
  assert.equal(ageInYears('2030-01-01', '2026-01-01'), undefined);
  assert.equal(ageInYears('1978-13-03', '2026-01-01'), undefined);
});

test('banner from a FHIR Patient: NHS-style name, formatted number, invalid number flagged', () => {
  const p = { resourceType: 'Patient', id: 'p1', name: [{ use: 'official', family: 'Smith', given: ['John'], prefix: ['Mr'] }], birthDate: '1978-11-03', identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9434765919' }] };
  assert.deepEqual(patientBanner(p, '2026-11-23'), { id: 'p1', name: 'SMITH, John (Mr)', nhsNumber: '943 476 5919', birthDate: '1978-11-03', age: 48 });
  const bad = { ...p, identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9434765918' }] };
  assert.equal(patientBanner(bad, '2026-11-23')?.nhsNumberInvalid, true);
  assert.equal(patientBanner(bad, '2026-11-23')?.nhsNumber, undefined);
  assert.equal(patientBanner({ resourceType: 'Observation', id: 'o' }, '2026-11-23'), undefined);
});
