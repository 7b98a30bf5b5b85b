/**
 * A session's current context: the open events not yet closed, newest last (spec glossary
 * "Current Context"). A new patient replaces everything; a close must name what is open.
 */
import { ContextError } from './context-error.js';
import { ANCHORS, type ContextEntry, type ContextEventName, type FhirResource, type Notification } from './events.js';

export class ContextStack {
  private opens: Notification[] = [];
  versionId: string;

  constructor(private readonly newId: () => string) { this.versionId = newId(); }

  /** The anchor of the newest open event. */
  top(): Notification | undefined { return this.opens[this.opens.length - 1]; }

  /** The newest open event per anchor type (what a new subscriber is told, spec 2.4). */
  opensByAnchor(): Notification[] { return [...this.opens]; }

  patient(): FhirResource | undefined {
    const top = this.top();
    return top ? patientOf(top.event.context as ContextEntry[]) : undefined;
  }

  /** Applies a validated context event; throws `patient-mismatch` for a close of what is not open. */
  apply(name: ContextEventName, entries: ContextEntry[], make: (versionId: string) => Notification): Notification {
    const anchor = ANCHORS[name];
    const resource = entries.find((e) => e.key === anchor.key)?.resource;
    const patient = patientOf(entries);
    if (name.endsWith('-open')) {
      const current = this.patient();
      if (current && current.id !== patient?.id) this.opens = [];
      this.opens = this.opens.filter((o) => anchorType(o) !== anchor.type);
      this.versionId = this.newId();
      const n = make(this.versionId);
      this.opens.push(n);
      return n;
    }
    {
      const at = this.opens.findIndex((o) => anchorType(o) === anchor.type && anchorResource(o)?.id === resource?.id && patientOf(o.event.context as ContextEntry[])?.id === patient?.id);
      if (at < 0) throw new ContextError('patient-mismatch', `${name} names a ${anchor.type} that is not open in this session`);
      this.opens = anchor.type === 'Patient' ? [] : this.opens.slice(0, at);
      this.versionId = this.newId();
      return make(this.versionId);
    }
  }

  clear(): void { this.opens = []; this.versionId = this.newId(); }
}

function anchorType(n: Notification): string {
  const name = n.event['hub.event'] as ContextEventName;
  return ANCHORS[name].type;
}

function anchorResource(n: Notification): FhirResource | undefined {
  const key = ANCHORS[n.event['hub.event'] as ContextEventName].key;
  return (n.event.context as ContextEntry[]).find((e) => e.key === key)?.resource;
}

export function patientOf(entries: ContextEntry[]): FhirResource | undefined {
  return entries.find((e) => e.key === 'patient')?.resource;
}
