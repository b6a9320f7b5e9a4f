/** The one member of workerd's built-in module that setup.ts uses (no workers-types installed). */
declare module 'cloudflare:workers' {
  /** The bindings of the Worker the tests run in. */
  export const env: Record<string, unknown>;
}
