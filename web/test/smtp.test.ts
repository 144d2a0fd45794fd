import { describe, expect, it } from "vitest";
import type { SmtpSettings } from "../src/api/types.js";
import {
  accountChanged,
  explainSmtpFieldError,
  formFromSettings,
  outcomeOf,
  portAfterSecurityChange,
  savedPasswordWithheld,
  savingClearsPassword,
  securityOf,
  settingsFromForm,
  testRequestBody,
} from "../src/lib/smtp.js";

const saved: SmtpSettings = {
  configured: true,
  provider: "smtp",
  host: "smtp.example.com",
  port: 587,
  username: "clinic",
  has_password: true,
  use_tls: true,
  use_ssl: false,
  from_email: "citas@example.com",
  from_name: "Clínica",
  ca_certificate: null,
  is_verified: false,
  last_verified_at: null,
};

describe("email server form", () => {
  it("fills the usual port when the field is empty or holds another mode's usual port", () => {
    expect(portAfterSecurityChange("ssl", "587")).toBe("465");
    expect(portAfterSecurityChange("starttls", "465")).toBe("587");
    expect(portAfterSecurityChange("none", "")).toBe("25");
  });

  it("keeps a port the user typed", () => {
    expect(portAfterSecurityChange("ssl", "2525")).toBe("2525");
    expect(portAfterSecurityChange("none", " 40123 ")).toBe("40123");
  });

  it("maps the two API flags to one choice and back", () => {
    expect(securityOf({ use_tls: false, use_ssl: true })).toBe("ssl");
    expect(securityOf({ use_tls: true, use_ssl: false })).toBe("starttls");
    expect(securityOf({ use_tls: false, use_ssl: false })).toBe("none");
    const body = settingsFromForm({ ...formFromSettings(saved), security: "ssl" });
    expect([body.use_tls, body.use_ssl]).toEqual([false, true]);
  });

  it("leaves a blank password out so the stored one is kept, and sends a typed one", () => {
    const form = formFromSettings(saved);
    expect(form.password).toBe("");
    expect("password" in settingsFromForm(form)).toBe(false);
    expect(settingsFromForm({ ...form, password: "s3cret" }).password).toBe("s3cret");
  });

  it("sends a bad port as null so the server names the field", () => {
    expect(settingsFromForm({ ...formFromSettings(saved), port: "abc" }).port).toBeNull();
  });

  it("tests the saved settings with only the address when the form is unchanged", () => {
    const form = formFromSettings(saved);
    expect(testRequestBody(form, form, " a@b.es ")).toEqual({ to_email: "a@b.es" });
  });

  it("tests the form's values when they differ from what is saved", () => {
    const savedForm = formFromSettings(saved);
    const body = testRequestBody({ ...savedForm, port: "2525" }, savedForm, "a@b.es");
    expect(body).toMatchObject({ host: "smtp.example.com", port: 2525, to_email: "a@b.es" });
    expect("password" in body).toBe(false);
  });

  it("starts a new clinic on SMTP with STARTTLS on 587", () => {
    expect(formFromSettings(null)).toMatchObject({ provider: "smtp", port: "587", security: "starttls" });
  });

  it("keeps the failing step, message and code of a failed test", () => {
    expect(
      outcomeOf({ success: true, step: null, message: "ok", smtp_code: 250, code: "test_email_sent" }),
    ).toEqual({
      kind: "success",
    });
    expect(
      outcomeOf({
        success: false,
        step: "auth",
        message: "bad login",
        smtp_code: 535,
        code: "smtp_auth_failed",
      }),
    ).toEqual({
      kind: "failure",
      step: "auth",
      message: "bad login",
      smtpCode: 535,
    });
  });
});

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("custom CA certificate in the form", () => {
  it("shows the saved certificate and sends it back as it is", () => {
    const form = formFromSettings({ ...saved, ca_certificate: PEM });
    expect(form.ca_certificate).toBe(PEM);
    expect(settingsFromForm(form).ca_certificate).toBe(PEM);
  });

  it("sends an emptied field as null, which removes the stored certificate", () => {
    const form = formFromSettings({ ...saved, ca_certificate: PEM });
    expect(settingsFromForm({ ...form, ca_certificate: "  \n" }).ca_certificate).toBeNull();
    expect(formFromSettings(saved).ca_certificate).toBe("");
  });

  it("tests unsaved settings with the certificate in the form", () => {
    const savedForm = formFromSettings(saved);
    const body = testRequestBody({ ...savedForm, ca_certificate: PEM }, savedForm, "a@b.es");
    expect(body.ca_certificate).toBe(PEM);
  });
});

