import type { ShellCommand, ShellView } from '../../main/core/shell-view.js';
import type { TextSize } from '../../main/core/ports/preferences.js';
import { SET_BY_ORGANISATION } from '../preferences.js';

const SIZES: { value: TextSize; label: string }[] = [{ value: 'normal', label: 'Normal' }, { value: 'large', label: 'Large' }, { value: 'larger', label: 'Larger' }];

/** Display settings, in their own row under the bar while open (the hosts keep the app below it,
 * so it never sits under an app): text size, high contrast, and moving the current tab. What policy fixes is disabled and
 * says "set by your organisation"; main refuses it too. */
export function DisplaySettings({ preferences, activeTab, send, close }: {
  preferences: NonNullable<ShellView['preferences']>; activeTab: ShellView['tabs'][number] | undefined;
  send: (c: ShellCommand) => void; close: () => void;
}) {
  const fixed = (name: 'textSize' | 'highContrast' | 'tabOrder') => preferences.fixed.includes(name);
  const note = (name: 'textSize' | 'highContrast' | 'tabOrder') =>
    fixed(name) ? <span className="fixed-note" id={`fixed-${name}`} data-testid={`fixed-${name}`}>{SET_BY_ORGANISATION}</span> : null;
  const described = (name: 'textSize' | 'highContrast' | 'tabOrder') => (fixed(name) ? { 'aria-describedby': `fixed-${name}` } : {});
  return (
    <div className="display-settings" role="group" aria-label="Display settings" data-testid="display-settings">
      <div className="setting" role="radiogroup" aria-label="Text size" {...described('textSize')}>
        <span aria-hidden="true">Text</span>
        {SIZES.map((s) => (
          <button type="button" role="radio" key={s.value} aria-checked={preferences.textSize === s.value} disabled={fixed('textSize')}
            className={preferences.textSize === s.value ? 'choice chosen' : 'choice'} data-text-size={s.value}
            {...(preferences.textSize === s.value ? { 'data-autofocus': true } : {})}
            onClick={() => send({ type: 'set-preference', name: 'textSize', value: s.value })}>{s.label}</button>
        ))}
        {note('textSize')}
      </div>
      <div className="setting">
        <button type="button" className="choice" aria-pressed={preferences.highContrast} disabled={fixed('highContrast')} data-testid="high-contrast"
          {...described('highContrast')} onClick={() => send({ type: 'set-preference', name: 'highContrast', value: !preferences.highContrast })}>
          High contrast {preferences.highContrast ? 'on' : 'off'}
        </button>
        {note('highContrast')}
      </div>
      {activeTab && (
        <div className="setting" role="group" aria-label={`Move the ${activeTab.name} tab`} {...described('tabOrder')}>
          <button type="button" className="choice" disabled={fixed('tabOrder')} aria-keyshortcuts="Control+Shift+ArrowLeft" title="Or Ctrl+Shift+Left on a tab"
            onClick={() => send({ type: 'set-preference', name: 'tabOrder', appId: activeTab.id, move: 'left' })}>Move tab left</button>
          <button type="button" className="choice" disabled={fixed('tabOrder')} aria-keyshortcuts="Control+Shift+ArrowRight" title="Or Ctrl+Shift+Right on a tab"
            onClick={() => send({ type: 'set-preference', name: 'tabOrder', appId: activeTab.id, move: 'right' })}>Move tab right</button>
          {note('tabOrder')}
        </div>
      )}
      <button type="button" className="secondary" onClick={close}>Done</button>
    </div>
  );
}
