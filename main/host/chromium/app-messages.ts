/** What the Chromium host does with a message from an app tab's bridge (activity, lock, F6, manual
 * login), split out of chromium-host.ts. */
import type { Page } from 'playwright-core';
import type { AppEvent, ShellCommandHandler } from '../../core/ports/host.js';
import type { Log } from '../../core/ports/log.js';
import { isUrlInOrigins, originForLog } from '../electron/origins.js';
import { parseManualLoginReport } from '../electron/tab-protocol.js';
import type { BridgeMessage } from './app-bridge.js';
import type { AppTab } from './app-tab.js';

export interface AppMessagesDeps {
  /** The host's options (the same object): the log. */
  options: { log: Log };
  emit(event: AppEvent): void;
  command(): ShellCommandHandler | undefined;
  visible(): AppTab | undefined;
  shell(): Page | undefined;
}

export class AppMessages {
  constructor(private readonly deps: AppMessagesDeps) {}

  /** From the tab's top frame, or a lock or F6 key from one of its iframes (tab-session.ts checked), on the origin Chromium gives its document. */
  bridge(tab: AppTab, message: BridgeMessage, origin: string): void {
    if (message.kind === 'activity') return this.deps.emit({ type: 'activity', partition: tab.partition });
    // Locking is always safe to honour, from any tab; focus moves only from the app on screen.
    if (message.kind === 'lock') return void this.deps.command()?.({ type: 'lock' }).catch((error: unknown) => this.deps.options.log.warn('lock from an app tab failed', { error: String(error) }));
    if (message.kind === 'focus-shell') {
      if (this.deps.visible() === tab) void this.focusShell();
      return;
    }
    const report = parseManualLoginReport(message.report);
    if (!report || !isUrlInOrigins(origin, tab.app.allowedOrigins)) {
      this.deps.options.log.warn('manual-login report refused', { app: tab.app.id, origin: originForLog(origin) });
      return;
    }
    this.deps.emit({ type: 'manual-login', partition: tab.partition, appId: tab.app.id, origin, ...report });
  }

  /** F6 from the app: the shell's window gets focus, on its selected app tab (its first control). */
  private async focusShell(): Promise<void> {
    const shell = this.deps.shell();
    if (!shell) return;
    await shell.bringToFront().catch(() => undefined);
    await shell.evaluate(() => {
      const target = document.querySelector<HTMLElement>('[role=tab][tabindex="0"]') ?? document.querySelector<HTMLElement>('button');
      target?.focus();
    }).catch(() => undefined);
  }
}
