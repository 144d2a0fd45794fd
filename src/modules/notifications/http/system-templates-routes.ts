import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { requireInstallationPermission } from "../../../http/auth.js";
import type { HttpContext } from "../../../http/context.js";
import { dataOf, noContent, pageOf, responses } from "../../../http/responses.js";
import {
  deleteSystemTemplate,
  listSystemTemplates,
  saveSystemTemplate,
  systemTemplateView,
} from "../settings/index.js";
import { systemTemplateSchema } from "./responses.js";

const params = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,63}(\.html)?$/, "expected a notification type such as welcome"),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$|^default$/, "expected a locale such as es or en"),
});
const body = z.strictObject({
  subject: z.string().min(1, "must not be empty").max(1000),
  body_html: z.string().min(1, "must not be empty").max(200_000),
  body_text: z.string().max(200_000).nullable().optional(),
  description: z.string().max(500).nullable().optional(),
  is_active: z.boolean().optional(),
});

/**
 * The installation's own templates (clinic > system > file). Only an operator's
 * installation token reaches them; clinics read them through GET /templates.
 */
export function registerSystemTemplateRoutes(server: FastifyInstance, ctx: HttpContext): void {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { app } = ctx;
  const guard = requireInstallationPermission(app.tokens, "notifications.system_templates.write");
  const db = () => app.database.db;

  api.get(
    "/system-templates",
    {
      schema: {
        tags: ["templates"],
        summary: "Every system template (installation token)",
        response: responses({ 200: pageOf(systemTemplateSchema) }),
      },
      onRequest: guard,
    },
    async () => {
      const rows = await listSystemTemplates(db());
      return { data: rows.map(systemTemplateView), total: rows.length, page: 1, page_size: rows.length };
    },
  );

  api.put(
    "/system-templates/:key/:locale",
    {
      schema: {
        tags: ["templates"],
        summary: "Create or replace the system template of a type and locale (installation token)",
        params,
        body,
        response: responses({ 200: dataOf(systemTemplateSchema), 201: dataOf(systemTemplateSchema) }),
      },
      onRequest: guard,
    },
    async (req, reply) => {
      const { row, created } = await saveSystemTemplate(
        { db: db(), registry: app.registry, templates: app.templates },
        {
          templateKey: req.params.key,
          locale: req.params.locale,
          subject: req.body.subject,
          bodyHtml: req.body.body_html,
          bodyText: req.body.body_text ?? null,
          description: req.body.description,
          isActive: req.body.is_active,
        },
      );
      app.templateStore.invalidate();
      return reply.code(created ? 201 : 200).send({ data: systemTemplateView(row) });
    },
  );

  api.delete(
    "/system-templates/:key/:locale",
    {
      schema: {
        tags: ["templates"],
        summary: "Delete a system template; the shipped file applies again (installation token)",
        params,
        response: responses({ 204: noContent }),
      },
      onRequest: guard,
    },
    async (req, reply) => {
      await deleteSystemTemplate(db(), req.params.key, req.params.locale);
      app.templateStore.invalidate();
      return reply.code(204).send(null);
    },
  );
}
