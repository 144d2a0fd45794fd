// The server's errors in the UI's language: every problem+json carries a stable `code` (and each
// field error its own, with `params`), documented in docs/api.md. The UI words them from its
// dictionaries and never shows the server's English; a code it does not know yet gets a
// generic sentence of its own.
import type { FieldProblem } from "../api/http.js";
import type { DictKey } from "../i18n/dict.js";
import { en } from "../i18n/en.js";

type Translate = (key: DictKey, vars?: Record<string, string | number>) => string;

/** Every language has en.ts's keys (the type checks it). */
const known = (key: string): key is DictKey => Object.hasOwn(en, key);

/** The sentence for a problem's `code` ("problem.<code>"), or the generic one. */
export function problemCodeText(code: string | undefined, t: Translate): string {
  const key = `problem.${code}`;
  return known(key) ? t(key) : t("problem.generic");
}

/** Where in a template a field error is: "Line 3, column 7" (nothing when it has no position). */
function place(p: FieldProblem, t: Translate): string {
  if (p.line == null) return "";
  return p.column != null
    ? t("templates.errorAtColumn", { line: p.line, column: p.column })
    : t("templates.errorAt", { line: p.line });
}

/** A template syntax error's sentence, from its reason and values. */
function syntaxText(params: Record<string, string | number>, t: Translate) {
  const reason = String(params.reason ?? "invalid");
  const key =
    reason === "unexpected_token" && params.expected != null
      ? "templates.syntax.unexpected_token_expected"
      : `templates.syntax.${reason}`;
  return known(key) ? t(key, params) : t("templates.syntax.invalid");
}

/** One field error in the UI's language: "Line 2, column 5: The “{%” tag is not closed…". */
export function fieldProblemText(p: FieldProblem, t: Translate): string {
  const code = p.code ?? "invalid_value";
  let text: string;
  if (code === "template_syntax") text = syntaxText(p.params ?? {}, t);
  else {
    const key = `fieldError.${code}`;
    text = known(key) ? t(key, p.params) : t("fieldError.generic");
  }
  const where = place(p, t);
  return where ? `${where}: ${text}` : text;
}
