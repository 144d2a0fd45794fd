/**
 * Templates shipped as files: `<dir>/<locale>/<key>.subject.txt`, `<key>.html` and the
 * optional `<key>.txt`, plus layouts named `base*.html` per locale folder, and the folder's
 * `locale.json` (its language's name, formatting tag, calendar words and patient-page
 * strings). Files are read once and kept (they are part of the release, not edited at run time).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_TEMPLATES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../templates/email",
);

const KEY_RE = /^[a-z0-9][a-z0-9_]*$/;
const LOCALE_RE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
/** File names another template may name: one plain file of a locale folder. */
const NAMED_RE = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+$/;
/** Only these names can be extended from the shipped folders. */
export const LAYOUT_RE = /^base[a-z0-9_-]*\.html$/;

export interface FileTemplate {
  subject: string;
  bodyHtml: string;
  bodyText: string | null;
  locale: string;
}

/** What a locale folder's `locale.json` says about its language. */
export interface LocaleInfo {
  /** The folder's name: "fr", "pt", "default". */
  code: string;
  /** The language's name in that language: "Français". */
  name: string;
  /** The tag dates, times and money are formatted with: "pt-PT". */
  format: string;
  /** Calendar invitation words; `{clinic}` is replaced by the clinic's name. */
  calendar: { summary: string; filename: string };
  /** Strings of the patient's own pages (read by the notifications module). */
  pages: Record<string, unknown>;
}

export class FileTemplates {
  private readonly dirs: string[];
  private readonly cache = new Map<string, string | null>();
  private localeList: LocaleInfo[] | null = null;

  constructor(dir: string) {
    this.dirs = [dir];
  }

  addDir(dir: string): void {
    if (!this.dirs.includes(dir)) this.dirs.push(dir);
    this.localeList = null;
  }

  private read(file: string): string | null {
    if (this.cache.has(file)) return this.cache.get(file)!;
    const text = existsSync(file) ? readFileSync(file, "utf8") : null;
    this.cache.set(file, text);
    return text;
  }

  /** The template for a key in one locale folder, from the first directory that has it. */
  find(templateKey: string, locale: string): FileTemplate | null {
    if (!KEY_RE.test(templateKey) || !LOCALE_RE.test(locale)) return null;
    for (const dir of this.dirs) {
      const base = path.join(dir, locale, templateKey);
      const bodyHtml = this.read(`${base}.html`);
      if (bodyHtml === null) continue;
      const subject = this.read(`${base}.subject.txt`) ?? templateKey.replace(/_/g, " ");
      return { subject: subject.trim(), bodyHtml, bodyText: this.read(`${base}.txt`), locale };
    }
    return null;
  }

  has(templateKey: string, locales: string[]): boolean {
    return locales.some((l) => this.find(templateKey, l) !== null);
  }

  /** The locale folder's `locale.json`, from the first directory that has one. */
  localeInfo(locale: string): LocaleInfo | null {
    if (!LOCALE_RE.test(locale)) return null;
    for (const dir of this.dirs) {
      const text = this.read(path.join(dir, locale, "locale.json"));
      if (text === null) continue;
      const raw = JSON.parse(text) as Partial<LocaleInfo>;
      return {
        code: locale,
        name: raw.name ?? locale,
        format: raw.format ?? locale,
        calendar: {
          summary: raw.calendar?.summary ?? "{clinic}",
          filename: raw.calendar?.filename ?? "appointment.ics",
        },
        pages: raw.pages ?? {},
      };
    }
    return null;
  }

  /** Every locale folder that has a `locale.json`, `default` included, sorted by code. */
  locales(): LocaleInfo[] {
    if (this.localeList) return this.localeList;
    const codes = new Set<string>();
    for (const dir of this.dirs) {
      if (!existsSync(dir)) continue;
      for (const entry of readdirSync(dir, { withFileTypes: true }))
        if (entry.isDirectory() && LOCALE_RE.test(entry.name)) codes.add(entry.name);
    }
    this.localeList = [...codes]
      .sort()
      .map((c) => this.localeInfo(c))
      .filter((i): i is LocaleInfo => i !== null);
    return this.localeList;
  }

  /**
   * A shipped file named by another template (`include "footer.html"`) in one locale folder:
   * a plain file name (no folders, no `..`), from the first directory that has it.
   */
  named(name: string, locale: string): string | null {
    if (!NAMED_RE.test(name) || !LOCALE_RE.test(locale)) return null;
    for (const dir of this.dirs) {
      const text = this.read(path.join(dir, locale, name));
      if (text !== null) return text;
    }
    return null;
  }

  /** A shipped layout, looked up along the locale chain. */
  layout(name: string, locales: string[]): string | null {
    if (!LAYOUT_RE.test(name)) return null;
    for (const locale of locales) {
      if (!LOCALE_RE.test(locale)) continue;
      for (const dir of this.dirs) {
        const text = this.read(path.join(dir, locale, name));
        if (text !== null) return text;
      }
    }
    return null;
  }
}
