// Module hook: resolves the bare specifier 'electron' to the fake beside this file (tests only).
const FAKE = new URL('./electron.ts', import.meta.url).href;
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: FAKE, shortCircuit: true };
  return next(specifier, context);
}
