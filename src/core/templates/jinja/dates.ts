/** Date values in templates: naive datetimes in the clinic's time zone, with `.strftime`. */
import { TemplateRenderError } from "./errors.js";
import { PyDate } from "./values.js";

export interface DateNames {
  months: string[];
  monthsShort: string[];
  days: string[];
  daysShort: string[];
}

/**
 * Building an Intl.DateTimeFormat costs about as much as rendering a whole email, and a date
 * value needs 39 of them; the results depend only on the locale (or zone), so they are kept.
 * Bounded, since locales and zones come from data.
 */
const NAMES_CACHE = new Map<string, DateNames>();
const PARTS_CACHE = new Map<string, Intl.DateTimeFormat>();
const CACHE_LIMIT = 200;

function remember<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, value);
  }
  return value;
}

/** Month and day names of a locale (Monday first, as Python's %A table). */
export function dateNames(locale: string): DateNames {
  return remember(NAMES_CACHE, locale, () => buildDateNames(locale));
}

function buildDateNames(locale: string): DateNames {
  const month = (style: "long" | "short") =>
    Array.from({ length: 12 }, (_, m) =>
      new Intl.DateTimeFormat(locale, { month: style, timeZone: "UTC" }).format(Date.UTC(2021, m, 15)),
    );
  // 2021-03-01 was a Monday.
  const day = (style: "long" | "short") =>
    Array.from({ length: 7 }, (_, d) =>
      new Intl.DateTimeFormat(locale, { weekday: style, timeZone: "UTC" }).format(Date.UTC(2021, 2, 1 + d)),
    );
  return { months: month("long"), monthsShort: month("short"), days: day("long"), daysShort: day("short") };
}

export class TemplateDate extends PyDate {
  constructor(
    fields: {
      year: number;
      month: number;
      day: number;
      hour: number;
      minute: number;
      second: number;
      microsecond: number;
    },
    readonly names: DateNames,
  ) {
    super(
      fields.year,
      fields.month,
      fields.day,
      fields.hour,
      fields.minute,
      fields.second,
      fields.microsecond,
      names.months,
      names.days,
    );
  }
}

/** The wall-clock fields of an instant in a time zone. */
export function toPyDate(date: Date, timeZone: string, locale: string): TemplateDate {
  if (Number.isNaN(date.getTime())) throw new TemplateRenderError("invalid date");
  const parts = remember(
    PARTS_CACHE,
    timeZone,
    () =>
      new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      }),
  ).formatToParts(date);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return new TemplateDate(
    {
      year: get("year"),
      month: get("month"),
      day: get("day"),
      hour: get("hour") % 24,
      minute: get("minute"),
      second: get("second"),
      microsecond: date.getUTCMilliseconds() * 1000,
    },
    dateNames(locale),
  );
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** Monday = 0, as Python's date.weekday(). */
export function weekday(d: PyDate): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

export function strftime(d: PyDate, fmt: string): string {
  const names = d instanceof TemplateDate ? d.names : null;
  const wd = weekday(d);
  return fmt.replace(/%([a-zA-Z%])/g, (all, c: string) => {
    switch (c) {
      case "d":
        return pad(d.day);
      case "m":
        return pad(d.month);
      case "Y":
        return String(d.year);
      case "y":
        return pad(d.year % 100);
      case "H":
        return pad(d.hour);
      case "I":
        return pad(d.hour % 12 || 12);
      case "p":
        return d.hour < 12 ? "AM" : "PM";
      case "M":
        return pad(d.minute);
      case "S":
        return pad(d.second);
      case "f":
        return pad(d.microsecond, 6);
      case "j": {
        const start = Date.UTC(d.year, 0, 1);
        return pad(Math.round((Date.UTC(d.year, d.month - 1, d.day) - start) / 86_400_000) + 1, 3);
      }
      case "B":
        return d.monthNames[d.month - 1]!;
      case "b":
        return names ? names.monthsShort[d.month - 1]! : d.monthNames[d.month - 1]!.slice(0, 3);
      case "A":
        return d.dayNames[wd]!;
      case "a":
        return names ? names.daysShort[wd]! : d.dayNames[wd]!.slice(0, 3);
      case "%":
        return "%";
      default:
        return all;
    }
  });
}
