/**
 * The demo apps' patient-context part, as a FHIRcast subscriber would write it in a web page: it
 * reads its SMART launch context (hub.url, hub.topic, its own access token) from its server,
 * subscribes over a WebSocket, follows Patient-open/close (acknowledging each), publishes
 * Patient-open when the clinician opens a patient here, and answers SyncError instead of switching
 * while a form holds unsaved work (Referrals). Every patient shown is SYNTHETIC.
 */
import { escapeHtml } from '../http-util.js';
import { itemsFor, SYNTHETIC_PATIENTS } from './synthetic-patients.js';
import { formatNhsNumber } from '../../core/patient.js';

/** What the page's script fetches from `/api/context`. */
export interface PageContext {
  appId: string;
  hub?: { url: string; topic: string; token: string };
  patients: typeof SYNTHETIC_PATIENTS;
  items: Record<string, string[]>;
}

export function pageContext(appId: string, hub: PageContext['hub']): PageContext {
  return {
    appId, ...(hub ? { hub } : {}), patients: SYNTHETIC_PATIENTS,
    items: Object.fromEntries(SYNTHETIC_PATIENTS.map((p) => [p.id, itemsFor(appId, p.id)])),
  };
}

const LABELS: Record<string, { items: string; form?: string }> = {
  'patient-record': { items: 'Problems' },
  'prescribing': { items: 'Current medicines' },
  'referrals': { items: 'Referrals', form: 'New referral' },
};

/** The HTML of the patient section; the script fills it in. */
export function contextSection(appId: string): string {
  const label = LABELS[appId] ?? { items: 'Items' };
  const rows = SYNTHETIC_PATIENTS.map((p) => {
    const n = p.name[0];
    const name = `${(n?.family ?? '').toUpperCase()}, ${(n?.given ?? []).join(' ')}`;
    const nhs = formatNhsNumber(p.identifier[0]?.value ?? '') ?? '';
    return `<li><button type="button" class="open-patient" data-patient="${escapeHtml(p.id)}">Open</button> <span class="pname">${escapeHtml(name)}</span> · NHS ${escapeHtml(nhs)} · born ${escapeHtml(p.birthDate)}</li>`;
  }).join('');
  const form = label.form ? `<form id="referral-form"><h3><label for="referral-reason">${escapeHtml(label.form)}</label></h3>
<textarea id="referral-reason" name="reason"></textarea><p><button type="submit" id="send-referral">Send referral</button></p></form>` : '';
  return `<section id="context" aria-labelledby="context-title"><h2 id="context-title">Patient</h2>
<p class="synthetic"><strong>SYNTHETIC DATA</strong> — invented test patients (NHS numbers from the 999 test range).</p>
<p id="context-status" role="status">Connecting to the patient context…</p>
<div id="current" hidden><p>Current patient: <strong id="current-patient"></strong></p>
<h3>${escapeHtml(label.items)}</h3><ul id="patient-items"></ul>${form}</div>
<h3>Patient list</h3><ul id="patient-list">${rows}</ul></section>
<script>${SCRIPT}</script>`;
}

