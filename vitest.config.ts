import { defineConfig } from "vitest/config"

// `.ci/run` asks for a machine-readable report too, to print its "N passed, N failed" line.
const jsonReport = process.env.VITEST_JSON_REPORT

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: test files that start servers and databases run two at a time.
    maxWorkers: 2,
    minWorkers: 1,
    reporters: jsonReport === undefined ? ["default"] : ["default", ["json", { outputFile: jsonReport }]]
  }
})
