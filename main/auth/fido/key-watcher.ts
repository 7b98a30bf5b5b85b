/**
 * FIDO keys arriving and leaving, as the lock screen needs them: keys already present are
 * reported as arrivals first (as card readers report cards already inserted).
 */
import type { HidDeviceInfo, HidTransport } from '../../core/ports/hid-transport.js';

export type FidoKeyEvent = { type: 'key-inserted' | 'key-removed'; device: HidDeviceInfo };

export function watchFidoKeys(transport: HidTransport, listener: (event: FidoKeyEvent) => void): () => void {
  const present = new Set<string>();
  let stopped = false;
  const emit = (type: FidoKeyEvent['type'], device: HidDeviceInfo) => {
    if (stopped) return;
    if (type === 'key-inserted' ? present.has(device.path) : !present.has(device.path)) return;
    if (type === 'key-inserted') present.add(device.path);
    else present.delete(device.path);
    listener({ type, device });
  };
  const unsubscribe = transport.subscribe((e) => emit(e.type === 'added' ? 'key-inserted' : 'key-removed', e.device));
  void transport.list().then((devices) => devices.forEach((d) => emit('key-inserted', d)), () => undefined);
  return () => {
    stopped = true;
    unsubscribe();
  };
}
