import { defineConfig } from "vitest/config";

const engines = ["pglite", ...(process.env.TEST_DATABASE_URL ? ["postgres"] : [])];

export default defineConfig({
  test: {
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    testTimeout: 30_000,
    // Vitest's default is one worker on two cores; most test time is spent waiting on servers,
    // browsers and child processes, so two files at a time take about a third less time.
    maxWorkers: 2,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true as const,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts", "web/test/**/*.test.ts"],
          pool: "threads",
        },
      },
      ...engines.map((engine) => ({
        extends: true as const,
        test: {
          name: `integration:${engine}`,
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          env: { TEST_ENGINE: engine },
          pool: "forks" as const,
          // The files share no module state (no mocks, no singletons): reusing a fork's module
          // cache saves importing the app again for every file.
          isolate: false,
        },
      })),
      {
        extends: true as const,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          env: { TEST_ENGINE: "pglite" },
          pool: "forks" as const,
          fileParallelism: false,
        },
      },
    ],
  },
});
