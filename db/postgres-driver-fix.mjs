// Carries a fix to the PostgreSQL driver (postgres.js) until a release of it ships one; run by
// `npm install` (postinstall), and safe to run again.
//
// The bug (porsager/postgres#1193, fix proposed in #1214): postgres.js reuses a connection object
// across reconnects, and a closed socket leaves its last error response and query behind. When
// PostgreSQL shuts down (a restart, a failover) it answers a running query with 57P01 "terminating
// connection due to administrator command"; the next socket of that connection then fails its first
// query with this stale error, seconds or minutes after the database is back. The fix clears that
// state whenever a connection (re)connects.
//
// Versions other than the ones listed are left alone and named in the output: check whether they
// fix the bug (db/postgres-driver.db.test.ts fails if they do not), then extend or delete this file.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const CARRIED_FOR = ["3.4.9", "3.4.10"];
const MARKER = "/* console: stale state cleared on connect (porsager/postgres#1193) */";
const ANCHOR = "  async function connect() {\n    terminated = false\n";
const FIXED = `${ANCHOR}    ${MARKER}\n    query = results = errorResponse = null\n    result = new Result()\n`;

function packageFolder() {
  // The package does not export its package.json, so it is found beside this project's other modules.
  const folder = fileURLToPath(new URL("../node_modules/postgres/", import.meta.url));
  return existsSync(path.join(folder, "package.json")) ? folder : null; // not installed: nothing to fix
}

const folder = packageFolder();
if (folder) {
  const { version } = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8"));
  if (!CARRIED_FOR.includes(version)) {
    console.warn(`postgres ${version}: no fix carried for porsager/postgres#1193 (db/postgres-driver-fix.mjs knows ${CARRIED_FOR.join(", ")}).`);
  } else {
    for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
      const target = path.join(folder, file);
      const source = readFileSync(target, "utf8");
      if (source.includes(MARKER)) continue;
      if (!source.includes(ANCHOR)) {
        console.error(`postgres ${version}: ${file} does not read as expected; the fix for porsager/postgres#1193 was not applied.`);
        process.exit(1);
      }
      writeFileSync(target, source.replace(ANCHOR, FIXED));
      console.info(`postgres ${version}: applied the fix for porsager/postgres#1193 to ${file}.`);
    }
  }
}
