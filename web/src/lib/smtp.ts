// Pure helpers for the email-server form.
import type { FieldProblem } from "../api/http.js";
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
  /** PEM of a private CA; "" for none. */
  ca_certificate: string;
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
    ca_certificate: s?.ca_certificate ?? "",
  };
}

/**
 * The request body; a blank password is left out so the stored one is kept. The CA field is
 * always sent: what it shows is what is saved, and an emptied field (null) removes it.
 */
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
    ca_certificate: f.ca_certificate.trim() === "" ? null : f.ca_certificate,
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

/**
 * Whether the form points at another account than the saved one (host, port or username, as
 * the server compares them: host without case or surrounding spaces). The server never sends
 * the saved password to another account, and drops it when such settings are saved without one.
 */
export function accountChanged(form: SmtpForm, saved: SmtpForm): boolean {
  const port = (p: string) => String(Number.parseInt(p, 10));
  return (
    form.host.trim().toLowerCase() !== saved.host.trim().toLowerCase() ||
    port(form.port) !== port(saved.port) ||
    form.username.trim() !== saved.username.trim()
  );
}

/** Saving this form would remove the saved password: the account changed and none was typed. */
export function savingClearsPassword(form: SmtpForm, saved: SmtpForm, hasPassword: boolean): boolean {
  return hasPassword && form.password === "" && accountChanged(form, saved);
}

/**
 * The test ran on unsaved settings of another account without a password, so the server did
 * not use the saved one (its `saved_password_used` is false although a password is saved).
 */
export function savedPasswordWithheld(
  body: Partial<SmtpSettingsInput>,
  result: TestResult,
  hasPassword: boolean,
): boolean {
  return (
    hasPassword &&
    result.saved_password_used === false &&
    typeof body.host === "string" &&
    body.host !== "" &&
    body.password === undefined
  );
}

/**
 * A field error of the email-server form said with the form's own words, from its code and
 * params: a host refused because it is a private/loopback address, a CA certificate that is not
 * valid PEM or not a CA. Null for any other, which is worded from its code like every field error.
 */
export type SmtpFieldExplanation =
  | { key: "smtp.error.hostNotAllowed"; vars: { host: string; address: string } }
  | { key: "smtp.error.caCertificate" }
  | { key: "smtp.error.caNotCa"; vars: { n: string } };

export function explainSmtpFieldError(p: FieldProblem): SmtpFieldExplanation | null {
  const params = p.params ?? {};
  if (p.code === "smtp_host_refused" && params.host !== undefined)
    return {
      key: "smtp.error.hostNotAllowed",
      vars: { host: String(params.host), address: String(params.address ?? "") },
    };
  if (p.code === "invalid_ca_certificate")
    return params.not_ca !== undefined
      ? { key: "smtp.error.caNotCa", vars: { n: String(params.not_ca) } }
      : { key: "smtp.error.caCertificate" };
  return null;
}

export type TestOutcome =
  | { kind: "success" }
  | { kind: "failure"; step: TestResult["step"]; message: string; smtpCode: number | null };

export function outcomeOf(r: TestResult): TestOutcome {
  if (r.success) return { kind: "success" };
  return { kind: "failure", step: r.step, message: r.message, smtpCode: r.smtp_code };
}
