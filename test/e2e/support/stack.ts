// Everything one browser test file needs: a demo clinic (plus a receptionist), the real
// server on it, a real SMTP server to receive its mail, and Chromium.
import { afterAll, beforeAll } from "vitest";
import { hashPassword } from "../../../src/core/auth/passwords.js";
import { openPglite } from "../../../src/core/db/client.js";
import { runMigrations } from "../../../src/core/db/migrate.js";
import { createUser, seedDemo } from "../../../src/modules/directory/index.js";
import { type SmtpSink, type SmtpSinkOptions, startSmtpSink } from "../../support/smtp-sink.js";
import { type BrowserHandle, launchBrowser } from "./browser.js";
import { freePort, makeEnv, type RunningServer, startServer, tempDir } from "./server.js";

export interface Login {
  email: string;
  password: string;
}

export interface Stack {
  baseUrl: string;
  /** The server's DATA_DIR (its generated secret_key signs tokens the way the operator's CLI does). */
  dataDir: string;
  clinicId: string;
  admin: Login;
  receptionist: Login;
  sink: SmtpSink;
  browser: BrowserHandle;
  server: RunningServer;
  close: () => Promise<void>;
}

/**
 * The demo clinic and a receptionist, written in this process (the CLI that does the same is
 * tested on its own): two CLI runs here cost more than the rest of a browser file's set-up.
 * PGlite allows one process per data directory, so this closes before the server opens it.
 */
async function prepareClinic(dataDir: string, receptionist: Login) {
  const database = await openPglite(dataDir);
  try {
    await runMigrations(database);
    const seed = await seedDemo(database);
    await createUser(database.db, {
      clinicId: seed.clinic_id,
      email: receptionist.email,
      passwordHash: await hashPassword(receptionist.password),
      role: "receptionist",
    });
    return { clinicId: seed.clinic_id, admin: { email: seed.admin_email, password: seed.admin_password! } };
  } finally {
    await database.close();
  }
}

/** `sink`: how the SMTP server answers (e.g. a `respond` that refuses some recipients). */
export async function startStack(opts: { sink?: SmtpSinkOptions } = {}): Promise<Stack> {
  const data = tempDir("dentalpin-e2e-");
  const env = makeEnv(data.dir, await freePort());
  const receptionist = { email: "recepcion@e2e.test", password: "recepcion-e2e-pass" };
  const seed = await prepareClinic(data.dir, receptionist);
  // Plain SMTP, as the clinic configures it in the test ("no TLS").
  const sink = await startSmtpSink({ starttls: false, ...opts.sink });
  const server = await startServer(env).catch(async (e: unknown) => {
    await sink.close();
    data.remove();
    throw e;
  });
  const browser = await launchBrowser();
  return {
    baseUrl: server.baseUrl,
    dataDir: data.dir,
    clinicId: seed.clinicId,
    admin: seed.admin,
    receptionist,
    sink,
    browser,
    server,
    close: async () => {
      await browser.close();
      await server.stop();
      await sink.close();
      data.remove();
    },
  };
}

/**
 * The stack of one describe block: started before its tests (and before the block's own
 * beforeAll, registered after this call), closed after them. Read it as a Stack; it is
 * usable from the first beforeAll on.
 */
export function useStack(opts: { sink?: SmtpSinkOptions } = {}): Stack {
  let started: Stack | undefined;
  beforeAll(async () => {
    started = await startStack(opts);
  }, 120_000);
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as Stack, {
    get(_, key) {
      if (!started) throw new Error("the stack is used before its beforeAll started it");
      return started[key as keyof Stack];
    },
  });
}
