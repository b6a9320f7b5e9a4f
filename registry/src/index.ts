/**
 * @dqcv/registry on Node: `createRegistry` (SQLite and the data directory) and everything the
 * runtime-neutral entry (`@dqcv/registry/app`) exports.
 */
export { createRegistry, type CreateRegistryOptions, type NodeRegistry } from './node/registry';
export { openSqliteStorage } from './node/sqlite';
export * from './app';
