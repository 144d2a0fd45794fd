// Pure helpers for the email-server form.
import type { SmtpSettings, SmtpSettingsInput, TestResult } from "../api/types.js";

export type Security = "none" | "starttls" | "ssl";

export const USUAL_PORTS: Record<Security, number> = { none: 25, starttls: 587, ssl: 465 };

export function securityOf(s: { use_tls: boolean; use_ssl: boolean }): Security {
  if (s.use_ssl) return "ssl";
  if (s.use_tls) return "starttls";
  return "none";
}

export function flagsOf(security: Security): { use_tls: boolean; use_ssl: boolean } {
  return { use_tls: security === "starttls", use_ssl: security === "ssl" };
}

/**
 * The port to show after choosing a security mode: the usual one when the field is empty
 * or still holds another mode's usual port; a custom port the user typed is kept.
 */
export function portAfterSecurityChange(security: Security, currentPort: string): string {
  const trimmed = currentPort.trim();
  const usual = Object.values(USUAL_PORTS).map(String);
  if (trimmed === "" || usual.includes(trimmed)) return String(USUAL_PORTS[security]);
  return trimmed;
}

/** The form's editable state: strings, as inputs hold them. */
export interface SmtpForm {
  provider: SmtpSettingsInput["provider"];
  host: string;
  port: string;
  username: string;
  password: string;
  security: Security;
  from_email: string;
  from_name: string;
}

export function formFromSettings(s: SmtpSettings | null): SmtpForm {
  return {
    provider: s?.provider ?? "smtp",
    host: s?.host ?? "",
    port: s?.port ? String(s.port) : "587",
    username: s?.username ?? "",
    password: "",
    security: s ? securityOf(s) : "starttls",
    from_email: s?.from_email ?? "",
    from_name: s?.from_name ?? "",
  };
}

/** The request body; a blank password is left out so the stored one is kept. */
export function settingsFromForm(f: SmtpForm): SmtpSettingsInput {
  const port = Number.parseInt(f.port, 10);
  const body: SmtpSettingsInput = {
    provider: f.provider,
    host: f.host.trim(),
    port: Number.isFinite(port) ? port : null,
    username: f.username.trim(),
    ...flagsOf(f.security),
    from_email: f.from_email.trim(),
    from_name: f.from_name.trim(),
  };
  if (f.password !== "") body.password = f.password;
  return body;
}

export function formsEqual(a: SmtpForm, b: SmtpForm): boolean {
  return (Object.keys(a) as (keyof SmtpForm)[]).every((k) => a[k] === b[k]);
}

/**
 * Body of a test request: only the address when the form still shows what is saved
 * (the server then tests the stored settings, password included), else the form's values.
 */
export function testRequestBody(
  form: SmtpForm,
  saved: SmtpForm,
  toEmail: string,
): Partial<SmtpSettingsInput> & { to_email: string } {
  if (formsEqual(form, saved)) return { to_email: toEmail.trim() };
  return { ...settingsFromForm(form), to_email: toEmail.trim() };
}

export type TestOutcome =
  | { kind: "success" }
  | { kind: "failure"; step: TestResult["step"]; message: string; smtpCode: number | null };

export function outcomeOf(r: TestResult): TestOutcome {
  if (r.success) return { kind: "success" };
  return { kind: "failure", step: r.step, message: r.message, smtpCode: r.smtp_code };
}
