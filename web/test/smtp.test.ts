import { describe, expect, it } from "vitest";
import type { SmtpSettings } from "../src/api/types.js";
import {
  formFromSettings,
  outcomeOf,
  portAfterSecurityChange,
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
    expect(outcomeOf({ success: true, step: null, message: "ok", smtp_code: 250 })).toEqual({
      kind: "success",
    });
    expect(outcomeOf({ success: false, step: "auth", message: "bad login", smtp_code: 535 })).toEqual({
      kind: "failure",
      step: "auth",
      message: "bad login",
      smtpCode: 535,
    });
  });
});
