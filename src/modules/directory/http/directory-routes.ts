import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NotFoundError } from "../../../core/errors.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, pageOf, responses } from "../../../http/responses.js";
import {
  email,
  idParams,
  localeCode,
  optionalName,
  paged,
  pageQuery,
  requiredName,
  uuid,
} from "../../../http/schemas.js";
import { listAppointments } from "../appointments-repo.js";
import { listBudgets } from "../budgets-repo.js";
import { bouncesOf } from "../patient-bounces.js";
import { findPatient, listPatients, type Patient } from "../patients-repo.js";
import { listProfessionals } from "../professionals-repo.js";
import { appointmentView, budgetView, patientView, professionalView } from "../views.js";
import {
  appointmentSchema,
  budgetSchema,
  patientSchema,
  professionalSchema,
  publishedAppointmentSchema,
  publishedBudgetSchema,
  publishedPatientSchema,
} from "./responses.js";

const isoWithOffset = z.iso.datetime({ offset: true, message: "expected an ISO 8601 date-time with offset" });
const patientBody = z.strictObject({
  first_name: requiredName,
  last_name: optionalName,
  email: email.nullable().optional(),
  phone: z.string().trim().max(40).nullable().optional(),
  preferred_locale: localeCode.nullable().optional(),
});
const money = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, 'expected an amount such as "1250.00"');
const item = z.strictObject({
  description: z.string().trim().min(1).max(500),
  quantity: z.number().positive().max(10_000).optional(),
  unit_price: money.optional(),
  total: money.optional(),
});

