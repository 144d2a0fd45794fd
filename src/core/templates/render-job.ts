/**
 * One email's render as a pure job: the three sources, the context and the layouts resolved so
 * far in, the rendered parts (or the names of layouts still to look up) out. The same function
 * runs in the calling thread and in the render pool's worker threads; it does no I/O.
 */
import {
  type CompiledTemplate,
  TemplateDate,
  type TemplateEngine,
  type TemplateField,
  TemplateLayoutError,
  TemplateLimitError,
  TemplateRenderError,
  TemplateSyntaxError,
} from "./jinja/index.js";
import { cleanSubject, htmlToText, inlineCss } from "./output.js";

export interface RenderJob {
  subject: string;
  bodyHtml: string;
  bodyText: string | null;
  context: Record<string, unknown>;
  /** Layout sources by name, as far as they have been looked up; null: there is no such layout. */
  layouts: Record<string, string | null>;
}

export type RenderOutcome =
  | { kind: "done"; subject: string; bodyHtml: string; bodyText: string }
  | { kind: "needs"; layouts: string[] };

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
  const subjectTpl = compilePart(engine, job.subject, "subject");
  const htmlTpl = compilePart(engine, job.bodyHtml, "body_html");
  const textTpl = job.bodyText ? compilePart(engine, job.bodyText, "body_text") : null;

  // Every layout the parts extend, transitively; names not looked up yet go back to the caller.
  const layouts = new Map<string, CompiledTemplate>();
  const missing: string[] = [];
  const pending: [string, TemplateField][] = [];
  if (htmlTpl.ast.extends) pending.push([htmlTpl.ast.extends, "body_html"]);
  if (textTpl?.ast.extends) pending.push([textTpl.ast.extends, "body_text"]);
  while (pending.length) {
    const [name, field] = pending.shift()!;
    if (layouts.has(name) || missing.includes(name)) continue;
    if (layouts.size >= engine.limits.maxLayoutDepth)
      throw new TemplateLimitError(
        `layout depth limit exceeded (${engine.limits.maxLayoutDepth} layouts)`,
        undefined,
        undefined,
        field,
      );
    if (!Object.hasOwn(job.layouts, name)) {
      missing.push(name);
      continue;
    }
    const source = job.layouts[name];
    if (source === null || source === undefined)
      throw new TemplateLayoutError(
        `layout '${name}' is not available: extend a shipped base layout or one of the clinic's layouts`,
        undefined,
        undefined,
        field,
      );
    let tpl: CompiledTemplate;
    try {
      tpl = engine.compile(source);
    } catch (err) {
      throw new TemplateLayoutError(
        `layout '${name}' is invalid: ${(err as Error).message}`,
        undefined,
        undefined,
        field,
      );
    }
    layouts.set(name, tpl);
    if (tpl.ast.extends) pending.push([tpl.ast.extends, field]);
  }
  if (missing.length) return { kind: "needs", layouts: missing };

  // The three parts share one time limit: an email, not each part, gets `maxMillis`.
  const deadline = Date.now() + engine.limits.maxMillis;
  const layout = (n: string) => layouts.get(n);
  const subject = inField("subject", () =>
    cleanSubject(engine.render(subjectTpl, job.context, { autoescape: false, deadline })),
  );
  const html = inField("body_html", () =>
    engine.render(htmlTpl, job.context, { autoescape: true, layouts: layout, deadline }),
  );
  const bodyHtml = inlineCss(html);
  const bodyText = textTpl
    ? inField("body_text", () =>
        engine.render(textTpl, job.context, { autoescape: false, layouts: layout, deadline }),
      )
    : htmlToText(bodyHtml);
  return { kind: "done", subject, bodyHtml, bodyText };
}

// ---- crossing a thread boundary ---------------------------------------------------------------

/** A template error as plain data (structured clone keeps neither classes nor extra fields). */
export interface PackedError {
  kind: "syntax" | "limit" | "layout" | "render";
  detail: string;
  line?: number;
  column?: number;
  field?: TemplateField;
}

export function packError(err: unknown): PackedError | null {
  if (err instanceof TemplateSyntaxError)
    return { kind: "syntax", detail: err.detail, line: err.line, column: err.column, field: err.field };
  if (!(err instanceof TemplateRenderError)) return null;
  const kind =
    err instanceof TemplateLimitError ? "limit" : err instanceof TemplateLayoutError ? "layout" : "render";
  return { kind, detail: err.detail, line: err.line, column: err.column, field: err.field };
}

export function unpackError(p: PackedError): Error {
  if (p.kind === "syntax") return new TemplateSyntaxError(p.detail, p.line ?? 1, p.column ?? 1, p.field);
  const Ctor =
    p.kind === "limit" ? TemplateLimitError : p.kind === "layout" ? TemplateLayoutError : TemplateRenderError;
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
