/**
 * Loads electron-builder.yml and electron-builder's own validation, resolved from app-builder-lib
 * itself so the test checks against exactly what a real `electron-builder` build would run.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const fromRoot = createRequire(path.join(ROOT, 'package.json'));
const builderLibDir = path.resolve(path.dirname(fromRoot.resolve('app-builder-lib')), '..');
const fromBuilderLib = createRequire(path.join(builderLibDir, 'package.json'));

export type BuilderConfig = Record<string, unknown>;

interface JsYaml { load(text: string): unknown }
interface ConfigModule { validateConfiguration(config: BuilderConfig, debug: unknown): Promise<void> }
interface DebugLoggerCtor { new (isEnabled: boolean): unknown }
interface FusesModule { FuseV1Options: Record<string, string | number> }

export function loadBuilderConfig(file = path.join(ROOT, 'electron-builder.yml')): BuilderConfig {
  const yaml = fromBuilderLib('js-yaml') as JsYaml;
  const loaded = yaml.load(readFileSync(file, 'utf8'));
  if (typeof loaded !== 'object' || loaded === null) throw new Error(`${file} is not a YAML mapping`);
  return loaded as BuilderConfig;
}

/** electron-builder's validateConfiguration (schema + deprecations): throws InvalidConfigurationError. */
export async function validateBuilderConfig(config: BuilderConfig): Promise<void> {
  const { validateConfiguration } = fromBuilderLib(path.join(builderLibDir, 'out/util/config/config.js')) as ConfigModule;
  const { DebugLogger } = fromBuilderLib('builder-util') as { DebugLogger: DebugLoggerCtor };
  // The validator may normalise the object it is given: hand it a copy.
  await validateConfiguration(structuredClone(config), new DebugLogger(false));
}

/** Config keys of every fuse the @electron/fuses that electron-builder uses knows (RunAsNode -> runAsNode). */
export function knownFuseKeys(): string[] {
  const { FuseV1Options } = fromBuilderLib('@electron/fuses') as FusesModule;
  return Object.keys(FuseV1Options)
    .filter((name) => Number.isNaN(Number(name))) // numeric enums map both ways
    .map((name) => name.charAt(0).toLowerCase() + name.slice(1));
}

/** Fuses the config leaves undecided (absent or not a boolean). */
export function undecidedFuses(config: BuilderConfig, fuseKeys: readonly string[]): string[] {
  const fuses = config['electronFuses'];
  const decided = typeof fuses === 'object' && fuses !== null ? fuses as Record<string, unknown> : {};
  return fuseKeys.filter((key) => typeof decided[key] !== 'boolean');
}
