import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppointmentLink } from "../../../core/auth/tokens.js";
import type { PatientResponse } from "../../../core/db/schema.js";
import { UnauthorizedError } from "../../../core/errors.js";
import { formatDateTime } from "../../../core/templates/index.js";
import type { HttpContext } from "../../../http/context.js";
import { type Clinic, findAppointment, findClinic } from "../../directory/index.js";
import { type AnswerLinkCheck, answerPage } from "../answer-decisions.js";
import { getPreferences } from "../settings/index.js";
import {
  type AnswerPageFrame,
  answeredPage,
  answerLinkRefusedPage,
  answerPageHtml,
} from "./answer-page-html.js";
import { acceptedLanguage, pageLanguage } from "./patient-page-html.js";

const tokenParams = z.object({ token: z.string().min(10).max(2000) });

/** The two links of an appointment email: one path each, the same token. */
const PATHS: Record<PatientResponse, string> = {
  confirmed: "/p/confirm",
  cancellation_requested: "/p/cancel",
};

/**
 * "Confirm attendance" and "I can't come" (no login; a signed, expiring token bound to one
 * appointment at one start). A GET only asks (mail scanners follow links); the page's button
 * posts the same token back, and only that records the answer. See answerPage for which page
 * each state shows; the form parser comes with the preference pages (registerPatientPages).
 */
export function registerAnswerPages(server: FastifyInstance, ctx: HttpContext): void {
  const { app } = ctx;
  const db = () => app.database.db;

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply
      .code(status)
      .header("content-type", "text/html; charset=utf-8")
      .header("cache-control", "no-store")
      .send(body);

  /** The token's state, its clinic (a link whose clinic is gone is unknown), and the link itself. */
  async function check(
    params: unknown,
  ): Promise<{ check: AnswerLinkCheck; token?: string; link?: AppointmentLink; clinic?: Clinic }> {
    const parsed = tokenParams.safeParse(params);
    if (!parsed.success) return { check: { state: "malformed" } };
    const token = parsed.data.token;
    try {
      const link = await app.tokens.verifyAppointmentLink(token);
      const clinic = await findClinic(db(), link.clinicId);
      if (!clinic) return { check: { state: "unknown" } };
      return {
        check: { state: "valid", patientId: link.patientId, startTime: link.startTime },
        token,
        link,
        clinic,
      };
    } catch (err) {
      if (err instanceof UnauthorizedError)
        return { check: { state: /expired/.test(err.message) ? "expired" : "unknown" } };
      throw err;
    }
  }

  /** The appointment as the decision sees it (none: not in the link's clinic). */
  async function appointmentOf(link: AppointmentLink) {
    const a = await findAppointment(db(), link.clinicId, link.appointmentId);
    if (!a) return null;
    return {
      patientId: a.patientId,
      status: a.status,
      startTime: a.startTime,
      response: a.patientResponse,
      respondedAt: a.patientRespondedAt,
    };
  }

  /** The patient's language first, then the clinic's (the chain of their emails). */
  async function frameOf(token: string, link: AppointmentLink, clinic: Clinic): Promise<AnswerPageFrame> {
    // The appointment matched the link's patient, so the patient exists (appointments go with them).
    const prefs = await getPreferences(db(), app.registry, link.clinicId, link.patientId);
    const page = pageLanguage(app.templates, prefs.preferredLocale, clinic.defaultLocale);
    const format = app.templates.localeInfo(page.lang)?.format ?? page.lang;
    const formatDate = (d: Date) => formatDateTime(d, clinic.timezone, format);
    return {
      page,
      clinic: { name: clinic.name, phone: clinic.phone, email: clinic.email },
      when: formatDate(link.startTime),
      formatDate,
      confirmPath: `${PATHS.confirmed}/${token}`,
      cancelPath: `${PATHS.cancellation_requested}/${token}`,
    };
  }

  /** No appointment to speak of: the page speaks the browser's language (or default/'s). */
  const refused = (req: FastifyRequest, reply: FastifyReply, status: number) =>
    html(
      reply,
      status,
      answerLinkRefusedPage(
        pageLanguage(app.templates, acceptedLanguage(app.templates, req.headers["accept-language"]), null),
      ),
    );

  for (const wanted of ["confirmed", "cancellation_requested"] as const) {
    const path = `${PATHS[wanted]}/:token`;

    server.get(path, { schema: { hide: true } }, async (req, reply) => {
      const opened = await check(req.params);
      const { token, link, clinic } = opened;
      const appointment = link ? await appointmentOf(link) : null;
      const now = app.clock.now();
      const page = answerPage({ link: opened.check, appointment, wanted, method: "GET", now });
      if (page.kind === "invalid" || !token || !link || !clinic) return refused(req, reply, page.status);
      if (page.kind === "record") throw new Error("a GET never records an answer");
      return html(reply, page.status, answerPageHtml(await frameOf(token, link, clinic), page));
    });

    server.post(path, { schema: { hide: true } }, async (req, reply) => {
      const opened = await check(req.params);
      const { token, link, clinic } = opened;
      // Twice at most: a click that lost a race to another sees the state the winner left.
      for (let round = 0; round < 2; round++) {
        const appointment = link ? await appointmentOf(link) : null;
        const now = app.clock.now();
        const page = answerPage({ link: opened.check, appointment, wanted, method: "POST", now });
        if (page.kind === "invalid" || !token || !link || !clinic) return refused(req, reply, page.status);
        const frame = await frameOf(token, link, clinic);
        if (page.kind !== "record") return html(reply, page.status, answerPageHtml(frame, page));
        const recorded = await app.directory.answerAppointment(
          link.clinicId,
          link.appointmentId,
          { patientId: link.patientId, startTime: link.startTime },
          wanted,
        );
        if (recorded?.patientRespondedAt)
          return html(reply, 200, answeredPage(frame, wanted, recorded.patientRespondedAt, true));
      }
      throw new Error("the appointment changed twice while its answer was being recorded");
    });
  }
}
