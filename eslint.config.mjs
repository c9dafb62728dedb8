import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/** Layers (README, "Layout"): what each floor may not reach into. Type-only imports are allowed. */
const layers = [
  {
    // Components render and call actions: data comes from pages and actions, never straight from the database.
    files: ["components/**/*.{ts,tsx}"],
    patterns: [
      { group: ["@/db", "@/db/*", "@/lib/services/*", "@/lib/mail/*"], allowTypeImports: true, message: "Components render and call actions; they do not reach the database or services." },
    ],
  },
  {
    // Services keep rules and transactions; they know nothing about the web framework.
    files: ["lib/services/**/*.ts", "db/**/*.ts"],
    patterns: [{ group: ["next", "next/*", "next-auth", "next-auth/*"], message: "Services and queries must not depend on Next.js: adapters do." }],
  },
  {
    // The scope module decides from facts alone, so it stays pure and testable in isolation.
    files: ["lib/authz/**/*.ts"],
    ignores: ["lib/authz/**/*.test.ts"],
    patterns: [{ group: ["@/*", "../*", "next", "next/*", "drizzle-orm", "drizzle-orm/*"], message: "lib/authz imports nothing outside itself." }],
  },
];

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [".next/**", "node_modules/**", ".data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...layers.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
  })),
];

export default config;
