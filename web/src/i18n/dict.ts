import type { Locale } from "../api/types.js";
import { en } from "./en.js";
import { es } from "./es.js";

export type DictKey = keyof typeof en;
export type Dict = Record<DictKey, string>;

export const dictionaries: Record<Locale, Dict> = { en, es };
