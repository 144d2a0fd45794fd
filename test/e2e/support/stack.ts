// Everything one browser test file needs: a demo clinic (plus a receptionist), the real
// server on it, a real SMTP server to receive its mail, and Chromium.
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";
import { type BrowserHandle, launchBrowser } from "./browser.js";
import { cli, freePort, makeEnv, type RunningServer, startServer, tempDir } from "./server.js";

export interface Login {
  email: string;
  password: string;
}

export interface Stack {
  baseUrl: string;
  clinicId: string;
  admin: Login;
  receptionist: Login;
  sink: SmtpSink;
  browser: BrowserHandle;
  server: RunningServer;
  close: () => Promise<void>;
}

interface SeedOutput {
  clinic_id: string;
  admin_email: string;
  admin_password: string;
}

export async function startStack(): Promise<Stack> {
  const data = tempDir("dentalpin-e2e-");
  const env = makeEnv(data.dir, await freePort());
  // PGlite allows one process per data directory: prepare the clinic before the server opens it.
  const seed = await cli<SeedOutput>(["seed-demo"], env);
  const receptionist = { email: "recepcion@e2e.test", password: "recepcion-e2e-pass" };
  await cli(
    [
      "users",
      "create",
      "--clinic-id",
      seed.clinic_id,
      "--email",
      receptionist.email,
      "--password",
      receptionist.password,
      "--role",
      "receptionist",
    ],
    env,
  );
  // Plain SMTP, as the clinic configures it in the test ("no TLS").
  const sink = await startSmtpSink({ starttls: false });
  const server = await startServer(env).catch(async (e: unknown) => {
    await sink.close();
    data.remove();
    throw e;
  });
  const browser = await launchBrowser();
  return {
    baseUrl: server.baseUrl,
    clinicId: seed.clinic_id,
    admin: { email: seed.admin_email, password: seed.admin_password },
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
