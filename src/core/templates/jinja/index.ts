/**
 * A purpose-built Jinja2 3.1 interpreter for notification templates: tokenizer,
 * parser, tree, evaluator over plain data only. Compiled templates are cached by
 * source, so a template is parsed once however often it is rendered.
 */
import { SourceMap, TemplateLimitError, TemplateRenderError, TemplateSyntaxError } from "./errors.js";
import { normalizeSource } from "./lexer.js";
import { DEFAULT_LIMITS, MAX_SOURCE_CHARS, type RenderLimits } from "./limits.js";
import { parse } from "./parser.js";
import { type CompiledTemplate, renderTemplate } from "./render.js";

export { dateNames, strftime, TemplateDate, toPyDate } from "./dates.js";
export {
  SYNTAX_REASONS,
  type SyntaxCause,
  type SyntaxReason,
  type TemplateField,
  TemplateLayoutError,
  TemplateLimitError,
  TemplateMissingError,
  TemplateRenderError,
  TemplateSyntaxError,
} from "./errors.js";
export { DEFAULT_LIMITS, type RenderLimits } from "./limits.js";
export type { CompiledTemplate } from "./render.js";
export { Markup, PyDate } from "./values.js";

export interface EngineOptions {
  limits?: Partial<RenderLimits>;
  /** How many compiled templates to keep (least recently used are dropped). */
  cacheSize?: number;
}

export interface RenderOptions {
  autoescape: boolean;
  layouts?: (name: string) => CompiledTemplate | undefined;
  /** When the render must end (ms since the epoch); by default the time limit from now. */
  deadline?: number;
}

export class TemplateEngine {
  private readonly cache = new Map<string, CompiledTemplate>();
  private readonly cacheSize: number;
  readonly limits: RenderLimits;

  constructor(opts: EngineOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.cacheSize = opts.cacheSize ?? 1000;
  }

  /** Parses (or takes from the cache) a template; throws TemplateSyntaxError with its position. */
  compile(source: string): CompiledTemplate {
    const hit = this.cache.get(source);
    if (hit) {
      this.cache.delete(source);
      this.cache.set(source, hit);
      return hit;
    }
    if (source.length > MAX_SOURCE_CHARS)
      throw new TemplateSyntaxError(`template size limit exceeded (${MAX_SOURCE_CHARS} characters)`, 1, 1);
    let ast: CompiledTemplate["ast"];
    try {
      ast = parse(source);
    } catch (err) {
      // The parser caps nesting before it recurses; this only guards against a case it missed.
      if (err instanceof RangeError) throw new TemplateSyntaxError("nesting depth limit exceeded", 1, 1);
      throw err;
    }
    const compiled: CompiledTemplate = { source, ast, map: new SourceMap(normalizeSource(source)) };
    this.cache.set(source, compiled);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return compiled;
  }

  render(template: CompiledTemplate, context: Record<string, unknown>, opts: RenderOptions): string {
    return renderTemplate({
      template,
      context,
      autoescape: opts.autoescape,
      limits: this.limits,
      layouts: opts.layouts ?? (() => undefined),
      ...(opts.deadline === undefined ? {} : { deadline: opts.deadline }),
    });
  }

  /** Compiles and renders in one go (layouts must then be compiled by the caller's resolver). */
  renderString(source: string, context: Record<string, unknown>, opts: RenderOptions): string {
    return this.render(this.compile(source), context, opts);
  }
}

/** Internal failures (a bug, a stack overflow) become render errors, never a crash of the caller. */
export function asRenderError(err: unknown): Error {
  if (err instanceof TemplateRenderError || err instanceof TemplateSyntaxError) return err;
  if (err instanceof RangeError) return new TemplateLimitError("nesting depth limit exceeded (stack)");
  return new TemplateRenderError(`template failed: ${(err as Error)?.message ?? String(err)}`);
}