describe("the saved password belongs to its host, port and username", () => {
  const savedForm = formFromSettings(saved);

  it("sees another host, port or username as another account", () => {
    expect(accountChanged({ ...savedForm, host: "smtp.other.com" }, savedForm)).toBe(true);
    expect(accountChanged({ ...savedForm, port: "2525" }, savedForm)).toBe(true);
    expect(accountChanged({ ...savedForm, username: "other" }, savedForm)).toBe(true);
  });

  it("compares as the server does: host without case or spaces, port as a number", () => {
    expect(accountChanged({ ...savedForm, host: " SMTP.Example.com " }, savedForm)).toBe(false);
    expect(accountChanged({ ...savedForm, port: " 587" }, savedForm)).toBe(false);
    expect(accountChanged({ ...savedForm, from_name: "Otra", security: "ssl" }, savedForm)).toBe(false);
  });

  it("warns before saving another account without a password while one is saved", () => {
    const moved = { ...savedForm, port: "2525" };
    expect(savingClearsPassword(moved, savedForm, true)).toBe(true);
    expect(savingClearsPassword({ ...moved, password: "new" }, savedForm, true)).toBe(false);
    expect(savingClearsPassword(moved, savedForm, false)).toBe(false);
    expect(savingClearsPassword(savedForm, savedForm, true)).toBe(false);
  });

  it("says the saved password was withheld only for a test of other settings without one", () => {
    const notUsed = {
      success: false,
      step: "auth" as const,
      message: "x",
      smtp_code: 530,
      code: "smtp_auth_failed" as const,
      saved_password_used: false,
    };
    const other = testRequestBody({ ...savedForm, port: "2525" }, savedForm, "a@b.es");
    expect(savedPasswordWithheld(other, notUsed, true)).toBe(true);
    expect(savedPasswordWithheld(other, notUsed, false)).toBe(false);
    expect(savedPasswordWithheld({ ...other, password: "typed" }, notUsed, true)).toBe(false);
    expect(savedPasswordWithheld({ to_email: "a@b.es" } as never, notUsed, true)).toBe(false);
    expect(savedPasswordWithheld(other, { ...notUsed, saved_password_used: true }, true)).toBe(false);
    // An older server that does not answer the flag: nothing is claimed.
    const { saved_password_used: _, ...legacy } = notUsed;
    expect(savedPasswordWithheld(other, legacy, true)).toBe(false);
  });
});

describe("field errors of the email-server form in the UI's language", () => {
  it("recognises a host refused as a private or loopback address", () => {
    const message = "English the UI does not read";
    const p = { field: "host", code: "smtp_host_refused", message };
    expect(explainSmtpFieldError({ ...p, params: { host: "127.0.0.1", address: "127.0.0.1" } })).toEqual({
      key: "smtp.error.hostNotAllowed",
      vars: { host: "127.0.0.1", address: "127.0.0.1" },
    });
  });

  it("recognises an invalid or non-CA certificate from its code and params", () => {
    const p = { field: "ca_certificate", code: "invalid_ca_certificate", message: "English" };
    expect(explainSmtpFieldError(p)).toEqual({ key: "smtp.error.caCertificate" });
    expect(explainSmtpFieldError({ ...p, params: { not_ca: 1 } })).toEqual({
      key: "smtp.error.caNotCa",
      vars: { n: "1" },
    });
  });

  it("leaves any other error to the generic wording of its code", () => {
    expect(explainSmtpFieldError({ field: "host", code: "required", message: "is required" })).toBeNull();
    expect(
      explainSmtpFieldError({ field: "port", code: "too_big", message: "must be from 1 to 65535" }),
    ).toBeNull();
  });
});