/** The clinic directory: small CRUD for the records every notification is about. */
export function registerDirectoryRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const auth = requirePermission(app.access, null);
  const db = () => app.database.db;
  const dir = app.directory;
  /** Patients as the API shows them: with their address's bounce, read for all at once. */
  const patientViews = async (clinicId: string, list: Patient[]) => {
    const bounces = await bouncesOf(db(), clinicId, list);
    return list.map((p) => patientView(p, bounces.get(p.id)));
  };
  const onePatientView = async (clinicId: string, p: Patient) => (await patientViews(clinicId, [p]))[0]!;

  api.get(
    "/patients",
    {
      schema: {
        tags: ["directory"],
        querystring: z.strictObject({ ...pageQuery, q: z.string().max(100).optional() }),
        response: responses({ 200: pageOf(patientSchema) }),
      },
      onRequest: auth,
    },
    async (req) => {
      const { page, page_size, q } = req.query;
      const { clinicId } = req.principal!;
      const { rows, total } = await listPatients(db(), clinicId, q, page, page_size);
      return paged(await patientViews(clinicId, rows), total, page, page_size);
    },
  );
  api.post(
    "/patients",
    {
      schema: {
        tags: ["directory"],
        summary: "Create a patient (publishes patient.created)",
        body: patientBody,
        response: responses({ 201: dataOf(publishedPatientSchema) }),
      },
      onRequest: auth,
    },
    async (req, reply) => {
      const { clinicId } = req.principal!;
      const patient = await dir.createPatient(clinicId, req.body);
      const view = await onePatientView(clinicId, patient);
      return reply.code(201).send({ data: { ...view, event_id: patient.eventId } });
    },
  );
  api.get(
    "/patients/:id",
    {
      schema: { tags: ["directory"], params: idParams, response: responses({ 200: dataOf(patientSchema) }) },
      onRequest: auth,
    },
    async (req) => {
      const { clinicId } = req.principal!;
      const patient = await findPatient(db(), clinicId, req.params.id);
      if (!patient) throw new NotFoundError("patient");
      return { data: await onePatientView(clinicId, patient) };
    },
  );
  api.patch(
    "/patients/:id",
    {
      schema: {
        tags: ["directory"],
        params: idParams,
        body: patientBody.partial(),
        response: responses({ 200: dataOf(patientSchema) }),
      },
      onRequest: auth,
    },
    async (req) => {
      const { clinicId } = req.principal!;
      const patient = await dir.updatePatient(clinicId, req.params.id, req.body);
      return { data: await onePatientView(clinicId, patient) };
    },
  );

  const professionals = { tags: ["directory"], response: responses({ 200: pageOf(professionalSchema) }) };
  api.get("/professionals", { schema: professionals, onRequest: auth }, async (req) => {
    const rows = await listProfessionals(db(), req.principal!.clinicId);
    return paged(rows.map(professionalView), rows.length, 1, rows.length);
  });
  api.post(
    "/professionals",
    {
      schema: {
        tags: ["directory"],
        body: z.strictObject({
          first_name: requiredName,
          last_name: optionalName,
          email: email.nullable().optional(),
        }),
        response: responses({ 201: dataOf(professionalSchema) }),
      },
      onRequest: auth,
    },
    async (req, reply) => {
      const row = await dir.createProfessional(req.principal!.clinicId, req.body);
      return reply.code(201).send({ data: professionalView(row) });
    },
  );

  api.get(
    "/appointments",
    {
      schema: {
        tags: ["directory"],
        querystring: z.strictObject({
          ...pageQuery,
          patient_id: uuid.optional(),
          from: isoWithOffset.optional(),
          to: isoWithOffset.optional(),
        }),
        response: responses({ 200: pageOf(appointmentSchema) }),
      },
      onRequest: auth,
    },
    async (req) => {
      const { page, page_size, patient_id, from, to } = req.query;
      const { rows, total } = await listAppointments(
        db(),
        req.principal!.clinicId,
        { patientId: patient_id, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined },
        page,
        page_size,
      );
      return paged(
        rows.map((r) =>
          appointmentView(
            r.appointment,
            `${r.patientFirst} ${r.patientLast}`.trim(),
            r.proFirst ? `${r.proFirst} ${r.proLast ?? ""}`.trim() : null,
          ),
        ),
        total,
        page,
        page_size,
      );
    },
  );
  api.post(
    "/appointments",
    {
      schema: {
        tags: ["directory"],
        summary: "Schedule an appointment (publishes appointment.scheduled)",
        body: z.strictObject({
          patient_id: uuid,
          professional_id: uuid,
          start_time: isoWithOffset,
          duration_minutes: z.number().int().min(5).max(600).optional(),
          reason: z.string().trim().max(500).nullable().optional(),
        }),
        response: responses({ 201: dataOf(publishedAppointmentSchema) }),
      },
      onRequest: auth,
    },
    async (req, reply) => {
      const row = await dir.scheduleAppointment(req.principal!.clinicId, req.body);
      return reply.code(201).send({ data: { ...appointmentView(row), event_id: row.eventId } });
    },
  );
  api.post(
    "/appointments/:id/cancel",
    {
      schema: {
        tags: ["directory"],
        summary: "Cancel (publishes appointment.cancelled)",
        params: idParams,
        body: z.strictObject({ reason: z.string().trim().max(500).nullable().optional() }).optional(),
        response: responses({ 200: dataOf(publishedAppointmentSchema) }),
      },
      onRequest: auth,
    },
    async (req) => {
      const row = await dir.cancelAppointment(req.principal!.clinicId, req.params.id, req.body?.reason);
      return { data: { ...appointmentView(row), event_id: row.eventId } };
    },
  );
  api.post(
    "/appointments/:id/reschedule",
    {
      schema: {
        tags: ["directory"],
        summary: "Move (publishes appointment.rescheduled)",
        params: idParams,
        body: z.strictObject({ start_time: isoWithOffset }),
        response: responses({ 200: dataOf(publishedAppointmentSchema) }),
      },
      onRequest: auth,
    },
    async (req) => {
      const row = await dir.rescheduleAppointment(
        req.principal!.clinicId,
        req.params.id,
        req.body.start_time,
      );
      return { data: { ...appointmentView(row), event_id: row.eventId } };
    },
  );

  api.get(
    "/budgets",
    {
      schema: {
        tags: ["directory"],
        querystring: z.strictObject({ ...pageQuery, patient_id: uuid.optional() }),
        response: responses({ 200: pageOf(budgetSchema) }),
      },
      onRequest: auth,
    },
    async (req) => {
      const { page, page_size, patient_id } = req.query;
      const { rows, total } = await listBudgets(db(), req.principal!.clinicId, patient_id, page, page_size);
      return paged(
        rows.map((r) => budgetView(r.budget, `${r.patientFirst} ${r.patientLast}`.trim())),
        total,
        page,
        page_size,
      );
    },
  );
  api.post(
    "/budgets",
    {
      schema: {
        tags: ["directory"],
        body: z.strictObject({
          patient_id: uuid,
          total: money,
          currency: z
            .string()
            .regex(/^[A-Z]{3}$/, "expected an ISO 4217 code such as EUR")
            .optional(),
          items: z.array(item).max(200).optional(),
        }),
        response: responses({ 201: dataOf(budgetSchema) }),
      },
      onRequest: auth,
    },
    async (req, reply) => {
      const row = await dir.createBudget(req.principal!.clinicId, req.body);
      return reply.code(201).send({ data: budgetView(row) });
    },
  );
  api.post(
    "/budgets/:id/send",
    {
      schema: {
        tags: ["directory"],
        summary: "Mark sent (publishes budget.sent)",
        params: idParams,
        response: responses({ 200: dataOf(publishedBudgetSchema) }),
      },
      onRequest: auth,
    },
    async (req) => {
      const row = await dir.sendBudget(req.principal!.clinicId, req.params.id);
      return { data: { ...budgetView(row), event_id: row.eventId } };
    },
  );
  api.post(
    "/budgets/:id/accept",
    {
      schema: {
        tags: ["directory"],
        summary: "Mark accepted (publishes budget.accepted)",
        params: idParams,
        response: responses({ 200: dataOf(publishedBudgetSchema) }),
      },
      onRequest: auth,
    },
    async (req) => {
      const row = await dir.acceptBudget(req.principal!.clinicId, req.params.id);
      return { data: { ...budgetView(row), event_id: row.eventId } };
    },
  );
}
