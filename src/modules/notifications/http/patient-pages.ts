import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { UnauthorizedError } from "../../../core/errors.js";
import type { HttpContext } from "../../../http/context.js";
import { findClinic } from "../../directory/index.js";
import { getPreferences, updatePreferences } from "../settings/index.js";
import { registerAnswerPages } from "./answer-pages.js";
import {
  acceptedLanguage,
  messagePage,
  pageLanguage,
  preferencesPage,
  unsubscribeConfirmPage,
  unsubscribedPage,
} from "./patient-page-html.js";

const tokenParams = z.object({ token: z.string().min(10).max(2000) });

/**
 * The patient's own links (no login): a signed, expiring token per patient. GET never
 * changes anything (mail scanners follow links); one-click unsubscribe is a POST (RFC 8058).
 */
export function registerPatientPages(server: FastifyInstance, ctx: HttpContext): void {
  const { app } = ctx;
  const db = () => app.database.db;

  server.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: 16 * 1024 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  // An appointment email's "confirm" / "I can't come" pages: the same kind of link and form.
  registerAnswerPages(server, ctx);

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(body);

  /**
   * The link's patient and clinic, or why the link cannot be used: a token that is not even
   * shaped like one (400), one we did not sign or whose patient is gone (404), or one past
   * its date (410). Every case gets the same friendly page.
   */
  async function open(params: unknown) {
    const parsed = tokenParams.safeParse(params);
    if (!parsed.success) return { ok: false, status: 400 } as const;
    const token = parsed.data.token;
    try {
      const link = await app.tokens.verifyPatientLink(token);
      const clinic = await findClinic(db(), link.clinicId);
      if (!clinic) return { ok: false, status: 404 } as const;
      const prefs = await getPreferences(db(), app.registry, link.clinicId, link.patientId);
      return { ok: true, token, link, clinic, prefs } as const;
    } catch (err) {
      if (err instanceof UnauthorizedError)
        return { ok: false, status: /expired/.test(err.message) ? 410 : 404 } as const;
      if ((err as { status?: number }).status === 404) return { ok: false, status: 404 } as const;
      throw err;
    }
  }

  /** No patient, no clinic: the page speaks the browser's language (or default/'s). */
  const refusedPage = (req: FastifyRequest, reply: FastifyReply, status: number) =>
    html(
      reply,
      status,
      messagePage(
        pageLanguage(app.templates, acceptedLanguage(app.templates, req.headers["accept-language"]), null),
        "",
        "invalid",
      ),
    );
  /** The patient's language, then the clinic's, then default/: the chain of their emails. */
  const pageOf = (patientLocale: string, clinicLocale: string) =>
    pageLanguage(app.templates, patientLocale, clinicLocale);

  server.get("/p/preferences/:token", { schema: { hide: true } }, async (req, reply) => {
    const opened = await open(req.params);
    if (!opened.ok) return refusedPage(req, reply, opened.status);
    const { token } = opened;
    const { clinic, prefs } = opened;
    return html(
      reply,
      200,
      preferencesPage({
        page: pageOf(prefs.preferredLocale, clinic.defaultLocale),
        clinicName: clinic.name,
        action: `/p/preferences/${token}`,
        emailEnabled: prefs.emailEnabled,
        preferences: prefs.preferences,
        preferredLocale: prefs.preferredLocale,
      }),
    );
  });

  server.post("/p/preferences/:token", { schema: { hide: true } }, async (req, reply) => {
    const opened = await open(req.params);
    if (!opened.ok) return refusedPage(req, reply, opened.status);
    const { token } = opened;
    const form = (req.body ?? {}) as Record<string, string>;
    const { link, clinic, prefs } = opened;
    const preferences = Object.fromEntries(app.registry.keys().map((k) => [k, form[`type_${k}`] === "on"]));
    // A shipped language, or the one already stored (which the form offers as it is).
    const choosable = new Set([...app.templates.locales().map((l) => l.code), prefs.preferredLocale]);
    const locale = choosable.has(form.preferred_locale ?? "") ? form.preferred_locale : undefined;
    const saved = await updatePreferences(
      db(),
      app.registry,
      link.clinicId,
      link.patientId,
      { email_enabled: form.email_enabled === "on", preferences, preferred_locale: locale },
      { kind: "patient", via: "page" },
      app.clock.now(),
      app.preferenceReports,
    );
    const page = pageOf(saved.preferredLocale, clinic.defaultLocale);
    return html(
      reply,
      200,
      preferencesPage({
        page,
        clinicName: clinic.name,
        action: `/p/preferences/${token}`,
        emailEnabled: saved.emailEnabled,
        preferences: saved.preferences,
        preferredLocale: saved.preferredLocale,
        notice: page.text.saved,
      }),
    );
  });

  server.get("/p/unsubscribe/:token", { schema: { hide: true } }, async (req, reply) => {
    const opened = await open(req.params);
    if (!opened.ok) return refusedPage(req, reply, opened.status);
    const { token } = opened;
    return html(
      reply,
      200,
      unsubscribeConfirmPage(
        pageOf(opened.prefs.preferredLocale, opened.clinic.defaultLocale),
        opened.clinic.name,
        `/p/unsubscribe/${token}`,
      ),
    );
  });

  server.post("/p/unsubscribe/:token", { schema: { hide: true } }, async (req, reply) => {
    const opened = await open(req.params);
    if (!opened.ok) return refusedPage(req, reply, opened.status);
    // A mail client's one-click POST says so in its body (RFC 8058); the confirm page's button does not.
    const form = (req.body ?? {}) as Record<string, string>;
    const via = form["List-Unsubscribe"] === "One-Click" ? "one_click" : "page";
    await updatePreferences(
      db(),
      app.registry,
      opened.link.clinicId,
      opened.link.patientId,
      { email_enabled: false },
      { kind: "patient", via },
      app.clock.now(),
      app.preferenceReports,
    );
    return html(
      reply,
      200,
      unsubscribedPage({
        page: pageOf(opened.prefs.preferredLocale, opened.clinic.defaultLocale),
        clinicName: opened.clinic.name,
        preferencesUrl: `/p/preferences/${opened.token}`,
        preferences: opened.prefs.preferences,
        preferredLocale: opened.prefs.preferredLocale,
      }),
    );
  });
}
