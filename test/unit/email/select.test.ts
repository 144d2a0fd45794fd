import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import {
  type ClinicEmailSettingsSource,
  EmailService,
  type ProviderSettings,
  type SmtpSettings,
  selectProvider,
  senderFor,
} from "../../../src/core/email/index.js";

const smtp: SmtpSettings = {
  host: "smtp.clinica.example.com",
  port: 587,
  username: "citas@clinica.example.com",
  password: "app-password",
  useTls: true,
  useSsl: false,
  fromEmail: "citas@clinica.example.com",
  fromName: "Clínica Sonrisas",
};
const globalConsole = loadConfig({
  EMAIL_PROVIDER: "console",
  EMAIL_FROM_ADDRESS: "noreply@dentalpin.example",
}).email;
const globalSmtp = loadConfig({
  EMAIL_SMTP_HOST: "relay.example.com",
  EMAIL_SMTP_USER: "relay",
  EMAIL_SMTP_PASSWORD: "pw",
}).email;
const globalOff = loadConfig({ EMAIL_ENABLED: "false", EMAIL_SMTP_HOST: "relay.example.com" }).email;

const rows: Record<string, ProviderSettings> = {
  "clinic-smtp": { provider: "smtp", smtp },
  "clinic-console": { provider: "console", smtp: { ...smtp, fromEmail: "", fromName: "" } },
  "clinic-off": { provider: "disabled", smtp },
};
const source: ClinicEmailSettingsSource = { get: async (id) => rows[id] ?? null };

/** What the console provider prints (its output) and what is logged, apart. */
function capture() {
  const lines: { msg: string }[] = [];
  const logged: string[] = [];
  return {
    lines,
    logged,
    logger: { info: (_obj: object, msg: string) => logged.push(msg) },
    consoleOutput: { write: (text: string) => lines.push({ msg: text }) },
  };
}

describe("provider selection", () => {
  it.each([
    ["a clinic row wins over the global settings", rows["clinic-smtp"]!, globalConsole, "smtp", "clinic"],
    [
      "a clinic row saying disabled disables, whatever the global settings",
      rows["clinic-off"]!,
      globalSmtp,
      "disabled",
      "clinic",
    ],
    [
      "a clinic row still applies when EMAIL_ENABLED=false",
      rows["clinic-smtp"]!,
      globalOff,
      "smtp",
      "clinic",
    ],
    ["no row: the global console provider", null, globalConsole, "console", "global"],
    ["no row: the global SMTP relay", null, globalSmtp, "smtp", "global"],
    ["no row and EMAIL_ENABLED=false: disabled", null, globalOff, "disabled", "global"],
  ] as const)("%s", (_n, row, global, provider, src) => {
    expect(selectProvider(row, global)).toMatchObject({ provider, source: src });
  });

  it("turns the global relay into SMTP settings (an empty password is no password)", () => {
    expect(selectProvider(null, globalSmtp).smtp).toEqual({
      host: "relay.example.com",
      port: 587,
      username: "relay",
      password: "pw",
      useTls: true,
      useSsl: false,
      fromEmail: "noreply@example.com",
      fromName: "DentalPin",
      caCertificate: null,
    });
    expect(
      selectProvider(null, loadConfig({ EMAIL_SMTP_HOST: "r.example.com" }).email).smtp?.password,
    ).toBeNull();
  });

  it("takes the sender from the settings, else an address-like username, else the global sender", () => {
    expect(senderFor(rows["clinic-smtp"]!, globalConsole)).toEqual({
      email: smtp.fromEmail,
      name: "Clínica Sonrisas",
    });
    expect(senderFor(rows["clinic-console"]!, globalConsole)).toEqual({
      email: smtp.username,
      name: "DentalPin",
    });
    expect(
      senderFor({ provider: "smtp", smtp: { ...smtp, fromEmail: "", username: "login" } }, globalConsole),
    ).toEqual({
      email: "noreply@dentalpin.example",
      name: "Clínica Sonrisas",
    });
  });

  it("EmailService.resolveProvider asks the source only for a clinic", async () => {
    const asked: string[] = [];
    const svc = new EmailService({
      settingsSource: {
        get: async (id) => {
          asked.push(id);
          return rows[id] ?? null;
        },
      },
      global: globalConsole,
      logger: capture().logger,
    });
    await expect(svc.resolveProvider()).resolves.toMatchObject({ provider: "console", source: "global" });
    await expect(svc.resolveProvider("clinic-off")).resolves.toMatchObject({
      provider: "disabled",
      source: "clinic",
    });
    await expect(svc.resolveProvider("clinic-unknown")).resolves.toMatchObject({
      provider: "console",
      source: "global",
    });
    expect(asked).toEqual(["clinic-off", "clinic-unknown"]);
  });
});

