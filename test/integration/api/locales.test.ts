import { describe, expect, it } from "vitest";
import { createTestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";

const N = "/api/v1/notifications";

const { t, http } = serveTestApp();

async function clinicOf(defaultLocale: string) {
  const { clinicId } = await createTestClinic(t.app, { name: `Clinic ${defaultLocale}`, defaultLocale });
  return { clinicId, admin: await tokenFor(t.app, clinicId, "admin") };
}

const effective = async (admin: string, key: string, locale: string) => {
  const res = await http.request("GET", `${N}/templates/effective?template_key=${key}&locale=${locale}`, {
    token: admin,
  });
  expect(res.status).toBe(200);
  return res.body.data as { source: string; locale: string; subject: string };
};

describe("GET /templates/effective names what a send would use", () => {
  it("goes patient language > clinic language > default/, as sends do", async () => {
    const en = await clinicOf("en");
    // A German patient of an English clinic reads English, not Spanish.
    expect(await effective(en.admin, "welcome", "de")).toMatchObject({ source: "file", locale: "en" });
    expect(await effective(en.admin, "welcome", "fr")).toMatchObject({
      locale: "fr",
      subject: "Bienvenue chez {{ clinic_name }}\u00a0!",
    });
    expect(await effective(en.admin, "welcome", "pt-BR")).toMatchObject({ locale: "pt" });
    const de = await clinicOf("de");
    expect(await effective(de.admin, "welcome", "de")).toMatchObject({
      locale: "default",
      subject: "{{ clinic_name }}: welcome",
    });
  });

  it("previews along the same chain, formatting in the template's language", async () => {
    const es = await clinicOf("es");
    const res = await http.request("POST", `${N}/templates/preview`, {
      token: es.admin,
      body: { template_key: "appointment_confirmation", locale: "pt" },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ locale: "pt", source: "file" });
    expect(res.body.data.body_html).toContain("terça-feira, 1 de dezembro de 2026 às 10:30");
    const de = await http.request("POST", `${N}/templates/preview`, {
      token: es.admin,
      body: { template_key: "welcome", locale: "de" },
    });
    expect(de.body.data).toMatchObject({ locale: "es" });
  });
});

describe("the patient pages answer in French and Portuguese", () => {
  it("shows, saves and unsubscribes in the patient's language", async () => {
    const { clinicId, admin } = await clinicOf("es");
    const created = await http.request("POST", "/api/v1/patients", {
      token: admin,
      body: {
        first_name: "Camille",
        last_name: "Durand",
        email: "camille@example.com",
        preferred_locale: "fr",
      },
    });
    expect(created.status).toBe(201);
    const patientId = created.body.data.id;
    const token = await t.app.tokens.signPatientLink(clinicId, patientId, 3600);

    const page = await http.request("GET", `/p/preferences/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain("Vos préférences d’e-mail");
    expect(page.text).toContain("Rappels de rendez-vous");
    expect(page.text).toMatch(/<option value="fr" selected lang="fr">Français<\/option>/);
    expect(page.text).toContain('<option value="pt" lang="pt">Português</option>');

    const saved = await http.request("POST", `/p/preferences/${token}`, {
      rawBody: new URLSearchParams({
        email_enabled: "on",
        type_welcome: "on",
        preferred_locale: "pt",
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain('<html lang="pt">');
    expect(saved.text).toContain("As suas preferências foram guardadas.");
    const prefs = await http.request("GET", `${N}/preferences/patient/${patientId}`, { token: admin });
    expect(prefs.body.data.preferred_locale).toBe("pt");

    const confirm = await http.request("GET", `/p/unsubscribe/${token}`);
    expect(confirm.text).toContain("Pretende deixar de receber todos os e-mails da clínica?");
    const done = await http.request("POST", `/p/unsubscribe/${token}`, {
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(done.text).toContain("A sua subscrição foi cancelada");
  });

  it("a broken link answers in the browser's language, else in default/'s neutral words", async () => {
    const fr = await http.request("GET", "/p/preferences/not-a-real-token-at-all", {
      headers: { "accept-language": "fr-CA,fr;q=0.9,en;q=0.5" },
    });
    expect(fr.text).toContain("Ce lien n’est pas valide ou a expiré.");
    const pt = await http.request("GET", "/p/preferences/not-a-real-token-at-all", {
      headers: { "accept-language": "pt-BR" },
    });
    expect(pt.text).toContain("Esta ligação não é válida ou expirou.");
    const none = await http.request("GET", "/p/preferences/not-a-real-token-at-all", {
      headers: { "accept-language": "ja" },
    });
    expect(none.text).toContain('<html lang="en">');
    expect(none.text).toContain("This link is not valid or has expired.");
  });
});
