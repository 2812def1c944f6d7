import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "coverage", "node_modules"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.strict],
    languageOptions: {
      ecmaVersion: 2023,
      globals: { ...globals.browser },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-console": ["error", { allow: ["warn", "error"] }],
      // Data access goes through src/lib/api-client.ts only.
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "Use the API client in src/lib/api-client.ts." },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["../*"], message: "Use the @/ alias instead of parent-relative imports." },
            { group: ["@/app/*"], message: "Features and shared code must not import from app/." },
          ],
        },
      ],
    },
  },
  {
    files: ["src/lib/api-client.ts", "src/**/*.test.{ts,tsx}", "src/testing/**"],
    rules: { "no-restricted-globals": "off" },
  },
  {
    files: ["src/app/**", "src/main.tsx", "src/testing/**", "src/**/*.test.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["../*"], message: "Use the @/ alias." }] }] },
  },
  {
    files: ["vite.config.ts", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
);
