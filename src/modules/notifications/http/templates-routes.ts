import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ConflictError, NotFoundError } from "../../../core/errors.js";
import { sampleContext, withDateValues } from "../../../core/templates/index.js";
import { requirePermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { bodyFloats } from "../../../http/json-floats.js";
import { dataOf, noContent, pageOf, responses } from "../../../http/responses.js";
import { idParams, iso, localeCode } from "../../../http/schemas.js";
import { type Clinic, findClinic, firstProfessional, fullName } from "../../directory/index.js";
import { buildRenderContext, clinicSample } from "../delivery/index.js";
import {
  deleteClinicTemplate,
  findVisibleTemplate,
  insertClinicTemplate,
  listTemplates,
  type TemplateRow,
  updateClinicTemplate,
} from "../settings/index.js";
import { effectiveTemplateSchema, previewSchema, templateSchema } from "./responses.js";

const MAX_TEMPLATE = 200_000;
/** Previews and trial renders run in the render pool's threads, off the event loop. */
const ISOLATED = { isolated: true } as const;
const templateKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,63}$/, "expected a notification type such as welcome");
const fields = {
  subject: z.string().min(1, "must not be empty").max(1000),
  body_html: z.string().min(1, "must not be empty").max(MAX_TEMPLATE),
  body_text: z.string().max(MAX_TEMPLATE).nullable().optional(),
  description: z.string().max(500).nullable().optional(),
  is_active: z.boolean().optional(),
};

const view = (t: TemplateRow) => ({
  id: t.id,
  clinic_id: t.clinicId,
  scope: t.clinicId ? ("clinic" as const) : ("system" as const),
  template_key: t.templateKey,
  locale: t.locale,
  subject: t.subject,
  body_html: t.bodyHtml,
  body_text: t.bodyText,
  description: t.description,
  is_active: t.isActive,
  created_at: iso(t.createdAt),
  updated_at: iso(t.updatedAt),
});

