import { randomBytes } from "node:crypto";
import { openPglite, openPostgres, type DatabaseHandle } from "./client";

// Database tests run the same suite on both backends: an in-memory PGlite by default, or a
// fresh database on the PostgreSQL server named by TEST_DATABASE_URL (one per test file).

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function openTestDatabase(): Promise<DatabaseHandle> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const handle = await openPglite(undefined);
    await handle.migrate();
    return handle;
  }
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = await openPostgres(serverUrl, { max: 1 });
  await admin.db.execute(`create database ${name}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openPostgres(url.toString(), { max: 20 });
  await handle.migrate();
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = await openPostgres(serverUrl, { max: 1 });
      await cleanup.db.execute(`drop database if exists ${name} with (force)`);
      await cleanup.close();
    },
  };
}
