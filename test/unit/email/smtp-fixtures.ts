import net from "node:net";
import { loadConfig } from "../../../src/config.js";
import {
  type ClinicEmailSettingsSource,
  EmailService,
  type EmailServiceOptions,
  type ProviderSettings,
  type SmtpSettings,
} from "../../../src/core/email/index.js";
import type { SmtpSink } from "../../support/smtp-sink.js";

export const AUTH = { user: "citas@clinica.example.com", pass: "app-password-123" };

export function smtpTo(sink: SmtpSink, over: Partial<SmtpSettings> = {}): SmtpSettings {
  return {
    host: sink.host,
    port: sink.port,
    username: AUTH.user,
    password: AUTH.pass,
    useTls: true,
    useSsl: false,
    fromEmail: "citas@clinica.example.com",
    fromName: "Clínica Sonrisas",
    ...over,
  };
}

/** A settings source over a plain object that tests change as they go. */
export function rowsSource(rows: Record<string, ProviderSettings>): ClinicEmailSettingsSource {
  return { get: async (id) => rows[id] ?? null };
}

export function service(settingsSource: ClinicEmailSettingsSource, over: Partial<EmailServiceOptions> = {}) {
  return new EmailService({
    settingsSource,
    global: loadConfig({ EMAIL_PROVIDER: "console" }).email,
    logger: { info: () => {} },
    tls: { rejectUnauthorized: false },
    allowPrivateHosts: true,
    // Short waits: a greeting that never comes is part of what these tests provoke.
    timeouts: { connectionMs: 2000, greetingMs: 700, socketMs: 5000 },
    ...over,
  });
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until `check` holds, failing with `what` after the deadline. */
export async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const message = {
  to: "ana@example.com",
  toName: "Ana García",
  subject: "Confirmación de su cita",
  bodyHtml: "<h1>Hola Ana</h1><p>Su cita es el <b>martes 1 de diciembre</b> a las 10:30.</p>",
  bodyText: "Hola Ana\n\nSu cita es el martes 1 de diciembre a las 10:30.",
};
