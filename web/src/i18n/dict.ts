import { en } from "./en.js";
import { es } from "./es.js";
import { fr } from "./fr.js";
import { pt } from "./pt.js";

export type DictKey = keyof typeof en;
export type Dict = Record<DictKey, string>;

/**
 * Every language of the staff UI, in the order the selects list them. A new language is its
 * dictionary file (same keys as en.ts, "language.name" its own name) and one entry here.
 */
export const dictionaries = { es, en, fr, pt } satisfies Record<string, Dict>;

export type Locale = keyof typeof dictionaries;
