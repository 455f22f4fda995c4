const fs = require("node:fs");

/**
 * The browser suites drive Debian's Chromium. A fresh machine may not have it yet: outside CI they are left out with a
 * notice (so `npm test` still passes there); in CI (.ci/run installs Chromium first) a missing browser fails them instead.
 */
const CHROMIUM = "/usr/bin/chromium";
const inCi = process.env.CI === "true";
const browserSuites = ["<rootDir>/test/sandbox/", "<rootDir>/test/browser/"];
const skipBrowserSuites = !inCi && !fs.existsSync(CHROMIUM);
if (skipBrowserSuites) {
  process.stderr.write(`Browser tests left out: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it).\n`);
}

/** Unit, route and integration tests share one runner; swc strips types, `npm run typecheck` checks them. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/src", "<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testPathIgnorePatterns: ["/node_modules/", ...(skipBrowserSuites ? browserSuites : [])],
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript", tsx: true }, transform: { react: { runtime: "automatic" } } }, module: { type: "commonjs" } }] },
  testTimeout: 30000,
  modulePathIgnorePatterns: ["<rootDir>/dist/"],
  // A failing integration test can leave a worker or pool behind; locally jest says so, in CI it must not hang the run.
  forceExit: inCi,
};
