/**
 * One email's render as a pure job: the three sources, the context and the layouts resolved so
 * far in, the rendered parts (or the names of layouts still to look up) out. The same function
 * runs in the calling thread and in the render pool's worker threads; it does no I/O.
 */
import {
  type CompiledTemplate,
  type SyntaxCause,
  TemplateDate,
  type TemplateEngine,
  type TemplateField,
  TemplateLayoutError,
  TemplateLimitError,
  TemplateMissingError,
  TemplateRenderError,
  TemplateSyntaxError,
} from "./jinja/index.js";
import { cleanSubject, htmlToText, inlineCss } from "./output.js";

export interface RenderJob {
  subject: string;
  bodyHtml: string;
  bodyText: string | null;
  context: Record<string, unknown>;
  /**
   * Sources of the templates the parts name (extends, include, import), as far as they have
   * been looked up; null: there is no such template.
   */
  layouts: Record<string, string | null>;
  /** Render time already spent by earlier rounds of this email (ms): they share one time limit. */
  spentMs?: number;
}

export type RenderOutcome =
  | { kind: "done"; subject: string; bodyHtml: string; bodyText: string }
  | { kind: "needs"; layouts: string[]; spentMs: number };

/** Thrown by the template lookup of a render when a name computed at render time was not looked up. */
class TemplateNeeded extends Error {
  constructor(readonly templateName: string) {
    super(`template '${templateName}' is needed`);
  }
}

/** Compiles a part, or throws its syntax error attributed to the field. */
function compilePart(engine: TemplateEngine, source: string, field: TemplateField): CompiledTemplate {
  try {
    return engine.compile(source);
  } catch (err) {
    if (err instanceof TemplateSyntaxError) throw err.inField(field);
    throw err;
  }
}

/** Runs a part's render, attributing a render error to the field. */
function inField<T>(field: TemplateField, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof TemplateRenderError) throw err.inField(field);
    if (err instanceof RangeError)
      throw new TemplateLimitError("nesting depth limit exceeded (stack)", undefined, undefined, field);
    throw err;
  }
}

export function runRenderJob(engine: TemplateEngine, job: RenderJob): RenderOutcome {
  const started = Date.now();
  const subjectTpl = compilePart(engine, job.subject, "subject");
  const htmlTpl = compilePart(engine, job.bodyHtml, "body_html");
  const textTpl = job.bodyText ? compilePart(engine, job.bodyText, "body_text") : null;
  const maxTemplates = engine.limits.maxTemplates;

  // The templates the parts name with a literal, transitively; names not looked up yet go back.
  const templates = new Map<string, CompiledTemplate | null>();
  const missing: string[] = [];
  const pending: [string, TemplateField][] = [];
  const named = (tpl: CompiledTemplate, field: TemplateField) => {
    for (const n of tpl.ast.names) pending.push([n, field]);
  };
  named(subjectTpl, "subject");
  named(htmlTpl, "body_html");
  if (textTpl) named(textTpl, "body_text");
  const tooMany = (field: TemplateField) =>
    new TemplateLimitError(
      `template limit exceeded (${maxTemplates} other templates named by one email)`,
      undefined,
      undefined,
      field,
    );
  const compileNamed = (name: string, field: TemplateField): CompiledTemplate | null => {
    if (templates.has(name)) return templates.get(name)!;
    if (templates.size >= maxTemplates) throw tooMany(field);
    const source = job.layouts[name];
    let tpl: CompiledTemplate | null = null;
    if (source !== null && source !== undefined) {
      try {
        tpl = engine.compile(source);
      } catch (err) {
        throw new TemplateLayoutError(
          `template '${name}' is invalid: ${(err as Error).message}`,
          undefined,
          undefined,
          field,
        );
      }
    }
    templates.set(name, tpl);
    return tpl;
  };
  while (pending.length) {
    const [name, field] = pending.shift()!;
    if (templates.has(name) || missing.includes(name)) continue;
    if (!Object.hasOwn(job.layouts, name)) {
      if (templates.size + missing.length >= maxTemplates) throw tooMany(field);
      missing.push(name);
      continue;
    }
    const tpl = compileNamed(name, field);
    if (tpl) named(tpl, field);
  }
  const spent = () => (job.spentMs ?? 0) + Date.now() - started;
  if (missing.length) return { kind: "needs", layouts: missing, spentMs: spent() };

  // The three parts share one time limit: an email, not each part, gets `maxMillis`.
  const deadline = started + engine.limits.maxMillis - (job.spentMs ?? 0);
  const lookup = (field: TemplateField) => (n: string) => {
    if (!Object.hasOwn(job.layouts, n)) {
      if (templates.size >= maxTemplates) throw tooMany(field);
      throw new TemplateNeeded(n);
    }
    return compileNamed(n, field) ?? undefined;
  };
  try {
    const subject = inField("subject", () =>
      cleanSubject(
        engine.render(subjectTpl, job.context, { autoescape: false, layouts: lookup("subject"), deadline }),
      ),
    );
    const html = inField("body_html", () =>
      engine.render(htmlTpl, job.context, { autoescape: true, layouts: lookup("body_html"), deadline }),
    );
    const bodyHtml = inlineCss(html);
    const bodyText = textTpl
      ? inField("body_text", () =>
          engine.render(textTpl, job.context, { autoescape: false, layouts: lookup("body_text"), deadline }),
        )
      : htmlToText(bodyHtml);
    return { kind: "done", subject, bodyHtml, bodyText };
  } catch (err) {
    if (err instanceof TemplateNeeded)
      return { kind: "needs", layouts: [err.templateName], spentMs: spent() };
    throw err;
  }
}

