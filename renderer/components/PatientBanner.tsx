import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';

/** "14-Mar-1948": the NHS banner's unambiguous date (no day/month mix-up between US and UK styles). */
function bannerDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const month = m ? months[Number(m[2]) - 1] : undefined;
  return m && month ? `${m[3]}-${month}-${m[1]}` : iso;
}

/** The strip above the tabs (part of SHELL_BAR_HEIGHT): the patient every taking-part app is on, with
 * "Close patient", and a warning naming any app that did not follow, so nobody works on the wrong
 * patient unknowingly. Empty while no patient is in context. */
export function PatientBanner({ view, send }: { view: ShellView; send: (c: ShellCommand) => void }) {
  const p = view.patient;
  const warning = view.contextWarning;
  return (
    <section className={p ? 'patient-strip has-patient' : 'patient-strip'} aria-label="Patient in context" data-testid="patient-banner">
      {p ? (
        <>
          <span className="patient-name" data-testid="patient-name">{p.name}</span>
          {p.nhsNumber && <span className="patient-field">NHS No. <strong data-testid="patient-nhs">{p.nhsNumber}</strong></span>}
          {p.nhsNumberInvalid && <span className="patient-field invalid" role="alert">NHS number fails its check: confirm the patient&apos;s identity</span>}
          {p.birthDate && (
            <span className="patient-field">Born <strong data-testid="patient-dob">{bannerDate(p.birthDate)}</strong>{p.age !== undefined && <> ({p.age} y)</>}</span>
          )}
          <button type="button" className="secondary close-patient" onClick={() => send({ type: 'close-patient' })}>Close patient</button>
        </>
      ) : (
        <span className="patient-none">No patient selected</span>
      )}
      {warning && warning.apps.length > 0 && (
        <span className="context-warning" role="alert" data-testid="context-warning">
          {warning.apps.join(', ')} did not follow{warning.patientName ? ` to ${warning.patientName}` : ''}: {warning.apps.length > 1 ? 'they' : 'it'} may show another patient
        </span>
      )}
    </section>
  );
}
