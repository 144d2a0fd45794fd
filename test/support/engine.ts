/** Which database engine this test process runs against (vitest.config.ts sets TEST_ENGINE). */
export const onPostgres = process.env.TEST_ENGINE === "postgres";

/**
 * For tests of a layer above the database (the CLI's argument handling and output), whose
 * SQL other tests cover on both engines: run them once per suite, on PostgreSQL when the
 * run has it (a spawned CLI starts faster there), else on PGlite.
 */
export const onceAcrossEngines = process.env.TEST_DATABASE_URL ? onPostgres : true;
