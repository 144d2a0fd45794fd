/**
 * The locales tried for an email, best first: the patient's preferred locale (and its base
 * language, so "es-MX" falls back to "es"), the clinic's default, Spanish, then the neutral
 * `default` folder. Duplicates are dropped.
 */
export function buildLocaleChain(
  requested: string | null | undefined,
  clinicDefault: string | null | undefined,
): string[] {
  const chain: string[] = [];
  const add = (l: string | null | undefined) => {
    const v = l?.trim();
    if (!v || !/^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/.test(v)) return;
    const norm = v.replace(/_/g, "-");
    if (!chain.includes(norm)) chain.push(norm);
    const base = norm.split("-")[0]!.toLowerCase();
    if (!chain.includes(base)) chain.push(base);
  };
  add(requested);
  add(clinicDefault);
  add("es");
  if (!chain.includes("default")) chain.push("default");
  return chain;
}
