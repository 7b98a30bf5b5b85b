/** When Lanyard must not run (no policy on an installed PC, a policy that cannot be read or is not
 * valid), the shell window says so instead of staying black, and nothing else starts. */
import type { Host } from '../core/ports/host.js';
import type { PolicyFailure } from '../policy/resolve.js';

export async function showRefusal(host: Host, failure: PolicyFailure): Promise<void> {
  await host.openShell(async () => undefined);
  host.render({
    screen: 'fatal', stationName: 'Lanyard', suspended: [], tabs: [], methods: [], cardService: 'ok',
    fatal: { reason: failure.kind === 'not-set-up' ? 'not-set-up' : 'settings' },
    message: { kind: failure.kind === 'not-set-up' ? 'info' : 'error', text: failure.message },
  });
}
