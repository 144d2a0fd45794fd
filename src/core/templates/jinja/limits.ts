/** Resource limits of one render. Every limit names itself in the error it raises. */
export interface RenderLimits {
  /** Evaluation steps (expressions, statements, loop iterations). */
  maxSteps: number;
  /** Characters of output a render may produce. */
  maxOutputChars: number;
  /** Characters and list items a render may allocate in total (strings built, lists made). */
  maxAllocated: number;
  /** Wall-clock time of one render. */
  maxMillis: number;
  /** Nesting of layouts (`extends`) and `super()` calls. */
  maxLayoutDepth: number;
  /** Other templates (layouts, includes, imports) one email may name. */
  maxTemplates: number;
}

export const DEFAULT_LIMITS: RenderLimits = {
  maxSteps: 1_000_000,
  maxOutputChars: 2_000_000,
  maxAllocated: 20_000_000,
  maxMillis: 2_000,
  maxLayoutDepth: 10,
  maxTemplates: 20,
};

/** Parse-time limits: a template larger than this is refused before lexing. */
export const MAX_SOURCE_CHARS = 500_000;

/** Charged by every operation that builds a string or a list, so memory stays bounded. */
export interface Budget {
  alloc(units: number): void;
  /** Charged by bulk work inside one operation (items joined, sorted, scanned), so time stays bounded. */
  work(units: number): void;
}
