import { defineConfig } from "vitest/config";

/**
 * One vitest run for the whole monorepo. Tests live beside their package in
 * `packages/<name>/test/` (and `examples/<name>/test/`) and import packages by name,
 * so they exercise the built `dist/` that users get; `npm test` builds first.
 */
export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    globalSetup: ["./test-support/browser-setup.ts"],
    reporters: ["default", "./scripts/closing-line-reporter.ts"],
  },
});
