// ESLint (flat config): typescript-eslint's recommended, type-aware rules; formatting is Prettier's job.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["dist/", "docs/api/", "node_modules/", "examples/*/node_modules/", "**/*.js", "**/*.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        rules: {
            // Provider inputs and Pulumi's dynamic interfaces are untyped JSON by nature.
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        // The stubs must require() by package name at call time, and are `export =` modules (see provider/host/jobRetryStub.ts):
        // states written by 0.1.0 load them by that name.
        files: [
            "provider/host/jobRetryStub.ts",
            "provider/host/jobWaitStub.ts",
            "provider/program/serializedProvider.ts",
            "test/**/*.ts",
            "bench/**/*.ts",
        ],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["test/**/*.ts"],
        rules: { "@typescript-eslint/no-unused-expressions": "off" },
    },
    prettier,
);
