/**
 * Errors of the template engine. Positions are 1-based and always refer to the
 * Jinja2 source the user wrote (there is no intermediate form to map back from).
 */
export type TemplateField = "subject" | "body_html" | "body_text";

export class TemplateSyntaxError extends Error {
  field?: TemplateField;
  line: number;
  column: number;
  /** The message without the position suffix, for UIs that show the position apart. */
  detail: string;

  constructor(detail: string, line: number, column: number, field?: TemplateField) {
    super(`${field ? `${field}: ` : ""}${detail} (line ${line}, column ${column})`);
    this.name = "TemplateSyntaxError";
    this.detail = detail;
    this.line = line;
    this.column = column;
    if (field) this.field = field;
  }

  /** The same error attributed to one field of a template (subject, HTML body, text body). */
  inField(field: TemplateField): TemplateSyntaxError {
    return new TemplateSyntaxError(this.detail, this.line, this.column, field);
  }
}

/** A failure while rendering: a limit was hit, a value was misused, a layout is missing. */
export class TemplateRenderError extends Error {
  line?: number;
  column?: number;

  constructor(message: string, line?: number, column?: number) {
    super(line === undefined ? message : `${message} (line ${line}, column ${column})`);
    this.name = "TemplateRenderError";
    if (line !== undefined) {
      this.line = line;
      this.column = column;
    }
  }
}

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
