import { describe, expect, it } from "vitest";
import {
  buildCalendarInvite,
  type CalendarInput,
} from "../../../src/modules/notifications/delivery/calendar.js";

interface ContentLine {
  name: string;
  params: Map<string, string[]>;
  value: string;
}

/**
 * A strict RFC 5545 reader: lines end at CRLF only (a stray CR or LF is an error), a quoted
 * parameter value ends at the next DQUOTE (the RFC has no escape for it), an unquoted one may
 * not hold DQUOTE, and the value starts after the first colon outside quotes.
 */
function parseIcs(ics: string): ContentLine[] {
  expect(ics.endsWith("\r\n")).toBe(true);
  const physical = ics.slice(0, -2).split("\r\n");
  const logical: string[] = [];
  for (const line of physical) {
    expect(line, "a CR or LF outside a line ending").not.toMatch(/[\r\n]/);
    if (/^[ \t]/.test(line)) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  return logical.map(parseLine);
}

function parseLine(line: string): ContentLine {
  let i = 0;
  const until = (stops: string) => {
    const start = i;
    while (i < line.length && !stops.includes(line[i]!)) i++;
    return line.slice(start, i);
  };
  const name = until(";:");
  const params = new Map<string, string[]>();
  while (line[i] === ";") {
    i++;
    const key = until("=;:");
    if (line[i] !== "=") throw new Error(`parameter without "=" in ${line}`);
    i++;
    const values: string[] = [];
    for (;;) {
      if (line[i] === '"') {
        i++;
        values.push(until('"'));
        if (line[i] !== '"') throw new Error(`unterminated quoted value in ${line}`);
        i++;
      } else {
        const v = until(',;:"');
        if (line[i] === '"') throw new Error(`DQUOTE inside an unquoted value in ${line}`);
        values.push(v);
      }
      if (line[i] !== ",") break;
      i++;
    }
    if (line[i] !== ";" && line[i] !== ":") throw new Error(`junk after a parameter value in ${line}`);
    if (params.has(key)) throw new Error(`parameter ${key} twice in ${line}`);
    params.set(key, values);
  }
  if (line[i] !== ":") throw new Error(`no value in ${line}`);
  return { name, params, value: line.slice(i + 1) };
}

/** A TEXT value back to its text; an unknown escape or a bare `;` or `,` is an error. */
function unescapeText(value: string): string {
  return value.replace(/\\(.)|[;,]/g, (m, c: string | undefined) => {
    if (c === undefined) throw new Error(`unescaped ${m} in TEXT ${value}`);
    if (c === "n" || c === "N") return "\n";
    if (c === "\\" || c === ";" || c === ",") return c;
    throw new Error(`unknown escape \\${c} in TEXT ${value}`);
  });
}

const base: CalendarInput = {
  appointmentId: "7b0b3d4e-2a57-4c1e-9d53-0f7bb1c1a111",
  clinicName: "Clínica Sol",
  clinicEmail: "recepcion@clinica.example",
  clinicAddress: "Calle Mayor 1, Madrid",
  startTime: new Date("2030-03-04T09:30:00Z"),
  durationMinutes: 30,
  sequence: 0,
  method: "REQUEST",
  summary: "Cita dental – Clínica Sol",
  attendeeEmail: "ana@example.com",
  attendeeName: "Ana García",
};

const only = (lines: ContentLine[], name: string) => {
  const found = lines.filter((l) => l.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};

describe("buildCalendarInvite with hostile names", () => {
  it("keeps the attendee's own mailto when the patient's name holds quotes, colons and semicolons", () => {
    const lines = parseIcs(buildCalendarInvite({ ...base, attendeeName: 'Eve": mailto:evil@x.example;X="' }));
    const attendee = only(lines, "ATTENDEE");
    expect(attendee.value).toBe("mailto:ana@example.com");
    expect([...attendee.params.keys()].sort()).toEqual(["CN", "RSVP"]);
    const cn = attendee.params.get("CN")!;
    expect(cn).toHaveLength(1);
    expect(cn[0]).not.toContain('"');
    expect(cn[0]).toBe("Eve': mailto:evil@x.example;X='");
    expect(lines.map((l) => l.value).join("\n")).not.toMatch(/^mailto:evil/im);
  });

  it("keeps the organizer's mailto when the clinic's name holds quotes", () => {
    const lines = parseIcs(
      buildCalendarInvite({ ...base, clinicName: 'Sol": MAILTO:evil@x.example;SENT-BY="' }),
    );
    const organizer = only(lines, "ORGANIZER");
    expect(organizer.value).toBe("MAILTO:recepcion@clinica.example");
    expect([...organizer.params.keys()]).toEqual(["CN"]);
    expect(organizer.params.get("CN")![0]).not.toContain('"');
  });

  it("turns line breaks of every kind in names into spaces: no new property, one attendee", () => {
    for (const br of ["\r\n", "\n", "\r", "\u2028", "\u0085"]) {
      const hostile = `Eve${br}ATTENDEE;CN=Mallory:mailto:evil@x.example${br}X`;
      const lines = parseIcs(buildCalendarInvite({ ...base, attendeeName: hostile, clinicName: hostile }));
      const attendee = only(lines, "ATTENDEE");
      expect(attendee.value, JSON.stringify(br)).toBe("mailto:ana@example.com");
      expect(attendee.params.get("CN"), JSON.stringify(br)).toEqual([
        "Eve ATTENDEE;CN=Mallory:mailto:evil@x.example X",
      ]);
      expect(only(lines, "ORGANIZER").value).toBe("MAILTO:recepcion@clinica.example");
    }
  });

  it("escapes TEXT values (RFC 5545 §3.3.11) so they read back as written", () => {
    const lines = parseIcs(
      buildCalendarInvite({
        ...base,
        summary: 'Cita dental – Clínica "Sol"; Norte, 2\\B',
        description: "Trae tu tarjeta;\r\nDESCRIPTION:falso,\rfin\u2028ya",
        clinicAddress: "Calle Mayor 1,\nMadrid\u0007",
      }),
    );
    expect(unescapeText(only(lines, "SUMMARY").value)).toBe('Cita dental – Clínica "Sol"; Norte, 2\\B');
    expect(unescapeText(only(lines, "DESCRIPTION").value)).toBe(
      "Trae tu tarjeta;\nDESCRIPTION:falso,\nfin\nya",
    );
    expect(unescapeText(only(lines, "LOCATION").value)).toBe("Calle Mayor 1,\nMadrid");
  });

  it("still writes an ordinary invitation as before", () => {
    const lines = parseIcs(buildCalendarInvite(base));
    expect(only(lines, "ATTENDEE").params.get("CN")).toEqual(["Ana García"]);
    expect(only(lines, "ORGANIZER").params.get("CN")).toEqual(["Clínica Sol"]);
    expect(only(lines, "UID").value).toBe(`appointment-${base.appointmentId}@dentalpin`);
    expect(only(lines, "METHOD").value).toBe("REQUEST");
  });
});

describe("buildCalendarInvite's content lines", () => {
  it("folds lines longer than 75 octets without splitting a character, and they unfold to the value", () => {
    const long = "Clínica Dental Sonrisa – Revisión anual 😀 ".repeat(8).trim();
    const ics = buildCalendarInvite({ ...base, summary: long, attendeeName: long });
    for (const physical of ics.slice(0, -2).split("\r\n")) {
      expect(Buffer.byteLength(physical), physical).toBeLessThanOrEqual(75);
      expect(physical).not.toContain("\uFFFD");
    }
    expect(ics.split("\r\n").some((l) => l.startsWith(" "))).toBe(true);
    const lines = parseIcs(ics);
    expect(unescapeText(only(lines, "SUMMARY").value)).toBe(long);
    expect(only(lines, "ATTENDEE").params.get("CN")).toEqual([long]);
  });

  it("writes the times in UTC, the duration, the sequence and the method's status", () => {
    const now = new Date("2030-01-02T03:04:05.678Z");
    const lines = parseIcs(
      buildCalendarInvite({ ...base, method: "CANCEL", sequence: 3, durationMinutes: 90 }, now),
    );
    expect(only(lines, "DTSTART").value).toBe("20300304T093000Z");
    expect(only(lines, "DTSTAMP").value).toBe("20300102T030405Z");
    expect(only(lines, "DURATION").value).toBe("PT90M");
    expect(only(lines, "SEQUENCE").value).toBe("3");
    expect(only(lines, "METHOD").value).toBe("CANCEL");
    expect(only(lines, "STATUS").value).toBe("CANCELLED");
    expect(lines.map((l) => l.name)).toEqual([
      "BEGIN",
      "VERSION",
      "CALSCALE",
      "PRODID",
      "METHOD",
      "BEGIN",
      "UID",
      "SEQUENCE",
      "DTSTAMP",
      "DTSTART",
      "DURATION",
      "SUMMARY",
      "LOCATION",
      "STATUS",
      "ORGANIZER",
      "ATTENDEE",
      "END",
      "END",
    ]);
  });

  it("leaves out empty values and names, and refuses an address that could break the line", () => {
    const lines = parseIcs(buildCalendarInvite({ ...base, clinicAddress: null, attendeeName: " \r\n" }));
    expect(lines.some((l) => l.name === "LOCATION")).toBe(false);
    expect(only(lines, "ATTENDEE").params.has("CN")).toBe(false);
    for (const bad of ["ana@example.com\r\nX:y", 'a"@example.com', "ana@example.com;RSVP=TRUE", "ana"]) {
      expect(() => buildCalendarInvite({ ...base, attendeeEmail: bad }), bad).toThrow(/calendar/);
    }
    expect(() => buildCalendarInvite({ ...base, startTime: new Date(Number.NaN) })).toThrow(/calendar/);
  });
});
