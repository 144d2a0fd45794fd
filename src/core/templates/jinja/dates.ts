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

const C_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const C_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const TIMESPECS = ["auto", "hours", "minutes", "seconds", "milliseconds", "microseconds"];

/** Python's datetime.isoformat(sep, timespec) of a naive datetime. */
function isoformat(d: PyDate, sep: string, timespec: string): string {
  if (!TIMESPECS.includes(timespec)) throw new TemplateRenderError("Unknown timespec value");
  const day = `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
  const spec = timespec === "auto" ? (d.microsecond ? "microseconds" : "seconds") : timespec;
  let time = pad(d.hour);
  if (spec !== "hours") time += `:${pad(d.minute)}`;
  if (spec !== "hours" && spec !== "minutes") time += `:${pad(d.second)}`;
  if (spec === "milliseconds") time += `.${pad(Math.floor(d.microsecond / 1000), 3)}`;
  if (spec === "microseconds") time += `.${pad(d.microsecond, 6)}`;
  return `${day}${sep}${time}`;
}

/**
 * The datetime methods a template may call: strftime, isoformat, weekday, isoweekday, ctime.
 * (date(), time(), timestamp() and the rest give other types, or depend on the server's clock.)
 */
export function callDateMethod(
  d: PyDate,
  name: string,
  args: unknown[],
  kwargs: Map<string, unknown>,
): string | bigint {
  const str = (v: unknown, what: string): string => {
    if (typeof v === "string") return v;
    throw new TemplateRenderError(`${name}() argument ${what} must be str`);
  };
  switch (name) {
    case "strftime":
      if (args.length !== 1 || kwargs.size)
        throw new TemplateRenderError("strftime() takes exactly one argument");
      return strftime(d, str(args[0], "1"));
    case "isoformat": {
      if (args.length > 2) throw new TemplateRenderError("isoformat() takes at most 2 arguments");
      for (const k of kwargs.keys())
        if (k !== "sep" && k !== "timespec")
          throw new TemplateRenderError(`isoformat() got an unexpected keyword argument '${k}'`);
      const sep = str(args[0] ?? kwargs.get("sep") ?? "T", "sep");
      if ([...sep].length !== 1)
        throw new TemplateRenderError("isoformat() argument 1 must be a unicode character");
      return isoformat(d, sep, str(args[1] ?? kwargs.get("timespec") ?? "auto", "timespec"));
    }
    case "weekday":
    case "isoweekday":
    case "ctime": {
      if (args.length || kwargs.size) throw new TemplateRenderError(`${name}() takes no arguments`);
      const wd = weekday(d);
      if (name === "weekday") return BigInt(wd);
      if (name === "isoweekday") return BigInt(wd + 1);
      const time = `${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}`;
      return `${C_DAYS[wd]} ${C_MONTHS[d.month - 1]} ${String(d.day).padStart(2, " ")} ${time} ${pad(d.year, 4)}`;
    }
    default:
      throw new TemplateRenderError(
        `calling '${name}' on a datetime is not supported in notification templates`,
      );
  }
}
