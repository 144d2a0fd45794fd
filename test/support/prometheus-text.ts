/**
 * A strict reader of Prometheus' text exposition format 0.0.4: every line must be a HELP, a
 * TYPE or a sample of a family declared before it, or the read throws naming the line.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  types: Map<string, string>;
  samples: Sample[];
  /** The value of the one sample with this name and exactly these labels (undefined if none). */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = '([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"';
// NaN and Inf in any case, as Prometheus reads them (Go's ParseFloat): prom-client writes "Nan".
const VALUE = "([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[nN][aA][nN]|[+-][iI][nN][fF])";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL},?)*)\\})? ${VALUE}(?: -?\\d+)?$`);
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);
const SUFFIXES: Record<string, string[]> = {
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  for (const [family, type] of types) {
    if ((SUFFIXES[type] ?? []).some((s) => s && name === family + s)) return family;
  }
  return undefined;
}

export function parseExposition(text: string): Exposition {
  if (!text.endsWith("\n")) throw new Error("exposition does not end with a newline");
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  const lines = text.slice(0, -1).split("\n");
  lines.forEach((line, i) => {
    const where = `line ${i + 1} "${line}"`;
    if (line === "") return;
    if (line.startsWith("# HELP ")) {
      if (!new RegExp(`^# HELP ${NAME} .*$`).test(line)) throw new Error(`bad HELP at ${where}`);
      return;
    }
    if (line.startsWith("# TYPE ")) {
      const m = new RegExp(`^# TYPE (${NAME}) (\\w+)$`).exec(line);
      if (!m || !TYPES.has(m[2]!)) throw new Error(`bad TYPE at ${where}`);
      if (types.has(m[1]!)) throw new Error(`second TYPE for ${m[1]} at ${where}`);
      types.set(m[1]!, m[2]!);
      return;
    }
    if (line.startsWith("#")) return;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`bad sample at ${where}`);
    const name = m[1]!;
    if (!familyOf(name, types)) throw new Error(`sample of an undeclared family at ${where}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(new RegExp(LABEL, "g"))) {
      labels[l[1]!] = l[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
    }
    const raw = m[m.length - 1]!;
    const value =
      raw === "NaN" ? Number.NaN : raw.endsWith("Inf") ? Number(raw.replace("Inf", "Infinity")) : Number(raw);
    samples.push({ name, labels, value });
  });
  const same = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);
  return {
    types,
    samples,
    value(name, labels = {}) {
      const found = samples.filter((s) => s.name === name && same(s.labels, labels));
      if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
      return found[0]?.value;
    },
  };
}
