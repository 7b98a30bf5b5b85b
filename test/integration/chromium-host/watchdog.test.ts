/**
 * The browser never outlives Lanyard: kill -9 the Node process that owns a ChromiumHost and every
 * process of each of its Chromium processes (the shell's and a user partition's) is gone within a
 * bounded time, and their profile folders with them. The test holds the read end of the pipe
 * Chromium writes its DevTools answers to (opened through /proc), so the browser's death is an
 * event (end of file), not a guess; its renderers, killed with it, are then checked to be gone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { once } from 'node:events';

interface Proc { pid: number; state: string; ppid: number; pgrp: number; cmdline: string }

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state = '', ppid = '', pgrp = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ pid: Number(entry), state, ppid: Number(ppid), pgrp: Number(pgrp), cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8') });
    } catch { /* exited while listed */ }
  }
  return out;
}

/** Waits (at most `seconds`) for every one of `pids` to exit; resolves with those still running. */
const WAIT_FOR_EXIT = `
import os, select, sys, time
deadline = time.monotonic() + float(sys.argv[1])
fds = {}
for pid in map(int, sys.argv[2:]):
    try:
        fds[os.pidfd_open(pid)] = pid
    except ProcessLookupError:
        pass
while fds and time.monotonic() < deadline:
    ready, _, _ = select.select(list(fds), [], [], deadline - time.monotonic())
    for fd in ready:
        fds.pop(fd)
print(" ".join(str(pid) for pid in fds.values()))
`;

async function waitForExit(pids: number[], seconds: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', WAIT_FOR_EXIT, String(seconds), ...pids.map(String)]);
  return stdout.trim().split(' ').filter(Boolean).map(Number);
}

/** Living members of a process group (zombies are dead, only not yet reaped). */
const alive = (pgrp: number) => processes().filter((p) => p.pgrp === pgrp && p.state !== 'Z' && p.state !== 'X');

test('kill -9 of the process that owns the host takes its Chromium down with it', { timeout: 60_000 }, async () => {
  let group: number[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/chromium-host/host-child.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
      child.once('exit', (code) => reject(new Error(`host child exited early (${code})`)));
    });
    await ready;
    // The shell's Chromium, the user partition's and the spare one the host starts ahead for the next
    // user (which may still be starting: wait, bounded, until each has its watchdog).
    const guarded = () => {
      const browsers = processes().filter((p) => p.ppid === child.pid && p.cmdline.includes('--remote-debugging-pipe'));
      const profiles = browsers.map((b) => /--user-data-dir=([^\0 ]+)/.exec(b.cmdline)?.[1] ?? '');
      const watchdogs = processes().filter((p) => p.cmdline.includes('lanyard-browser-watchdog') && profiles.some((d) => p.cmdline.includes(d))).map((p) => p.pid);
      return { browsers, profiles, watchdogs };
    };
    let seen = guarded();
    for (let i = 0; i < 200 && (seen.browsers.length < 3 || seen.watchdogs.length !== seen.browsers.length); i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = guarded();
    }
    const { browsers, profiles, watchdogs } = seen;
    assert.ok(browsers.length >= 2, `the host child started the shell's and a partition's Chromium (${browsers.length})`);
    assert.equal(watchdogs.length, browsers.length, 'each Chromium process has its watchdog');
    for (const dir of profiles) assert.ok(existsSync(dir), `profile folder ${dir}`);
    for (const browser of browsers) assert.ok(alive(browser.pgrp).length > 1, 'Chromium runs with its helper processes');
    group = browsers.flatMap((b) => alive(b.pgrp).map((p) => p.pid));
    for (const browser of browsers) process.kill(browser.pid, 'SIGSTOP');
    process.kill(child.pid!, 'SIGKILL');
    await once(child, 'exit');
    assert.deepEqual(await waitForExit(group, 10), [], 'no Chromium process outlived Lanyard by 10 s');
    assert.deepEqual(await waitForExit(watchdogs, 10), [], 'the watchdogs finished');
    for (const dir of profiles) assert.ok(!existsSync(dir), `the profile folder ${dir} (cookies, storage) is deleted`);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const pid of group) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone, as it should be */ }
    }
  }
});
