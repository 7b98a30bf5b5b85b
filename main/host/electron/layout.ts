/** Layout maths for app views: they fill the window's content area below the shell's top bar. */
import { SHELL_BAR_HEIGHT } from '../../core/shell-view.js';

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
