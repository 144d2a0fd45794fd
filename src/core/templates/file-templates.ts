/**
 * Templates shipped as files: `<dir>/<locale>/<key>.subject.txt`, `<key>.html` and the
 * optional `<key>.txt`, plus layouts named `base*.html` per locale folder. Files are read
 * once and kept (they are part of the release, not edited at run time).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DEFAULT_TEMPLATES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../templates/email",
);

const KEY_RE = /^[a-z0-9][a-z0-9_]*$/;
const LOCALE_RE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
/** Only these names can be extended from the shipped folders. */
export const LAYOUT_RE = /^base[a-z0-9_-]*\.html$/;

export interface FileTemplate {
  subject: string;
  bodyHtml: string;
  bodyText: string | null;
  locale: string;
}

export class FileTemplates {
  private readonly dirs: string[];
  private readonly cache = new Map<string, string | null>();

  constructor(dir: string) {
    this.dirs = [dir];
  }

  addDir(dir: string): void {
    if (!this.dirs.includes(dir)) this.dirs.push(dir);
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
