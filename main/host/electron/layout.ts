/** Layout maths for app views: they fill the window's content area below the shell's top bar. */
import { MESSAGE_ROW_HEIGHT, SHELL_BAR_HEIGHT, barRowsChanged, hasMessageRow, viewTopHeight, type ShellView } from '../../core/shell-view.js';

export interface Size {
  width: number;
  height: number;
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bounds of an app view inside a window whose content area is `content` (DIPs). Never negative,
 * always whole pixels (Electron rejects fractional bounds on some platforms). */
export function appViewBounds(content: Size, barHeight: number = SHELL_BAR_HEIGHT): Bounds {
  const width = Math.max(0, Math.floor(content.width));
  const top = Math.min(Math.max(0, Math.floor(barHeight)), Math.max(0, Math.floor(content.height)));
  const height = Math.max(0, Math.floor(content.height) - top);
  return { x: 0, y: top, width, height };
}

/** The app view's bounds for what `view` shows above the app: the bar, its rows and a message (here
 * a message pushes the app down: the view is drawn over the shell page and would hide it). */
export function appViewBoundsFor(content: Size, view: ShellView | undefined): Bounds {
  return appViewBounds(content, viewTopHeight(content.width, view) + (hasMessageRow(view) ? MESSAGE_ROW_HEIGHT : 0));
}

/** Whether the app view must move between two views (a row or a message came or went). */
export function appAreaMoved(a: ShellView | undefined, b: ShellView | undefined): boolean {
  return barRowsChanged(a, b) || hasMessageRow(a) !== hasMessageRow(b);
}
