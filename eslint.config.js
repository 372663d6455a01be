// ESLint flat config. TypeScript files are linted with type information (typescript-eslint's
// recommendedTypeChecked through the project service, which reads tsconfig.json); the plain
// JavaScript files (scripts/*.mjs, this file) get @eslint/js recommended with Node globals.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";
import { layerRules } from "./eslint.layers.js";

export default defineConfig(
  globalIgnores(["src/generated/**", "node_modules/**", "coverage/**", ".ci/**"]),
  {
    files: ["**/*.js", "**/*.mjs"],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: "module",
      globals: globals.node,
    },
  },
  {
    files: ["**/*.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: {
          // prisma.config.ts is read by the Prisma CLI and sits outside tsconfig.json's include.
          allowDefaultProject: ["prisma.config.ts"],
          defaultProject: "tsconfig.json",
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Async methods that implement Promise-returning interfaces (responders, notifier fakes) have
      // no await on purpose; `async` is what turns a throw into a rejection.
      "@typescript-eslint/require-await": "off",
      // Raw Discord payloads are typed loosely (number) on purpose and compared with
      // discord-api-types' numeric enums; TypeScript already rejects non-overlapping enum compares.
      "@typescript-eslint/no-unsafe-enum-comparison": "off",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      eqeqeq: ["error", "always", { null: "ignore" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  ...layerRules,
);
