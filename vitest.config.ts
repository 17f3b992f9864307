import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: test files that start servers and databases run a few at a time.
    maxWorkers: 2,
    minWorkers: 1
  }
})