describe("console and disabled providers", () => {
  const message = {
    to: "ana@example.com",
    toName: "Ana García",
    subject: "Tu cita del martes",
    bodyHtml: "<h1>Hola Ana</h1><p>Tu cita es el <b>martes</b> a las 10:30.</p>",
    headers: { "List-Unsubscribe": "<https://x.example/p/unsubscribe/t>" },
    attachments: [{ filename: "cita.ics", content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR", method: "REQUEST" }],
  };

  it("console prints a readable email and reports success with a message id", async () => {
    const { lines, logger, consoleOutput } = capture();
    const svc = new EmailService({ settingsSource: source, global: globalConsole, logger, consoleOutput });
    const r = await svc.send(message, {});
    expect(r).toMatchObject({
      isSuccess: true,
      provider: "console",
      failure: null,
      errorMessage: null,
      smtpCode: null,
    });
    expect(r.messageId).toMatch(/^<[0-9a-f-]{36}@dentalpin\.example>$/);
    expect(lines).toHaveLength(1);
    const text = lines[0]!.msg;
    expect(text).toContain(`Message-ID: ${r.messageId}`);
    expect(text).toContain('From: "DentalPin" <noreply@dentalpin.example>');
    expect(text).toContain('To: "Ana García" <ana@example.com>');
    expect(text).toContain("Subject: Tu cita del martes");
    expect(text).toContain("List-Unsubscribe: <https://x.example/p/unsubscribe/t>");
    expect(text).toContain("Attachments: cita.ics (text/calendar; charset=utf-8; method=REQUEST, 30 B)");
    expect(text).toMatch(/HOLA ANA\n\nTu cita es el martes a las 10:30\./);
  });

  it("console prints to its output even when the logger is silent", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const printed: string[] = [];
    const svc = new EmailService({
      settingsSource: source,
      global: globalConsole,
      logger: pino({ level: "silent" }, stream),
      consoleOutput: { write: (text: string) => printed.push(text) },
    });
    await svc.send(message, {});
    expect(printed.join("")).toContain("Subject: Tu cita del martes");
    expect(lines).toEqual([]);
  });

  it("console prefers the text part when there is one", async () => {
    const { lines, logger, consoleOutput } = capture();
    const svc = new EmailService({ settingsSource: source, global: globalConsole, logger, consoleOutput });
    await svc.send({ ...message, bodyText: "Hola Ana, texto plano." }, { clinicId: "clinic-console" });
    expect(lines[0]!.msg).toContain("\nHola Ana, texto plano.\n");
    expect(lines[0]!.msg).toContain('From: "DentalPin" <citas@clinica.example.com>');
  });

  it("disabled sends nothing and says so, for a clinic and globally", async () => {
    const { lines, logger } = capture();
    const svc = new EmailService({ settingsSource: source, global: globalOff, logger });
    await expect(svc.send(message, { clinicId: "clinic-off" })).resolves.toEqual({
      isSuccess: false,
      messageId: null,
      errorMessage: "email is disabled for this clinic",
      failure: "permanent",
      smtpCode: null,
      provider: "disabled",
    });
    await expect(svc.send(message, {})).resolves.toMatchObject({
      provider: "disabled",
      errorMessage: "email is disabled (EMAIL_ENABLED=false)",
    });
    expect(lines).toEqual([]);
  });

  it("an invalid recipient is a permanent failure, not an exception", async () => {
    const { lines, logger } = capture();
    const svc = new EmailService({ settingsSource: source, global: globalConsole, logger });
    const r = await svc.send({ ...message, to: "ana@example.com\r\nBcc: eve@example.com" }, {});
    expect(r).toMatchObject({ isSuccess: false, failure: "permanent", provider: "console" });
    expect(r.errorMessage).toMatch(/^to: the recipient address .* is not a valid email address$/);
    expect(lines).toEqual([]);
  });

  it("a settings source that fails is a transient failure, not an exception", async () => {
    const svc = new EmailService({
      settingsSource: { get: async () => Promise.reject(new Error("database unreachable")) },
      global: globalConsole,
      logger: capture().logger,
    });
    await expect(svc.send(message, { clinicId: "c1" })).resolves.toMatchObject({
      isSuccess: false,
      failure: "transient",
      errorMessage: "could not read the clinic's email settings: database unreachable",
    });
  });
});
