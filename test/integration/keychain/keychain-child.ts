/** A second process for the integration tests, with its own keytar: proves entries really live in
 * the OS keychain and not in the test's memory. Prints one JSON line, then exits explicitly (a
 * keytar call stuck on D-Bus would otherwise keep the process alive).
 *   probe TIMEOUT_MS | get SERVICE ACCOUNT | accounts SERVICE */
import { KeytarKeychain } from '../../../main/identity/keychain/keytar-keychain.js';
import { probeKeychain } from '../../../main/identity/keychain/probe.js';

const [command, a = '', b = ''] = process.argv.slice(2);
const keychain = new KeytarKeychain();
const result =
  command === 'probe' ? await probeKeychain(keychain, { timeoutMs: Number(a) })
  : command === 'get' ? await keychain.get(a, b)
  : command === 'accounts' ? await keychain.accounts(a)
  : { error: `unknown command ${command}` };
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
