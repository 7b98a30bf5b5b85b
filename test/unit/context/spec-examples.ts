/** FHIRcast 3.0.0 example messages, as fixed JSON (topics replaced per test). */

export const SPEC_TOPIC = 'fdb2f928-5546-4f52-87a0-0648e9ded065';

/** 3.3.1 Patient-open example. */
export function patientOpen(topic: string): Record<string, unknown> {
  return JSON.parse(`{
  "timestamp": "2023-04-01T10:38:04.160Z",
  "id": "6efe28b2-7f8b-4cbc-bc59-a21a902f7e04",
  "event": {
    "hub.topic": "${topic}",
    "hub.event": "Patient-open",
    "context": [
      {
        "key": "patient",
        "resource": {
          "resourceType": "Patient",
          "id": "503824b8-fe8c-4227-b061-7181ba6c3926",
          "identifier": [
            {
              "use": "official",
              "type": { "coding": [ { "system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR" } ] },
              "system": "urn:oid:2.16.840.1.113883.19.5",
              "value": "4438001",
              "assigner": { "reference": "Organization/a92ac1be-fb34-49c1-be58-10928bd271cc", "display": "My Healthcare Provider" }
            }
          ],
          "name": [ { "use": "official", "family": "Smith", "given": [ "John" ], "prefix": [ "Dr." ], "suffix": [ "Jr.", "M.D." ] } ],
          "gender": "male",
          "birthDate": "1978-11-03"
        }
      }
    ]
  }
}`) as Record<string, unknown>;
}

/** 3.4.1 Encounter-open example (its patient is the one of Patient-open). */
export function encounterOpen(topic: string): Record<string, unknown> {
  const patient = (patientOpen(topic).event as { context: unknown[] }).context[0];
  return {
    timestamp: '2023-04-01T10:54:10.230Z',
    id: 'c6a3e2eb-16b4-4eb8-b48b-7eb6c924919b',
    event: {
      'hub.topic': topic,
      'hub.event': 'Encounter-open',
      context: [
        {
          key: 'encounter',
          resource: {
            resourceType: 'Encounter', id: '8cc652ba-770e-4ae1-b688-6e8e7c737438',
            identifier: [{ use: 'official', system: 'http://myhealthcare.example.com/visits', value: 'r2r22345' }],
            status: 'unknown', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
            subject: { reference: 'Patient/503824b8-fe8c-4227-b061-7181ba6c3926' },
          },
        },
        patient,
      ],
    },
  };
}

/** 3.2.1 SyncError example, as a subscriber sends it. */
export function syncErrorFromApp(topic: string, eventId: string): Record<string, unknown> {
  return {
    timestamp: '2018-01-08T01:37:05.140Z',
    id: 'q9v3jubddqt63n1',
    event: {
      'hub.topic': topic,
      'hub.event': 'SyncError',
      context: [{
        key: 'operationoutcome',
        resource: {
          resourceType: 'OperationOutcome',
          issue: [{
            severity: 'warning', code: 'processing', diagnostics: 'Acme Product failed to follow context',
            details: {
              coding: [
                { system: 'https://fhircast.hl7.org/events/syncerror/eventid', code: eventId },
                { system: 'https://fhircast.hl7.org/events/syncerror/eventname', code: 'Patient-open' },
                { system: 'https://fhircast.hl7.org/events/syncerror/subscriber', code: 'Acme Product' },
              ],
            },
          }],
        },
      }],
    },
  };
}
