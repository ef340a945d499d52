import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Integration tests share one index of ../shared/corpus built once per run (embedding is the slow part).
    globalSetup: ["tests/global-setup.ts"],
    // Generous: integration tests start real CLIs and servers on 2 shared cores.
    testTimeout: 180_000,
    hookTimeout: 600_000,
    pool: "forks",
  },
});
