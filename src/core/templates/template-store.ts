/** The template store on the `email_templates` table (drizzle). */
import { and, desc, eq, inArray, isNull, or } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { emailTemplates } from "../db/schema.js";
import type { DbTemplate, TemplateStore } from "./types.js";

export class DbTemplateStore implements TemplateStore {
  constructor(private readonly db: Db) {}

  async findCandidates(clinicId: string, templateKey: string, locales: string[]): Promise<DbTemplate[]> {
    if (!locales.length) return [];
    const rows = await this.db
      .select({
        id: emailTemplates.id,
        clinicId: emailTemplates.clinicId,
        templateKey: emailTemplates.templateKey,
        locale: emailTemplates.locale,
        subject: emailTemplates.subject,
        bodyHtml: emailTemplates.bodyHtml,
        bodyText: emailTemplates.bodyText,
        isActive: emailTemplates.isActive,
      })
      .from(emailTemplates)
      .where(
        and(
          eq(emailTemplates.templateKey, templateKey),
          inArray(emailTemplates.locale, locales),
          or(eq(emailTemplates.clinicId, clinicId), isNull(emailTemplates.clinicId)),
        ),
      );
    return rows;
  }

  /** A clinic's layouts are rows whose template_key is the layout's file name, e.g. "base.html". */
  async findLayout(clinicId: string, name: string): Promise<string | null> {
    const [row] = await this.db
      .select({ bodyHtml: emailTemplates.bodyHtml })
      .from(emailTemplates)
      .where(
        and(
          eq(emailTemplates.clinicId, clinicId),
          eq(emailTemplates.templateKey, name),
          eq(emailTemplates.isActive, true),
        ),
      )
      .orderBy(desc(emailTemplates.updatedAt))
      .limit(1);
    return row?.bodyHtml ?? null;
  }
}
