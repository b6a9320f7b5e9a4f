import { defineConfig } from 'vitest/config';

// One Vitest run covers every package; each package has its own vitest.config.ts and its
// tests in its own test/ folder.
export default defineConfig({
  test: {
    projects: ['shared-cose', 'registry', 'verifier-api', 'issuer', 'server', 'scanner-pwa'],
  },
});
