import type { ShellMessage } from '../../main/core/shell-view.js';

/** Spoken by screen readers as it appears; errors interrupt, the rest waits its turn. */
export function Message({ message }: { message: ShellMessage }) {
  return (
    <div className={`message message-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}
      aria-live={message.kind === 'error' ? 'assertive' : 'polite'}>
      {message.text}
    </div>
  );
}
