/** Each screen starts with focus on its first control, so keyboard and switch users never have to
 * find their place: `[data-autofocus]` if the screen marks one, else its first enabled control,
 * else its heading (made focusable for this only). */
const CONTROLS = 'button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function focusFirst(root: HTMLElement): void {
  const preferred = root.querySelector<HTMLElement>('[data-autofocus]');
  const target = preferred ?? root.querySelector<HTMLElement>(`main ${CONTROLS}, header ${CONTROLS}`)
    ?? root.querySelector<HTMLElement>(CONTROLS) ?? root.querySelector<HTMLElement>('h1');
  if (!target) return;
  if (target.tagName === 'H1') target.tabIndex = -1;
  target.focus();
}
