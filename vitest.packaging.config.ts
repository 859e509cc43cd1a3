import { defineConfig } from "vitest/config";

/**
 * The packaging tests: install `@iqf/*` packages from their tarballs outside the workspace
 * (`npm run test:packaging`, and in CI). They use the built `dist/` and npm's cache, one case
 * per scenario in `test-support/packaging/`.
 */
export default defineConfig({
  test: {
    include: ["test-support/packaging/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
    reporters: ["default"],
  },
});
