// The second step of `npm run build`, after `next build`: bundles the production server's entry
// (lib/server/index.ts and the API code it reaches) into .next/console-server.cjs. Packages stay
// outside the bundle and are loaded from node_modules, as the pages' bundle loads them.
import { build } from "esbuild";
import path from "node:path";

const root = process.cwd();
await build({
  entryPoints: [path.join(root, "lib", "server", "index.ts")],
  outfile: path.join(root, ".next", "console-server.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  packages: "external",
  tsconfig: path.join(root, "tsconfig.json"),
  sourcemap: true,
  logLevel: "warning",
});
