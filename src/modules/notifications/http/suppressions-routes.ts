import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NotFoundError } from "../../../core/errors.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, noContent, pageOf, responses } from "../../../http/responses.js";
import { email, idParams, iso, paged, pageQuery, uuid } from "../../../http/schemas.js";
import { findPatient } from "../../directory/index.js";
import {
  addManualSuppression,
  allSuppressions,
  listSuppressions,
  removeSuppression,
  type SuppressionRow,
  suppressionsCsv,
} from "../suppressions/index.js";
import { suppressionSchema } from "./responses.js";

export const suppressionView = (s: SuppressionRow) => ({
  id: s.id,
  email: s.email,
  reason: s.reason,
  smtp_reply: s.smtpReply,
  patient_id: s.patientId,
  email_log_id: s.emailLogId,
  created_at: iso(s.createdAt),
});

const filters = {
  q: z.string().trim().max(254).optional(),
  email: z.string().trim().max(254).optional(),
};

/**
 * The clinic's suppressed addresses: those a receiving server refused for good (bounces) and
 * those staff listed by hand. No email goes to them until they are taken off the list.
 */
export function registerSuppressionRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const read = requirePermission(app.access, "notifications.suppressions.read");
  const write = requirePermission(app.access, "notifications.suppressions.write");
  const db = () => app.database.db;

  api.get(
    "/suppressions",
    {
      schema: {
        tags: ["suppressions"],
        summary: "Suppressed addresses, newest first (q: part of the address or reply; email: exactly)",
        querystring: z.strictObject({ ...pageQuery, ...filters }),
        response: responses({ 200: pageOf(suppressionSchema) }),
      },
      onRequest: read,
    },
    async (req) => {
      const q = req.query;
      const { rows, total } = await listSuppressions(
        db(),
        req.principal!.clinicId,
        { q: q.q, email: q.email },
        q.page,
        q.page_size,
      );
      return paged(rows.map(suppressionView), total, q.page, q.page_size);
    },
  );

  api.get(
    "/suppressions.csv",
    {
      schema: {
        tags: ["suppressions"],
        summary: "The list as CSV (same filters), for a spreadsheet",
        querystring: z.strictObject(filters),
        produces: ["text/csv"],
        response: responses({ 200: z.string().describe("text/csv; charset=utf-8") }),
      },
      onRequest: read,
    },
    async (req, reply) => {
      const rows = await allSuppressions(db(), req.principal!.clinicId, req.query);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="suppressed-addresses.csv"')
        .send(suppressionsCsv(rows));
    },
  );

  api.post(
    "/suppressions",
    {
      schema: {
        tags: ["suppressions"],
        summary: "List an address by hand (409 when it is listed already)",
        body: z.strictObject({ email, patient_id: uuid.nullable().optional() }),
        response: responses({ 201: dataOf(suppressionSchema) }),
      },
      onRequest: write,
    },
    async (req, reply) => {
      const clinicId = req.principal!.clinicId;
      const patientId = req.body.patient_id ?? null;
      if (patientId && !(await findPatient(db(), clinicId, patientId))) throw new NotFoundError("patient");
      const row = await addManualSuppression(db(), clinicId, { email: req.body.email, patientId });
      return reply.code(201).send({ data: suppressionView(row) });
    },
  );

  api.delete(
    "/suppressions/:id",
    {
      schema: {
        tags: ["suppressions"],
        summary: "Take an address off the list: emails go to it again (a failed one may be retried)",
        params: idParams,
        response: responses({ 204: noContent }),
      },
      onRequest: write,
    },
    async (req, reply) => {
      if (!(await removeSuppression(db(), req.principal!.clinicId, req.params.id)))
        throw new NotFoundError("suppression");
      return reply.code(204).send(null);
    },
  );
}
