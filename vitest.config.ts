import { defineConfig } from "vitest/config";

/** Files that replace modules (vi.mock): they need a module graph of their own, so they run isolated. */
const mocking = ["test/plans/worker-readers.test.ts", "test/documents/worker-stub.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Most test time is spent waiting on databases and loopback HTTP, not CPU: three files at once on a
    // 2-core machine cut the suite from about 6 to under 4 minutes.
    maxWorkers: 3,
    reporters: ["default"],
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          include: ["test/**/*.test.ts"],
          exclude: mocking,
          // A worker runs file after file in one module graph: PGlite's WebAssembly is compiled and warmed up
          // once a worker instead of once a file, which more than halves the suite's time. Every file still
          // gets a database of its own (test/helpers/db.ts) and closes what it opens.
          isolate: false,
          // The migrated database every test database is copied from, made once a run; a directory for the run.
          globalSetup: ["test/helpers/db-template.ts", "test/helpers/run-dir.ts"],
        },
      },
      { extends: true, test: { name: "isolated", include: mocking } },
    ],
  },
});
