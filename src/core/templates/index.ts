/** Public face of the template system: Jinja2 notification templates, resolved, rendered, validated. */

export { CachedTemplateStore, TEMPLATES_CHANNEL, templatesChanged } from "./cached-store.js";
export { DATE_FIELDS, sampleContext, withDateValues } from "./context.js";
export type { LocaleInfo } from "./file-templates.js";
export { formatDate, formatDateTime, formatMoney, formatTime } from "./format.js";
export {
  DEFAULT_LIMITS,
  type RenderLimits,
  SYNTAX_REASONS,
  type SyntaxReason,
  TemplateEngine,
  type TemplateField,
  TemplateLayoutError,
  TemplateLimitError,
  TemplateMissingError,
  TemplateRenderError,
  TemplateSyntaxError,
} from "./jinja/index.js";
export {
  baseLanguage,
  buildLocaleChain,
  formattingLocale,
  NEUTRAL_LOCALE,
  normalizeLocale,
} from "./locale-chain.js";
export { RenderPool } from "./render-pool.js";
export {
  type LocaleRequest,
  type RenderContext,
  type RenderPlacement,
  TemplateNotFoundError,
  TemplateService,
} from "./service.js";
export { DbTemplateStore } from "./template-store.js";
export type { DbTemplate, RenderedEmail, TemplateStore } from "./types.js";
