import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The migrated database every test database is copied from, made once a run.
    globalSetup: ["test/helpers/db-template.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most test time is spent waiting on databases and loopback HTTP, not CPU: three files at once on a
    // 2-core machine cut the suite from about 6 to under 4 minutes.
    maxWorkers: 3,
    reporters: ["default"],
  },
});
