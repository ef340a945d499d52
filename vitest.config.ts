import { defineConfig } from "vitest/config";

/**
 * Two projects: unit tests (fakes, in-memory indexes) run in seconds with no set-up; integration tests go
 * through the real libraries and share indexes built once per run by the global set-up (embedding the
 * corpus is the slow part). `vitest run --project unit` runs the units alone.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/**/*.int.test.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/**/*.int.test.ts"],
          globalSetup: ["tests/global-setup.ts"],
          // Generous: integration tests start real CLIs and servers on 2 shared cores.
          testTimeout: 180_000,
          hookTimeout: 600_000,
          pool: "forks",
        },
      },
    ],
  },
});
