// Thin fetch wrapper: JSON in, `{data}` envelopes out, problem+json turned into ApiError.

export interface FieldProblem {
  field: string;
  /** Stable (docs/api.md): what the UI words; `message` is the server's English, never shown. */
  code?: string;
  params?: Record<string, string | number>;
  message: string;
  line?: number;
  column?: number;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  params?: Record<string, string | number>;
  detail?: string;
  errors?: FieldProblem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
  }

  /** Errors keyed by field name, so a form can show each one next to its input. */
  get fieldErrors(): Record<string, FieldProblem> {
    const out: Record<string, FieldProblem> = {};
    for (const e of this.problem.errors ?? []) {
      // The first message per field is enough to guide the user.
      if (!out[e.field]) out[e.field] = e;
    }
    return out;
  }
}

export type Query = Record<string, string | number | undefined | null>;

export interface HttpOptions {
  baseUrl: string;
  getToken: () => string | null;
  /** Called on 401 for an authenticated request: the session has expired. */
  onUnauthorized: () => void;
}

/** `raw`: answer the body's text as it came (a CSV export), not parsed JSON. */
export type HttpRequest = { body?: unknown; query?: Query; raw?: boolean };

export type Http = <T>(method: string, path: string, opts?: HttpRequest) => Promise<T>;

export function buildQuery(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

export function createHttp(options: HttpOptions): Http {
  return async function http<T>(method: string, path: string, opts: HttpRequest = {}) {
    const token = options.getToken();
    const headers: Record<string, string> = { Accept: "application/json" };
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    if (token) headers.Authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(`${options.baseUrl}${path}${buildQuery(opts.query)}`, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      });
    } catch {
      throw new ApiError({ status: 0, title: "network" });
    }
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!res.ok) {
      if (res.status === 401 && token) options.onUnauthorized();
      const problem = (json && typeof json === "object" ? json : {}) as Partial<Problem>;
      throw new ApiError({ ...problem, status: res.status });
    }
    return (opts.raw ? text : json) as T;
  };
}
