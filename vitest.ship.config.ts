import { defineConfig } from "vitest/config";

// Packaging and rendered-docs tests: `npm run test:consumer` and `npm run test:browser`.
export default defineConfig({
  test: {
    include: ["test/consumer/**/*.test.ts", "test/browser/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
