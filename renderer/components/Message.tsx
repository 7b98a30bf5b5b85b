import { useEffect, useRef } from 'react';
import type { ShellCommand, ShellMessage } from '../../main/core/shell-view.js';

/** How long an info message under the bar stays before it goes by itself (warnings and errors stay
 * until dismissed): long enough to read twice. */
export const INFO_MESSAGE_MS = 8000;

/** Spoken by screen readers as it appears; errors interrupt, the rest waits its turn. */
export function Message({ message }: { message: ShellMessage }) {
  return (
    <div className={`message message-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}
      aria-live={message.kind === 'error' ? 'assertive' : 'polite'}>
      {message.text}
    </div>
  );
}

/** A message on the active screen, under the bar and over the top of the app: it has a Dismiss button
 * (a tab stop, so the keyboard reaches it), and an info message goes by itself after INFO_MESSAGE_MS.
 * Either way main drops it, and the host gives the app area back up to the bar. */
export function BarMessage({ message, send }: { message: ShellMessage; send: (c: ShellCommand) => void }) {
  // The timer runs from when this message appeared, not from the last view (views arrive all the time).
  const latest = useRef(send);
  latest.current = send;
  useEffect(() => {
    if (message.kind !== 'info') return;
    const timer = setTimeout(() => latest.current({ type: 'dismiss-message', text: message.text }), INFO_MESSAGE_MS);
    return () => clearTimeout(timer);
  }, [message.kind, message.text]);
  return (
    <div className="bar-message">
      <div className={`message message-${message.kind}`}>
        <span role={message.kind === 'error' ? 'alert' : 'status'} aria-live={message.kind === 'error' ? 'assertive' : 'polite'}>{message.text}</span>
        <button type="button" className="dismiss" onClick={() => send({ type: 'dismiss-message', text: message.text })}>Dismiss</button>
      </div>
    </div>
  );
}
