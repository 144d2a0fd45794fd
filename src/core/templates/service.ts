/**
 * Resolves, renders and validates notification templates. For each locale of the chain, a
 * clinic's active DB template wins over the system's, which wins over the shipped file; a DB
 * template that fails to render is logged and the next candidate is tried.
 */

import { DEFAULT_TEMPLATES_DIR, FileTemplates, type LocaleInfo } from "./file-templates.js";
import {
  asRenderError,
  TemplateEngine,
  type TemplateField,
  TemplateLayoutError,
  TemplateLimitError,
  TemplateRenderError,
  TemplateSyntaxError,
} from "./jinja/index.js";
import { buildLocaleChain, formattingLocale, NEUTRAL_LOCALE } from "./locale-chain.js";
import { type RenderJob, type RenderOutcome, runRenderJob } from "./render-job.js";
import type { RenderPool } from "./render-pool.js";
import type { DbTemplate, RenderedEmail, TemplateStore } from "./types.js";

export class TemplateNotFoundError extends TemplateRenderError {
  constructor(templateKey: string, locales: string[]) {
    super(`no template '${templateKey}' for locales ${locales.join(", ")}`);
    this.name = "TemplateNotFoundError";
  }
}

export interface Candidate {
  subject: string;
  bodyHtml: string;
  bodyText: string | null;
  source: "clinic" | "system" | "file";
  locale: string;
  templateId: string | null;
}

type Logger = { warn(obj: object, msg: string): void };

/**
 * Where a render runs: `isolated` renders (previews, the trial render of a template being
 * saved) go to the render pool's threads when there is one; sends render in the calling thread.
 */
export interface RenderPlacement {
  isolated?: boolean;
}

/** Whose language an email is for: the patient's (may be null) and the clinic's. */
export interface LocaleRequest {
  /** The patient's (or the request's) language; null when unknown. */
  locale: string | null | undefined;
  /** The clinic's language. */
  clinicLocale?: string | null;
}

/**
 * The render context, or a function that builds it for the locale dates and money are to be
 * formatted in (which depends on the template that wins: see `formattingLocale`).
 */
export type RenderContext = Record<string, unknown> | ((formatLocale: string) => Record<string, unknown>);

/**
 * The store could not be read (e.g. the database connection dropped): not the template's
 * fault, so neither a fallback to the next template nor a render error; the caller retries.
 */
class StoreUnavailable extends Error {
  constructor(readonly original: unknown) {
    super("the template store could not be read");
  }
}

export class TemplateService {
  private readonly store: TemplateStore;
  private readonly files: FileTemplates;
  private readonly logger: Logger | undefined;
  private readonly pool: RenderPool | undefined;
  readonly engine: TemplateEngine;

  constructor(opts: {
    store: TemplateStore;
    templatesDir?: string;
    logger?: Logger;
    engine?: TemplateEngine;
    pool?: RenderPool;
  }) {
    this.store = opts.store;
    this.files = new FileTemplates(opts.templatesDir ?? DEFAULT_TEMPLATES_DIR);
    this.logger = opts.logger;
    this.engine = opts.engine ?? new TemplateEngine();
    this.pool = opts.pool;
  }

  addTemplateDir(dir: string): void {
    this.files.addDir(dir);
  }

  hasFileTemplate(templateKey: string): boolean {
    return this.files.has(templateKey, [...this.locales().map((l) => l.code), "es", "en", NEUTRAL_LOCALE]);
  }

  /** The languages shipped as template folders (with a `locale.json`), `default` excluded. */
  locales(): LocaleInfo[] {
    return this.files.locales().filter((l) => l.code !== NEUTRAL_LOCALE);
  }

  /** A shipped locale folder's `locale.json` (also `default`'s), or null. */
  localeInfo(locale: string): LocaleInfo | null {
    return this.files.localeInfo(locale);
  }

  /** The chain of locales tried for this patient and clinic (see `buildLocaleChain`). */
  chain(req: LocaleRequest): string[] {
    return buildLocaleChain(req.locale, req.clinicLocale);
  }

