/**
 * Reads the verifier configuration on Node: the JSON file named by DQCV_CONFIG (optional), with
 * every `{ "file": "path" }` replaced by that file's text (paths relative to the config file),
 * then validated and overridden from the environment by `parseConfig`.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, parseConfig, type VerifierConfig } from '../config';

/**
 * Loads the configuration, failing fast with a clear message.
 *
 * @example
 * const config = loadConfigFile(process.env); // DQCV_CONFIG=/etc/dqcv/verifier.json
 */
export function loadConfigFile(
  env: Record<string, string | undefined>,
  base: Record<string, unknown> = {},
): VerifierConfig {
  const path = env.DQCV_CONFIG;
  if (path === undefined || path === '') return parseConfig(base, env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`DQCV_CONFIG: cannot read ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`DQCV_CONFIG: ${path} is not JSON: ${(err as Error).message}`);
  }
  const inlined = inlineFiles(json, dirname(resolve(path)));
  return parseConfig({ ...base, ...(inlined as Record<string, unknown>) }, env);
}

/** Replaces every `{ "file": "…" }` object with the file's text. */
function inlineFiles(value: unknown, dir: string): unknown {
  if (Array.isArray(value)) return value.map((v) => inlineFiles(v, dir));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'file') {
    const file = (value as { file: unknown }).file;
    if (typeof file !== 'string') throw new ConfigError('a "file" reference must be a path string');
    try {
      return readFileSync(resolve(dir, file), 'utf8');
    } catch (err) {
      throw new ConfigError(`cannot read ${file}: ${(err as Error).message}`);
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inlineFiles(v, dir)]));
}