// ---- crossing a thread boundary ---------------------------------------------------------------

/** A template error as plain data (structured clone keeps neither classes nor extra fields). */
export interface PackedError {
  kind: "syntax" | "limit" | "layout" | "missing" | "render";
  detail: string;
  line?: number;
  column?: number;
  field?: TemplateField;
  /** A syntax error's reason and its values. */
  cause?: SyntaxCause;
}

/** The render error classes by their packed kind (most specific first, for `packError`). */
const RENDER_ERROR_KINDS = [
  ["missing", TemplateMissingError],
  ["limit", TemplateLimitError],
  ["layout", TemplateLayoutError],
  ["render", TemplateRenderError],
] as const;

export function packError(err: unknown): PackedError | null {
  if (err instanceof TemplateSyntaxError)
    return {
      kind: "syntax",
      detail: err.detail,
      line: err.line,
      column: err.column,
      field: err.field,
      cause: err.syntaxCause(),
    };
  if (!(err instanceof TemplateRenderError)) return null;
  const kind = RENDER_ERROR_KINDS.find(([, Ctor]) => err instanceof Ctor)![0];
  return { kind, detail: err.detail, line: err.line, column: err.column, field: err.field };
}

export function unpackError(p: PackedError): Error {
  if (p.kind === "syntax")
    return new TemplateSyntaxError(p.detail, p.line ?? 1, p.column ?? 1, p.field, p.cause);
  const Ctor = RENDER_ERROR_KINDS.find(([kind]) => kind === p.kind)?.[1] ?? TemplateRenderError;
  return new Ctor(p.detail, p.line, p.column, p.field);
}

type PackedDate = ConstructorParameters<typeof TemplateDate>;

/** The job with its date values as plain data. */
export function packJob(job: RenderJob): { job: RenderJob; dates: Record<string, PackedDate> } {
  const context: Record<string, unknown> = {};
  const dates: Record<string, PackedDate> = {};
  for (const [k, v] of Object.entries(job.context)) {
    if (v instanceof TemplateDate) {
      const { year, month, day, hour, minute, second, microsecond } = v;
      dates[k] = [{ year, month, day, hour, minute, second, microsecond }, v.names];
    } else context[k] = v;
  }
  return { job: { ...job, context }, dates };
}

export function unpackJob(packed: { job: RenderJob; dates: Record<string, PackedDate> }): RenderJob {
  const context = { ...packed.job.context };
  for (const [k, args] of Object.entries(packed.dates)) context[k] = new TemplateDate(...args);
  return { ...packed.job, context };
}
