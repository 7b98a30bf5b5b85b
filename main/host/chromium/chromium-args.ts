/**
 * Command line for system Chromium. Renderers keep Chromium's sandbox unless Lanyard runs as root,
 * where Chromium refuses to start sandboxed (the build and CI machines run as root): then, and only
 * then, `--no-sandbox` is passed and the host says so in its log at start-up (with `--test-type`, which
 * keeps Chromium's "unsupported command-line flag" bar off the top of every app window).
 */
const BASE_ARGS = [
  '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic', '--disable-features=Translate,MediaRouter',
];

export interface ChromiumCommandLine {
  args: string[];
  /** False when renderers run without Chromium's sandbox (root only). */
  sandboxed: boolean;
}

/** `uid`: the effective user id Lanyard runs as (undefined where the OS has none, e.g. Windows). */
export function chromiumCommandLine(uid: number | undefined): ChromiumCommandLine {
  const sandboxed = uid !== 0;
  return { args: sandboxed ? [...BASE_ARGS] : ['--no-sandbox', '--test-type', ...BASE_ARGS], sandboxed };
}