  /** The locale dates and money are written in when a template of `templateLocale` wins. */
  formatLocale(templateLocale: string, chain: readonly string[]): string {
    return formattingLocale(templateLocale, chain, (l) => this.files.localeInfo(l)?.format ?? null);
  }

  private async candidates(clinicId: string, templateKey: string, locales: string[]): Promise<Candidate[]> {
    const rows = (await this.store.findCandidates(clinicId, templateKey, locales)).filter((r) => r.isActive);
    const fromRow = (r: DbTemplate, source: "clinic" | "system"): Candidate => ({
      subject: r.subject,
      bodyHtml: r.bodyHtml,
      bodyText: r.bodyText,
      source,
      locale: r.locale,
      templateId: r.id,
    });
    const out: Candidate[] = [];
    for (const locale of locales) {
      const clinic = rows.find((r) => r.clinicId === clinicId && r.locale === locale);
      if (clinic) out.push(fromRow(clinic, "clinic"));
      const system = rows.find((r) => r.clinicId === null && r.locale === locale);
      if (system) out.push(fromRow(system, "system"));
      const file = this.files.find(templateKey, locale);
      if (file) out.push({ ...file, source: "file", templateId: null });
    }
    return out;
  }

  /** Renders the first template of the chain for this patient and clinic that renders. */
  async render(
    input: LocaleRequest & { clinicId: string; templateKey: string; context: RenderContext },
    placement: RenderPlacement = {},
  ): Promise<RenderedEmail> {
    const locales = this.chain(input);
    const candidates = await this.candidates(input.clinicId, input.templateKey, locales);
    let lastError: Error | null = null;
    for (const c of candidates) {
      try {
        const context =
          typeof input.context === "function"
            ? input.context(this.formatLocale(c.locale, locales))
            : input.context;
        const r = await this.renderCandidate(input.clinicId, c, locales, context, placement);
        return { ...r, source: c.source, templateId: c.templateId };
      } catch (err) {
        if (err instanceof StoreUnavailable) throw err.original;
        lastError = asRenderError(err);
        if (c.source === "file") throw lastError;
        this.logger?.warn(
          {
            templateKey: input.templateKey,
            templateId: c.templateId,
            source: c.source,
            locale: c.locale,
            err: lastError.message,
          },
          "stored template failed to render; falling back to the next template",
        );
      }
    }
    throw lastError ?? new TemplateNotFoundError(input.templateKey, locales);
  }

  /** Renders a draft written for `locale` (layouts are looked up along that locale's chain). */
  async renderSource(
    input: {
      clinicId: string;
      locale: string;
      clinicLocale?: string | null;
      subject: string;
      bodyHtml: string;
      bodyText?: string | null;
      context: RenderContext;
    },
    placement: RenderPlacement = {},
  ): Promise<{ subject: string; bodyHtml: string; bodyText: string; locale: string }> {
    const chain = this.chain({ locale: input.locale, clinicLocale: input.clinicLocale });
    const c: Candidate = {
      subject: input.subject,
      bodyHtml: input.bodyHtml,
      bodyText: input.bodyText ?? null,
      source: "clinic",
      locale: input.locale,
      templateId: null,
    };
    try {
      const context =
        typeof input.context === "function"
          ? input.context(this.formatLocale(input.locale, chain))
          : input.context;
      return await this.renderCandidate(input.clinicId, c, chain, context, placement);
    } catch (err) {
      if (err instanceof StoreUnavailable) throw err.original;
      throw asRenderError(err);
    }
  }

  /**
   * What a template must pass to be saved: it parses, and a trial render with the given
   * (sample) context stays within the limits and finds every template it extends, includes or
   * imports (a layout error, of which a missing template is one; `include … ignore missing` is
   * skipped by the render itself). Other render errors depend on each email's data, and are
   * shown by previews and logged by sends.
   */
  async check(
    input: Parameters<TemplateService["renderSource"]>[0],
    placement: RenderPlacement = {},
  ): Promise<void> {
    this.validate(input);
    try {
      await this.renderSource(input, placement);
    } catch (err) {
      if (
        err instanceof TemplateRenderError &&
        !(err instanceof TemplateLimitError || err instanceof TemplateLayoutError)
      )
        return;
      throw err;
    }
  }

