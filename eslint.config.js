// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly", setTimeout: "readonly", clearTimeout: "readonly", setInterval: "readonly", clearInterval: "readonly", setImmediate: "readonly", Buffer: "readonly", structuredClone: "readonly", performance: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    // The engine is the innermost layer: it may not reach outward (see docs/architecture.md).
    files: ["src/core/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["ink", "react", "commander", "better-sqlite3", "chokidar", "**/persistence/**", "**/client/**", "**/commands/**", "**/tui/**", "**/server/**"] }],
    },
  },
  {
    // The console and the CLI go through src/client, never around it.
    files: ["src/commands/**", "src/tui/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: ["**/core/**", "**/persistence/**", "better-sqlite3"] }],
    },
  },
);
