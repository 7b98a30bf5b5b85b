/** The signed-in user's display preferences applied to the whole shell page as classes on <html>
 * (renderer/styles.css: text-large, text-larger, high-contrast). Used by the screens that belong
 * to a known user (role picker, top bar); when they go (lock, log out) the classes go with them,
 * so the lock screen is always the station's own. */
import { useEffect } from 'react';
import type { ShellView } from '../main/core/shell-view.js';

export function useDisplayPreferences(preferences: ShellView['preferences']): void {
  const textSize = preferences?.textSize ?? 'normal';
  const highContrast = preferences?.highContrast ?? false;
  useEffect(() => {
    const root = document.documentElement.classList;
    const classes = [...(textSize === 'normal' ? [] : [`text-${textSize}`]), ...(highContrast ? ['high-contrast'] : [])];
    root.add(...classes);
    return () => root.remove(...classes);
  }, [textSize, highContrast]);
}

/** The note a control that policy fixes carries. */
export const SET_BY_ORGANISATION = 'set by your organisation';
