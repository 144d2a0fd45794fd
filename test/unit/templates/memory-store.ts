/** An in-memory TemplateStore for service tests (the DB store has its own integration test). */
import type { DbTemplate, TemplateStore } from "../../../src/core/templates/index.js";

export class MemoryTemplateStore implements TemplateStore {
  rows: DbTemplate[] = [];
  layouts = new Map<string, string>();
  private seq = 0;

  add(row: Partial<DbTemplate> & Pick<DbTemplate, "templateKey" | "locale" | "bodyHtml">): DbTemplate {
    const full: DbTemplate = {
      id: `t${++this.seq}`,
      clinicId: null,
      subject: "S",
      bodyText: null,
      isActive: true,
      ...row,
    };
    this.rows.push(full);
    return full;
  }

  async findCandidates(clinicId: string, templateKey: string, locales: string[]): Promise<DbTemplate[]> {
    return this.rows.filter(
      (r) =>
        r.templateKey === templateKey &&
        locales.includes(r.locale) &&
        (r.clinicId === clinicId || r.clinicId === null),
    );
  }

  async findLayout(clinicId: string, name: string): Promise<string | null> {
    return this.layouts.get(`${clinicId}/${name}`) ?? null;
  }
}
