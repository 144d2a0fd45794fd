/**
 * Errors of the template engine. Positions are 1-based and always refer to the
 * Jinja2 source the user wrote (there is no intermediate form to map back from).
 */
export type TemplateField = "subject" | "body_html" | "body_text";

/**
 * Why a template does not parse, as a stable word clients translate (the message is English):
 * a tag never closed (`tag`, `expected`), the end of the template or a token where something
 * else was `expected` (`found`), a character no tag may hold (`found`), an unknown or
 * unsupported tag, filter or test (`name`); `invalid` for every other rule.
 */
export const SYNTAX_REASONS = [
  "unclosed_tag",
  "unexpected_end",
  "unexpected_token",
  "unexpected_char",
  "unknown_tag",
  "unsupported_tag",
  "unknown_filter",
  "unknown_test",
  "invalid",
] as const;
export type SyntaxReason = (typeof SYNTAX_REASONS)[number];

/** A syntax error's reason and the values its wording needs. */
export interface SyntaxCause {
  reason: SyntaxReason;
  params?: Record<string, string>;
}

export class TemplateSyntaxError extends Error {
  field?: TemplateField;
  line: number;
  column: number;
  /** The message without the position suffix, for UIs that show the position apart. */
  detail: string;
  reason: SyntaxReason;
  params: Record<string, string>;

  constructor(
    detail: string,
    line: number,
    column: number,
    field?: TemplateField,
    cause: SyntaxCause = { reason: "invalid" },
  ) {
    super(`${field ? `${field}: ` : ""}${detail} (line ${line}, column ${column})`);
    this.name = "TemplateSyntaxError";
    this.detail = detail;
    this.line = line;
    this.column = column;
    this.reason = cause.reason;
    this.params = cause.params ?? {};
    if (field) this.field = field;
  }

  /** The same error attributed to one field of a template (subject, HTML body, text body). */
  inField(field: TemplateField): TemplateSyntaxError {
    return new TemplateSyntaxError(this.detail, this.line, this.column, field, this.syntaxCause());
  }

  syntaxCause(): SyntaxCause {
    return { reason: this.reason, params: this.params };
  }
}

/** A failure while rendering: a value was misused (`1/0`, an attribute of an undefined value). */
export class TemplateRenderError extends Error {
  field?: TemplateField;
  line?: number;
  column?: number;
  /** The message without the field and position, for UIs that show them apart. */
  detail: string;

  constructor(detail: string, line?: number, column?: number, field?: TemplateField) {
    super(
      `${field ? `${field}: ` : ""}${detail}${line === undefined ? "" : ` (line ${line}, column ${column})`}`,
    );
    this.name = new.target.name;
    this.detail = detail;
    if (line !== undefined) {
      this.line = line;
      this.column = column;
    }
    if (field) this.field = field;
  }

  /** The same error (same class) at a position of the source. */
  at(line: number, column: number): TemplateRenderError {
    return this.copy(line, column, this.field);
  }

  /** The same error (same class) attributed to one field of a template. */
  inField(field: TemplateField): TemplateRenderError {
    return this.field ? this : this.copy(this.line, this.column, field);
  }

  private copy(line: number | undefined, column: number | undefined, field: TemplateField | undefined) {
    const Ctor = COPYABLE.find((c) => this.constructor === c) ?? TemplateRenderError;
    return new Ctor(this.detail, line, column, field);
  }
}

/** A resource limit of the sandbox was hit (steps, memory, output, time, nesting, integer size). */
export class TemplateLimitError extends TemplateRenderError {}

/** A template this one extends, includes or imports does not exist or does not parse. */
export class TemplateLayoutError extends TemplateRenderError {}

/**
 * A template this one names (extends, include, import) does not exist: the layout error that an
 * `include … ignore missing` skips.
 */
export class TemplateMissingError extends TemplateLayoutError {}

/**
 * The classes whose constructor takes (detail, line, column, field), so a copy keeps its class
 * (a class not listed here would be copied as a plain TemplateRenderError).
 */
const COPYABLE = [TemplateRenderError, TemplateLimitError, TemplateLayoutError, TemplateMissingError];

/** Maps offsets of a source to 1-based line and column numbers. */
export class SourceMap {
  private readonly starts: number[] = [0];

  constructor(source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}
