// `npm start`: Lanyard in Electron when Electron's binary is installed, otherwise the same shell on
// system Chromium (ARCHITECTURE.md "Host"). With no display it runs in a virtual one (Xvfb), so
// the window is real either way; pass --headless for none at all.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const checkingPolicy = args.some((a) => a === '--check-policy' || a.startsWith('--check-policy='));
// From a checkout `npm start` is the demo unless a policy is given: a packaged Lanyard never is.
const givesPolicy = args.some((a) => a === '--policy' || a.startsWith('--policy='));
const launchArgs = checkingPolicy || givesPolicy || args.includes('--demo') ? args : ['--demo', ...args];

function electronBinary() {
  const pathFile = join('node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join('node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function run(cmd, cmdArgs) {
  const result = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function exec(cmd, cmdArgs) {
  const child = spawn(cmd, cmdArgs, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const electron = checkingPolicy ? null : electronBinary();
if (!checkingPolicy) run(process.execPath, ['scripts/bundle.mjs']);
if (electron) {
  run('npx', ['tsc', '-p', 'tsconfig.build.json']);
  exec(electron, ['.', ...launchArgs]);
} else {
  const node = [process.execPath, '--import', 'tsx', 'main/cli.ts', ...launchArgs];
  const wantsWindow = !checkingPolicy && !args.includes('--headless');
  if (wantsWindow && !process.env.DISPLAY && existsSync('/usr/bin/xvfb-run')) {
    console.error('lanyard: no display found, so the window opens in a virtual display (Xvfb). Use --headless for none.');
    exec('xvfb-run', ['-a', '-s', '-screen 0 1366x768x24', ...node]);
  } else {
    if (!electron && !checkingPolicy) console.error('lanyard: Electron binary not installed: running the shell on system Chromium.');
    exec(node[0], node.slice(1));
  }
}
