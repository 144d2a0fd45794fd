/** The shapes the template system exchanges with its store and its callers. */
export interface DbTemplate {
  id: string;
  clinicId: string | null;
  templateKey: string;
  locale: string;
  subject: string;
  bodyHtml: string;
  bodyText: string | null;
  isActive: boolean;
}

export interface TemplateStore {
  /** Clinic and system templates of a key in any of the locales (active or not). */
  findCandidates(clinicId: string, templateKey: string, locales: string[]): Promise<DbTemplate[]>;
  /** A layout the clinic stored under `name` (e.g. "base.html"), if any. */
  findLayout?(clinicId: string, name: string): Promise<string | null>;
}

export interface RenderedEmail {
  subject: string;
  bodyHtml: string;
  bodyText: string;
  source: "clinic" | "system" | "file";
  locale: string;
  templateId: string | null;
}
