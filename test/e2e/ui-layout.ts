/**
 * Layout checks of the shell page as a person at the PC would meet it: every control on screen (at
 * 1366x768 without scrolling; at 200 % zoom reachable by vertical scrolling only), no control under
 * another (the topmost element at a control's centre is that control) and no two controls
 * overlapping, no text cut short (a box whose text overflows it, or a box cut by an ancestor that hides
 * overflow: tabs, offers and messages included). 200 % zoom on a 1366x768 screen is a 683x384
 * CSS-pixel viewport at scale 2.
 */
import type { Page } from 'playwright-core';

export const FULL = { width: 1366, height: 768 } as const;
export const ZOOM_200 = { width: 683, height: 384 } as const;

export interface LayoutProblem { control: string; problem: string }

/** Runs in the page: a plain function with no helpers, so the TypeScript loader adds nothing. */
function inspect(args: { mustFit: boolean }): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const doc = document.documentElement;
  const vw = doc.clientWidth; const vh = doc.clientHeight;
  if (doc.scrollWidth > vw + 1) problems.push({ control: 'page', problem: `scrolls sideways (${doc.scrollWidth} px wide in ${vw})` });
  if (args.mustFit && doc.scrollHeight > vh + 1) problems.push({ control: 'page', problem: `needs scrolling (${doc.scrollHeight} px tall in ${vh})` });
  const controls = [...document.querySelectorAll<HTMLElement>('button, input, summary, a[href], [role=tab]')]
    .filter((el) => el.getClientRects().length > 0 && !el.closest('.visually-hidden'));
  // (No named inner functions: the TypeScript loader would wrap them in a helper the page lacks.)
  const rects = controls.map((el) => {
    const r = el.getBoundingClientRect();
    const label = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    return { el, label, left: r.left + window.scrollX, top: r.top + window.scrollY, right: r.right + window.scrollX, bottom: r.bottom + window.scrollY };
  });
  // Boxes of text a person must read whole: each is checked like a control for being on screen and
  // cut by an ancestor, and its own text must not overflow it (CSS ellipsis and clipping included).
  const texts = [...document.querySelectorAll<HTMLElement>('.offer, .offer > span, .message, .who .user, .role-label, .idle-warning')]
    .filter((el) => el.getClientRects().length > 0 && !el.closest('.visually-hidden'))
    .map((el) => {
      const r = el.getBoundingClientRect();
      const label = `${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) {
        problems.push({ control: label, problem: `text cut short (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})` });
      }
      return { el, label, left: r.left + window.scrollX, top: r.top + window.scrollY, right: r.right + window.scrollX, bottom: r.bottom + window.scrollY };
    });
  for (const { el, label, left: l, top: t, right: r, bottom: b } of [...rects, ...texts]) {
    const limitH = args.mustFit ? vh : doc.scrollHeight;
    if (l < -0.5 || t < -0.5 || r > vw + 0.5 || b > limitH + 0.5) problems.push({ control: label, problem: `off-screen at ${Math.round(l)},${Math.round(t)}–${Math.round(r)},${Math.round(b)}` });
    // Clipped by an ancestor that hides or scrolls its overflow (a tab strip too: a tab scrolled
    // out of sight is one a person cannot see).
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const pr = p.getBoundingClientRect();
      const er = el.getBoundingClientRect();
      if (er.left < pr.left - 0.5 || er.right > pr.right + 0.5 || er.top < pr.top - 0.5 || er.bottom > pr.bottom + 0.5) {
        problems.push({ control: label, problem: `cut off by ${p.className || p.tagName}` });
      }
      break;
    }
  }
  const shown = rects;
  for (let i = 0; i < shown.length; i++) {
    for (let j = i + 1; j < shown.length; j++) {
      const a = shown[i]!; const b = shown[j]!;
      if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) problems.push({ control: a.label, problem: `overlaps ${b.label}` });
    }
  }
  // Nothing drawn over a control: the topmost element at its centre is the control (or inside it).
  for (const { el, label } of rects) {
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    if (top && top !== el && !el.contains(top)) problems.push({ control: label, problem: `covered by ${top.tagName.toLowerCase()}.${(top as HTMLElement).className}` });
  }
  window.scrollTo(0, 0);
  return problems;
}

export async function layoutProblems(page: Page, mustFit: boolean): Promise<LayoutProblem[]> {
  return page.evaluate(inspect, { mustFit });
}
