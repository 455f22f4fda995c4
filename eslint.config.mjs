import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "data/**", "test-artifacts/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "no-console": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The engine must stay host-neutral so a Forge front end or the CLI can reuse it (bitbucket-platform.md §1.1).
    files: ["src/bitbucket/**", "src/access/**", "src/jobs/**", "src/db/**", "src/engine/**", "src/cli/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/connect/**", "**/connect", "atlassian-connect-express"], message: "The engine must not depend on Connect." },
        { group: ["**/http/**", "express"], message: "The engine must not depend on the web layer." },
      ] }],
    },
  },
  {
    // The simulator is Bitbucket, not the app: it shares the API types, never the app's Connect or web code.
    files: ["test/bitbucket-sim/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/src/connect/**", "**/src/http/**", "**/src/engine/**", "**/src/jobs/**", "**/src/access/**"], message: "The simulator must not know the app." },
      ] }],
    },
  },
  {
    files: ["**/*.test.ts", "**/*.test.tsx", "test/**"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off", "no-console": "off" },
  },
);
