import { defineConfig } from "vitest/config";

// The default `vitest run` (part of `npm test`): fast tests only. The packaging and browser tests are
// slow and run through vitest.ship.config.ts (`npm run test:consumer`, `npm run test:browser`).
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**", "test/consumer/**", "**/node_modules/**"],
  },
});
