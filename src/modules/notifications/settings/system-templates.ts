import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { emailTemplates } from "../../../core/db/schema.js";
import { NotFoundError, ValidationError } from "../../../core/errors.js";
import { type TemplateService, templatesChanged } from "../../../core/templates/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";

/**
 * System templates: one per (type, locale) for the whole installation, between a clinic's
 * own template and the shipped file in the resolution order. Written by the operator (the
 * CLI, or a token with the installation scope), never by a clinic.
 */

export type SystemTemplateRow = typeof emailTemplates.$inferSelect;

export interface SystemTemplateInput {
  templateKey: string;
  locale: string;
  subject: string;
  bodyHtml: string;
  bodyText: string | null;
  description?: string | null;
  isActive?: boolean;
}

const LOCALE = /^[a-z]{2}(-[A-Z]{2})?$|^default$/;
// A layout that templates extend, stored under its file name (e.g. base.html).
const LAYOUT = /^[a-z][a-z0-9_]{0,63}\.html$/;

export function systemTemplateView(r: SystemTemplateRow) {
  return {
    id: r.id,
    template_key: r.templateKey,
    locale: r.locale,
    subject: r.subject,
    body_html: r.bodyHtml,
    body_text: r.bodyText,
    description: r.description,
    is_active: r.isActive,
    updated_at: r.updatedAt.toISOString(),
  };
}

export async function listSystemTemplates(db: DbOrTx): Promise<SystemTemplateRow[]> {
  return db
    .select()
    .from(emailTemplates)
    .where(isNull(emailTemplates.clinicId))
    .orderBy(asc(emailTemplates.templateKey), asc(emailTemplates.locale));
}

/** Checks the key, locale and syntax (422 naming the field), then creates or replaces. */
export async function saveSystemTemplate(
  deps: { db: DbOrTx; registry: NotificationTypeRegistry; templates: TemplateService },
  input: SystemTemplateInput,
): Promise<{ row: SystemTemplateRow; created: boolean }> {
  if (!LAYOUT.test(input.templateKey)) {
    deps.registry.assertKnown(input.templateKey, "template_key", "or a layout such as base.html");
  }
  if (!LOCALE.test(input.locale)) throw ValidationError.field("locale", "expected a locale such as es or en");
  deps.templates.validate(input);
  const existing = await findSystemTemplate(deps.db, input.templateKey, input.locale);
  const values = {
    subject: input.subject,
    bodyHtml: input.bodyHtml,
    bodyText: input.bodyText,
    description: input.description ?? null,
    isActive: input.isActive ?? true,
  };
  if (existing) {
    const [row] = await deps.db
      .update(emailTemplates)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(emailTemplates.id, existing.id))
      .returning();
    await templatesChanged(deps.db);
    return { row: row!, created: false };
  }
  const [row] = await deps.db
    .insert(emailTemplates)
    .values({ clinicId: null, templateKey: input.templateKey, locale: input.locale, ...values })
    .returning();
  await templatesChanged(deps.db);
  return { row: row!, created: true };
}

/** The one system row of a type and locale. */
const systemRow = (templateKey: string, locale: string) =>
  and(
    isNull(emailTemplates.clinicId),
    eq(emailTemplates.templateKey, templateKey),
    eq(emailTemplates.locale, locale),
  );

export async function deleteSystemTemplate(db: DbOrTx, templateKey: string, locale: string): Promise<void> {
  const rows = await db
    .delete(emailTemplates)
    .where(systemRow(templateKey, locale))
    .returning({ id: emailTemplates.id });
  if (rows.length === 0) throw new NotFoundError(`system template ${templateKey}/${locale}`);
  await templatesChanged(db);
}

async function findSystemTemplate(db: DbOrTx, templateKey: string, locale: string) {
  const rows = await db.select().from(emailTemplates).where(systemRow(templateKey, locale));
  return rows[0];
}
