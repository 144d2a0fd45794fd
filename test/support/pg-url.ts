/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A database to run CREATE/DROP DATABASE from: the one in TEST_DATABASE_URL itself. */
export function adminUrl(url: string): string {
  return url;
}