  /** Checks the three parts parse in the dialect; the error names the field, line and column. */
  validate(input: { subject: string; bodyHtml: string; bodyText?: string | null }): void {
    const parts: [TemplateField, string | null | undefined][] = [
      ["subject", input.subject],
      ["body_html", input.bodyHtml],
      ["body_text", input.bodyText],
    ];
    for (const [field, source] of parts) {
      if (source === null || source === undefined) continue;
      try {
        this.engine.compile(source);
      } catch (err) {
        if (err instanceof TemplateSyntaxError) throw err.inField(field);
        throw err;
      }
    }
  }

  /** The template a send to this patient of this clinic would use (first of the chain). */
  async effective(input: LocaleRequest & { clinicId: string; templateKey: string }): Promise<Candidate> {
    const locales = this.chain(input);
    const [first] = await this.candidates(input.clinicId, input.templateKey, locales);
    if (!first) throw new TemplateNotFoundError(input.templateKey, locales);
    return first;
  }

  private async renderCandidate(
    clinicId: string,
    c: Candidate,
    locales: string[],
    context: Record<string, unknown>,
    placement: RenderPlacement,
  ): Promise<{ subject: string; bodyHtml: string; bodyText: string; locale: string }> {
    const chain = [c.locale, ...locales.filter((l) => l !== c.locale)];
    const pool = placement.isolated ? this.pool : undefined;
    const run = (job: RenderJob): Promise<RenderOutcome> | RenderOutcome =>
      pool ? pool.run(job) : runRenderJob(this.engine, job);
    // The job names the templates it extends, includes or imports until each has been looked
    // up, at least one new name a round (bounded by the engine's template limit); the rounds
    // share the email's time limit.
    const layouts: Record<string, string | null> = {};
    let spentMs = 0;
    for (;;) {
      const out = await run({
        subject: c.subject,
        bodyHtml: c.bodyHtml,
        bodyText: c.bodyText,
        context,
        layouts,
        spentMs,
      });
      if (out.kind === "done")
        return { subject: out.subject, bodyHtml: out.bodyHtml, bodyText: out.bodyText, locale: c.locale };
      spentMs = out.spentMs;
      for (const name of out.layouts) layouts[name] = await this.findNamed(clinicId, name, chain);
    }
  }

  /**
   * A template named by another (extends, include, import): along the locale chain, the
   * clinic's active template with that key, then the system's; then the clinic's own layout row
   * of that name in any language; then the shipped file along the chain. Never another clinic's.
   * Null if none.
   */
  private async findNamed(clinicId: string, name: string, locales: string[]): Promise<string | null> {
    const rows = await this.store.findCandidates(clinicId, name, locales).catch((err: unknown) => {
      throw new StoreUnavailable(err);
    });
    const active = rows.filter((r) => r.isActive && (r.clinicId === clinicId || r.clinicId === null));
    for (const locale of locales) {
      const clinic = active.find((r) => r.clinicId === clinicId && r.locale === locale);
      if (clinic) return clinic.bodyHtml;
      const system = active.find((r) => r.clinicId === null && r.locale === locale);
      if (system) return system.bodyHtml;
    }
    const layout = await this.findLayout(clinicId, name, locales);
    if (layout !== null) return layout;
    for (const locale of locales) {
      const file = this.files.named(name, locale);
      if (file !== null) return file;
    }
    return null;
  }

  /** A layout's source: the clinic's own first, then the shipped one along the chain; null if none. */
  private async findLayout(clinicId: string, name: string, locales: string[]): Promise<string | null> {
    const stored = this.store.findLayout
      ? await this.store.findLayout(clinicId, name).catch((err: unknown) => {
          throw new StoreUnavailable(err);
        })
      : null;
    return stored ?? this.files.layout(name, locales);
  }
}