export function registerTemplateRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const read = requirePermission(app.access, "notifications.templates.read");
  const write = requirePermission(app.access, "notifications.templates.write");
  const db = () => app.database.db;

  /**
   * The data previews, and the trial render of a template being saved, render with: the clinic's
   * own name, contacts and one of its professionals, for a sample patient.
   */
  const sampleData =
    (clinic: Clinic, professionalName: string | null, templateKey: string, extra?: Record<string, unknown>) =>
    (formatLocale: string) =>
      withDateValues(
        buildRenderContext({
          // The sample's formatted values are derived again from what the caller's context
          // leaves of the sample (their start_time, total…); a formatted value they give wins.
          stored: {
            ...clinicSample(sampleContext(templateKey, formatLocale), clinic, professionalName),
            ...extra,
          },
          clinic,
          locale: formatLocale,
          links: {
            preferencesUrl: `${app.config.publicUrl}/p/preferences/preview`,
            unsubscribeUrl: `${app.config.publicUrl}/p/unsubscribe/preview`,
          },
        }),
        { timeZone: clinic.timezone, locale: formatLocale },
      );
  const professionalNameOf = async (clinicId: string) => {
    const pro = await firstProfessional(db(), clinicId);
    return pro ? fullName(pro) : null;
  };
  /** Runs `render` in one of the clinic's template-render slots (429 past the limit). */
  const inRenderSlot = async <T>(clinicId: string, render: () => Promise<T>): Promise<T> => {
    const { limit } = ctx.limits.templateRenders;
    const release = ctx.limits.templateRenders.acquire(
      clinicId,
      `at most ${limit} template previews or saves at a time per clinic; retry when one has finished`,
    );
    try {
      return await render();
    } finally {
      release();
    }
  };
  /** A template is saved only if it parses and a trial render stays within the limits. */
  const checkTemplate = async (
    clinicId: string,
    templateKey: string,
    locale: string,
    parts: { subject: string; bodyHtml: string; bodyText: string | null },
  ) => {
    app.templates.validate(parts);
    const clinic = (await findClinic(db(), clinicId))!;
    const professional = await professionalNameOf(clinicId);
    await inRenderSlot(clinicId, () =>
      app.templates.check(
        {
          clinicId,
          locale,
          clinicLocale: clinic.defaultLocale,
          ...parts,
          context: sampleData(clinic, professional, templateKey),
        },
        ISOLATED,
      ),
    );
  };
  const knownType = (key: string) => app.registry.assertKnown(key, "template_key");

  api.get(
    "/templates",
    {
      schema: {
        tags: ["templates"],
        summary: "The clinic's templates and the system templates",
        querystring: z.strictObject({ template_key: templateKey.optional(), locale: localeCode.optional() }),
        response: responses({ 200: pageOf(templateSchema) }),
      },
      onRequest: read,
    },
    async (req) => {
      const rows = await listTemplates(db(), req.principal!.clinicId, {
        templateKey: req.query.template_key,
        locale: req.query.locale,
      });
      return { data: rows.map(view), total: rows.length, page: 1, page_size: rows.length };
    },
  );

  api.get(
    "/templates/effective",
    {
      schema: {
        tags: ["templates"],
        summary:
          "The template a send to a patient of this language would use now, and where it comes from (clinic, system, file)",
        querystring: z.strictObject({ template_key: templateKey, locale: localeCode }),
        response: responses({ 200: dataOf(effectiveTemplateSchema) }),
      },
      onRequest: read,
    },
    async (req) => {
      knownType(req.query.template_key);
      const clinicId = req.principal!.clinicId;
      const clinic = (await findClinic(db(), clinicId))!;
      // The same chain a send uses: this language, then the clinic's, then default/.
      const t = await app.templates.effective({
        clinicId,
        templateKey: req.query.template_key,
        locale: req.query.locale,
        clinicLocale: clinic.defaultLocale,
      });
      return {
        data: {
          subject: t.subject,
          body_html: t.bodyHtml,
          body_text: t.bodyText,
          source: t.source,
          locale: t.locale,
          template_id: t.templateId,
        },
      };
    },
  );

  api.post(
    "/templates/preview",
    {
      schema: {
        tags: ["templates"],
        summary:
          "Render a template (saved, or the subject/body given) with sample data and the context given",
        body: z.strictObject({
          template_key: templateKey,
          locale: localeCode,
          subject: fields.subject.optional(),
          body_html: fields.body_html.optional(),
          body_text: fields.body_text,
          context: z.record(z.string(), z.unknown()).optional(),
        }),
        response: responses({ 200: dataOf(previewSchema) }),
      },
      onRequest: read,
    },
    async (req) => {
      const clinicId = req.principal!.clinicId;
      const b = req.body;
      const clinic = (await findClinic(db(), clinicId))!;
      const professional = await professionalNameOf(clinicId);
      const context = sampleData(clinic, professional, b.template_key, bodyFloats(req, b.context, "context"));
      const languages = { locale: b.locale, clinicLocale: clinic.defaultLocale };
      return inRenderSlot(clinicId, async () => {
        if (b.subject !== undefined || b.body_html !== undefined) {
          const effective = await app.templates.effective({
            clinicId,
            templateKey: b.template_key,
            ...languages,
          });
          const r = await app.templates.renderSource(
            {
              clinicId,
              locale: b.locale,
              clinicLocale: clinic.defaultLocale,
              subject: b.subject ?? effective.subject,
              bodyHtml: b.body_html ?? effective.bodyHtml,
              bodyText: b.body_text === undefined ? effective.bodyText : b.body_text,
              context,
            },
            ISOLATED,
          );
          return { data: renderedView(r, "draft") };
        }
        knownType(b.template_key);
        const r = await app.templates.render(
          { clinicId, templateKey: b.template_key, ...languages, context },
          ISOLATED,
        );
        return { data: renderedView(r, r.source) };
      });
    },
  );

  api.post(
    "/templates",
    {
      schema: {
        tags: ["templates"],
        summary: "Create the clinic's own template for a type and language (syntax checked)",
        body: z.strictObject({ template_key: templateKey, locale: localeCode, ...fields }),
        response: responses({ 201: dataOf(templateSchema) }),
      },
      onRequest: write,
    },
    async (req, reply) => {
      const b = req.body;
      knownType(b.template_key);
      await checkTemplate(req.principal!.clinicId, b.template_key, b.locale, {
        subject: b.subject,
        bodyHtml: b.body_html,
        bodyText: b.body_text ?? null,
      });
      const row = await insertClinicTemplate(db(), {
        clinicId: req.principal!.clinicId,
        templateKey: b.template_key,
        locale: b.locale,
        subject: b.subject,
        bodyHtml: b.body_html,
        bodyText: b.body_text ?? null,
        description: b.description ?? null,
        isActive: b.is_active ?? true,
      });
      if (!row)
        throw new ConflictError(
          `the clinic already has a ${b.template_key} template in ${b.locale}; update it instead`,
        );
      app.templateStore.invalidate();
      return reply.code(201).send({ data: view(row) });
    },
  );

  api.get(
    "/templates/:id",
    {
      schema: { tags: ["templates"], params: idParams, response: responses({ 200: dataOf(templateSchema) }) },
      onRequest: read,
    },
    async (req) => {
      const row = await findVisibleTemplate(db(), req.principal!.clinicId, req.params.id);
      if (!row) throw new NotFoundError("template");
      return { data: view(row) };
    },
  );

  api.put(
    "/templates/:id",
    {
      schema: {
        tags: ["templates"],
        params: idParams,
        body: z.strictObject({
          subject: fields.subject.optional(),
          body_html: fields.body_html.optional(),
          body_text: fields.body_text,
          description: fields.description,
          is_active: fields.is_active,
        }),
        response: responses({ 200: dataOf(templateSchema) }),
      },
      onRequest: write,
    },
    async (req) => {
      const clinicId = req.principal!.clinicId;
      const current = await findVisibleTemplate(db(), clinicId, req.params.id);
      if (!current || current.clinicId !== clinicId) throw new NotFoundError("template");
      const b = req.body;
      const next = {
        subject: b.subject ?? current.subject,
        bodyHtml: b.body_html ?? current.bodyHtml,
        bodyText: b.body_text === undefined ? current.bodyText : b.body_text,
      };
      await checkTemplate(clinicId, current.templateKey, current.locale, next);
      const row = await updateClinicTemplate(db(), clinicId, req.params.id, {
        ...next,
        ...(b.description !== undefined ? { description: b.description } : {}),
        ...(b.is_active !== undefined ? { isActive: b.is_active } : {}),
      });
      if (!row) throw new NotFoundError("template");
      app.templateStore.invalidate();
      return { data: view(row) };
    },
  );

  api.delete(
    "/templates/:id",
    {
      schema: {
        tags: ["templates"],
        summary: "Delete the clinic's template (back to the default)",
        params: idParams,
        response: responses({ 204: noContent }),
      },
      onRequest: write,
    },
    async (req, reply) => {
      if (!(await deleteClinicTemplate(db(), req.principal!.clinicId, req.params.id)))
        throw new NotFoundError("template");
      app.templateStore.invalidate();
      return reply.code(204).send(null);
    },
  );
}

/** A rendered preview as the API shows it. */
function renderedView(
  r: { subject: string; bodyHtml: string; bodyText: string; locale: string },
  source: "clinic" | "system" | "file" | "draft",
) {
  return { subject: r.subject, body_html: r.bodyHtml, body_text: r.bodyText, source, locale: r.locale };
}
