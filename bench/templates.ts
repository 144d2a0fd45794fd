import { performance } from "node:perf_hooks";
import {
  sampleContext,
  TemplateService,
  type TemplateStore,
  withDateValues,
} from "../src/core/templates/index.js";
import { inlineCss } from "../src/core/templates/output.js";

/** No clinic or system templates: the shipped files answer, as for most clinics. */
const emptyStore: TemplateStore = {
  findCandidates: async () => [],
  findLayout: async () => null,
};

export interface TemplateBenchResult {
  template: string;
  locale: string;
  renders: number;
  per_second: number;
  mean_ms: number;
  /** Of one render: the share spent inlining CSS (juice) into the HTML. */
  css_inline_ms: number;
  html_bytes: number;
}

/**
 * Renders/second of a shipped template through TemplateService.render, which compiles once
 * (the engine's compile cache) and then renders subject, HTML (with CSS inlined) and text.
 */
export async function benchTemplates(opts: { seconds: number; templateKey?: string; locale?: string }) {
  const templateKey = opts.templateKey ?? "appointment_confirmation";
  const locale = opts.locale ?? "es";
  const service = new TemplateService({ store: emptyStore });
  const context = withDateValues(sampleContext(templateKey, locale), { timeZone: "Europe/Madrid", locale });
  const input = {
    clinicId: "00000000-0000-0000-0000-000000000000",
    templateKey,
    locale,
    clinicLocale: "es",
    context,
  };

  // Warm-up: compiles into the cache and lets the JIT settle.
  let first = await service.render(input);
  for (let i = 0; i < 50; i++) first = await service.render(input);

  let renders = 0;
  const t0 = performance.now();
  const until = t0 + opts.seconds * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 20; i++) await service.render(input);
    renders += 20;
  }
  const ms = performance.now() - t0;

  // The CSS inlining step alone, on the same template's output before inlining.
  const css = timeIt(
    () => inlineCss(first.bodyHtml.replace("<head>", "<head><style>p{margin:0}</style>")),
    200,
  );

  return {
    template: templateKey,
    locale,
    renders,
    per_second: Math.round(renders / (ms / 1000)),
    mean_ms: round(ms / renders, 3),
    css_inline_ms: round(css, 3),
    html_bytes: Buffer.byteLength(first.bodyHtml),
  } satisfies TemplateBenchResult;
}

function timeIt(fn: () => unknown, n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t0) / n;
}

const round = (x: number, digits: number) => Number(x.toFixed(digits));
