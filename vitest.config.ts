import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['bridge/**/*.test.ts', 'test/repo/**/*.test.ts'],
        },
      },
      {
        test: {
          // Integration suites and browser journeys share one project so that a run starts Keycloak once.
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          pool: 'forks',
          // One Keycloak serves the whole run; test files isolate themselves by realm, one file at a time.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
