/**
 * The browser never outlives Lanyard. Playwright kills Chromium from Node's 'exit' handler, which
 * never runs when Node is killed (SIGKILL, OOM killer, a crash in native code); Chromium then kept
 * running with no guard, lock or idle timer. So a tiny watchdog process holds the read end of a
 * pipe whose write end only Lanyard's process holds: when that process dies, however it dies, the
 * kernel closes the pipe, the watchdog reads end-of-file and kills Chromium's whole process group
 * (Playwright starts Chromium as a session leader, so its renderers share its group). The watchdog
 * is its own session, so a signal to Lanyard's process group does not take it down first.
 * Each Chromium process (the shell's, and one per user partition) has its own watchdog, which also
 * deletes that process's profile folder once the process is gone, so no user's cookies stay on disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { ChromiumHostError } from './errors.js';

/** sh: wait for end-of-file on stdin, kill the group (or the process when it leads none), wait until
 * it is gone (at most 5 s: zombies nobody reaps still answer kill -0), then delete its profile folder if
 * it has one. */
const WATCH = 'read -r _; kill -KILL "$1" 2>/dev/null; i=0; while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done; [ -n "$2" ] && rm -rf -- "$2"; exit 0'; // dash's kill takes no "--"

export class BrowserWatchdog {
  private constructor(private readonly child: ChildProcess, readonly browserPid: number) {}

  /** Finds the Chromium process this Node process started with `marker` on its command line and
   * puts it under a watchdog; `profileDir`, if given, is deleted once that process is gone. Throws
   * BROWSER_UNGUARDED when it cannot. */
  static async arm(marker: string, profileDir = ''): Promise<BrowserWatchdog> {
    const browser = await findChild(marker);
    if (!browser) throw new ChromiumHostError('BROWSER_UNGUARDED', 'the Chromium process was not found, so it cannot be tied to Lanyard\'s life');
    const target = browser.leadsGroup ? `-${browser.pid}` : String(browser.pid);
    const child = spawn('/bin/sh', ['-c', WATCH, 'lanyard-browser-watchdog', target, profileDir], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (cause) => reject(new ChromiumHostError('BROWSER_UNGUARDED', 'the browser watchdog did not start', { cause })));
    });
    // Neither the watchdog nor its pipe keeps Lanyard alive; the pipe only has to be open while it lives.
    child.unref();
    child.stdin?.on('error', () => undefined);
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    return new BrowserWatchdog(child, browser.pid);
  }

  /** After an orderly close: the browser is gone, so the watchdog goes too (no kill to a reused pid). */
  disarm(): void {
    this.child.kill('SIGKILL');
  }
}

async function findChild(marker: string): Promise<{ pid: number; leadsGroup: boolean } | undefined> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which may hold spaces): state ppid pgrp ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) !== process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    // Substring: Chromium may rewrite its command line into one space-separated string.
    if (!cmdline.includes(marker)) continue;
    const pid = Number(entry);
    return { pid, leadsGroup: Number(fields[2]) === pid };
  }
  return undefined;
}
