import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/** Test code may reach any floor to set up and check what it tests. */
const testFiles = ["**/*.test.ts", "**/testing.ts", "**/testing/**", "lib/services/test-*.ts"];

// SQL lives in db/queries/<resource>.ts (and the schema and migrations under db/): no other floor
// builds statements. Type-only imports (a row type, say) are allowed.
const noSql = { group: ["drizzle-orm", "drizzle-orm/*", "@/db/schema", "@/db/schema/*"], allowTypeImports: true, message: "SQL lives in db/queries/<resource>.ts: call a query function." };
const noNext = { group: ["next", "next/*", "next-auth", "next-auth/*"], message: "Services and queries must not depend on Next.js: adapters do." };

/**
 * Layers (README, "Layout"): what each floor may not reach into. The file sets do not overlap,
 * because a later block's rule options would replace an earlier one's for the same file.
 */
const layers = [
  {
    // Components render and call actions: data comes from pages and actions, never straight from the database.
    files: ["components/**/*.{ts,tsx}"],
    patterns: [
      { group: ["@/db", "@/db/*", "@/lib/services/*", "@/lib/mail/*"], allowTypeImports: true, message: "Components render and call actions; they do not reach the database or services." },
      noSql,
    ],
  },
  {
    // Pages, actions, routes, operations, mail: they call services and query functions.
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/services/**", "lib/authz/**", ...testFiles],
    patterns: [noSql],
  },
  {
    // Services keep rules and transactions; they know nothing about the web framework or SQL.
    files: ["lib/services/**/*.ts"],
    ignores: testFiles,
    patterns: [noNext, noSql],
  },
  {
    files: ["db/**/*.ts"],
    patterns: [noNext],
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