// Plain browser JavaScript (no build step for the demo apps' pages).
const SCRIPT = String.raw`(() => {
  const $ = (id) => document.getElementById(id);
  const status = (text) => { $('context-status').textContent = text; };
  const SE = 'https://fhircast.hl7.org/events/syncerror';
  let ctx, current, dirty = false, tries = 0;
  const nameOf = (p) => { const n = (p.name || [])[0] || {}; return (n.family || '').toUpperCase() + ', ' + (n.given || []).join(' '); };
  const show = (patient) => {
    current = patient;
    $('current').hidden = !patient;
    document.body.dataset.patient = patient ? patient.id : '';
    if (!patient) { status('No patient open.'); return; }
    $('current-patient').textContent = nameOf(patient);
    const ul = $('patient-items'); ul.textContent = '';
    for (const item of ctx.items[patient.id] || ['No records for this patient here.']) { const li = document.createElement('li'); li.textContent = item; ul.appendChild(li); }
    status('Showing ' + nameOf(patient) + '.');
  };
  const post = (body) => fetch(ctx.hub.url, { method: 'POST', headers: { authorization: 'Bearer ' + ctx.hub.token, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const event = (name, context) => ({ timestamp: new Date().toISOString(), id: crypto.randomUUID(), event: { 'hub.topic': ctx.hub.topic, 'hub.event': name, context } });
  const syncError = (n, why) => post(event('SyncError', [{ key: 'operationoutcome', resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'processing', diagnostics: why,
    details: { coding: [{ system: SE + '/eventid', code: n.id }, { system: SE + '/eventname', code: n.event['hub.event'] }, { system: SE + '/subscriber', code: ctx.appId }] } }] } }]));
  const onEvent = (socket, n) => {
    const name = String(n.event['hub.event'] || '').toLowerCase();
    const patient = ((n.event.context || []).find((c) => c.key === 'patient') || {}).resource;
    if (name === 'patient-open' || name === 'patient-close') {
      const closing = name === 'patient-close';
      if (dirty && (closing || !current || patient.id !== current.id)) {
        status('Not switched: this referral is not sent yet. Send or clear it, then open the patient again.');
        document.body.dataset.syncError = n.id;
        void syncError(n, 'unsaved referral form');
        return;
      }
      show(closing ? undefined : patient);
      socket.send(JSON.stringify({ id: n.id, status: '200' }));
    } else if (name === 'userlogout') { show(undefined); status('Signed out at the workstation.'); }
    else if (name === 'userhibernate') { status('The workstation is locked.'); }
  };
  const subscribe = async () => {
    const form = new URLSearchParams({ 'hub.channel.type': 'websocket', 'hub.mode': 'subscribe', 'hub.topic': ctx.hub.topic,
      'hub.events': 'Patient-open,Patient-close,SyncError,UserLogout,UserHibernate' });
    const res = await fetch(ctx.hub.url, { method: 'POST', headers: { authorization: 'Bearer ' + ctx.hub.token, 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    if (res.status !== 202) { status('Patient context is not available (' + res.status + ').'); return; }
    const socket = new WebSocket((await res.json())['hub.channel.endpoint']);
    socket.onmessage = (m) => {
      const msg = JSON.parse(m.data);
      if (msg['hub.mode'] === 'subscribe') { tries = 0; document.body.dataset.context = 'connected'; if (!current) status('No patient open.'); return; }
      if (msg['hub.mode'] === 'denied') { document.body.dataset.context = 'ended'; return; }
      if (msg.event) onEvent(socket, msg);
    };
    socket.onclose = (e) => { if (e.code !== 1000 && document.body.dataset.context !== 'ended' && tries++ < 5) setTimeout(() => void subscribe(), 1000); };
  };
  document.addEventListener('click', (e) => {
    const b = e.target.closest && e.target.closest('button.open-patient');
    if (!b || !ctx || !ctx.hub) return;
    const patient = ctx.patients.find((p) => p.id === b.dataset.patient);
    if (dirty) { status('Send or clear this referral before opening another patient.'); return; }
    void post(event('Patient-open', [{ key: 'patient', resource: patient }])).then((r) => { if (r.status !== 202) status('The patient could not be opened (' + r.status + ').'); });
  });
  const form = $('referral-form');
  if (form) {
    $('referral-reason').addEventListener('input', (e) => { dirty = e.target.value.trim() !== ''; });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const li = document.createElement('li'); li.textContent = 'Sent: ' + $('referral-reason').value.trim(); $('patient-items').appendChild(li);
      $('referral-reason').value = ''; dirty = false;
    });
  }
  fetch('/api/context').then((r) => r.json()).then((c) => {
    ctx = c;
    if (!c.hub) { status('Patient context is not offered at this workstation.'); return; }
    return subscribe();
  }).catch((err) => status('Patient context failed: ' + err));
})();`;
