import { randomUUID } from "node:crypto";
import { connect } from "node:net";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../src/core/auth/passwords.js";
import { TokenService } from "../../../src/core/auth/tokens.js";
import { appointments, patients } from "../../../src/core/db/schema.js";
import { createLogger } from "../../../src/core/logger.js";
import { createUser } from "../../../src/modules/directory/users-repo.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  TEST_SECRET,
  type TestApp,
  type TestClinic,
  tokenFor,
} from "../../support/app.js";
import { startTestServer, type TestServer } from "../../support/http.js";

/** Every log line the app writes, as text. */
function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

let t: TestApp;
let http: TestServer;
let clinic: TestClinic;
let other: TestClinic;
let admin: string;
let service: string;
const logs = captureLogs();

beforeAll(async () => {
  t = await createTestApp({ env: { REQUEST_TIMEOUT_SECONDS: "1" } });
  // The server logs every request at info, through a logger that writes where we can read.
  (t.app as { logger: unknown }).logger = createLogger("trace", logs.stream);
  http = await startTestServer(t.app);
  clinic = await createTestClinic(t.app);
  other = await createTestClinic(t.app);
  admin = await tokenFor(t.app, clinic.clinicId, "admin");
  service = await tokenFor(t.app, clinic.clinicId, null, ["notifications.events.publish"]);
  await createUser(t.app.database.db, {
    clinicId: clinic.clinicId,
    email: "staff@edges.example",
    passwordHash: await hashPassword("correct horse battery"),
    role: "receptionist",
  });
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

describe("patient link tokens never reach a log", () => {
  it("redacts the token of every /p/ URL in the request log, at every level", async () => {
    const token = await t.app.tokens.signPatientLink(clinic.clinicId, randomUUID(), 3600);
    await http.request("GET", `/p/preferences/${token}`);
    await http.request("POST", `/p/unsubscribe/${token}?x=1`);
    await http.request("GET", `/p/unsubscribe/${token}`);
    const all = logs.lines.join("");
    expect(all).toContain("/p/preferences/[redacted]");
    expect(all).toContain("/p/unsubscribe/[redacted]");
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split(".")[2]!);
  });
});

describe("tokens and principals", () => {
  it("answers 401, not 500, to a well-signed token of a clinic that does not exist, on every kind of route", async () => {
    const ghost = await t.app.tokens.signAccess({ clinicId: randomUUID(), role: "admin", ttlSeconds: 600 });
    const notUuid = await t.app.tokens.signAccess({ clinicId: "clinic-1", role: "admin", ttlSeconds: 600 });
    const routes: [string, string, unknown?][] = [
      ["GET", "/api/v1/auth/me"],
      ["GET", "/api/v1/patients"],
      ["POST", "/api/v1/patients", { first_name: "A", last_name: "B" }],
      ["PUT", "/api/v1/notifications/smtp-settings", { provider: "console" }],
      ["PUT", "/api/v1/notifications/settings", { settings: {} }],
      [
        "POST",
        "/api/v1/notifications/templates",
        { template_key: "welcome", locale: "es", subject: "x", body_html: "x" },
      ],
      ["POST", "/api/v1/events", { event: "patient.created", payload: {}, idempotency_key: "k" }],
      ["POST", "/api/v1/notifications/send", { template_key: "welcome", patient_id: randomUUID() }],
    ];
    for (const [method, path, body] of routes) {
      for (const token of [ghost, notUuid]) {
        const res = await http.request(method, path, { token, body });
        expect([method, path, res.status]).toEqual([method, path, 401]);
      }
    }
  });

  it("patient links signed for a missing clinic or with bad ids are 'not valid' pages, never 500", async () => {
    const tokens = new TokenService(TEST_SECRET);
    const ghostClinic = await tokens.signPatientLink(randomUUID(), randomUUID(), 3600);
    const oddIds = await tokens.signPatientLink("not-a-uuid", "nor-this", 3600);
    const expired = await tokens.signPatientLink(clinic.clinicId, randomUUID(), -10);
    const access = await tokenFor(t.app, clinic.clinicId, "admin");
    const otherKey = await new TokenService("another-secret-key-0123456789").signPatientLink(
      clinic.clinicId,
      randomUUID(),
      3600,
    );
    const cases: [string, number[]][] = [
      ["garbage", [400, 404]],
      ["x".repeat(5), [400]],
      ["x".repeat(5000), [400, 404, 414]],
      [ghostClinic, [404]],
      [oddIds, [404]],
      [expired, [410]],
      [access, [404]],
      [otherKey, [404]],
      [ghostClinic.slice(0, -3), [404]],
      ["a%00b%00cdefghijkl", [400, 404]],
    ];
    for (const [token, statuses] of cases) {
      for (const [method, path] of [
        ["GET", "/p/preferences/"],
        ["POST", "/p/preferences/"],
        ["GET", "/p/unsubscribe/"],
        ["POST", "/p/unsubscribe/"],
      ] as const) {
        const res = await http.request(method, `${path}${token}`, {
          rawBody: method === "POST" ? "email_enabled=on" : undefined,
          headers: method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {},
        });
        expect(statuses, `${method} ${path}${token.slice(0, 20)}… → ${res.status}`).toContain(res.status);
        if (res.status !== 414) expect(res.text).toMatch(/not valid|no es válido/);
      }
    }
  });
});

describe("login", () => {
  it("limits failed logins per account, whatever address they come from, and ignores X-Forwarded-For", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await http.request("POST", "/api/v1/auth/login", {
        body: { email: "staff@edges.example", password: `wrong-${i}` },
        headers: { "x-forwarded-for": `203.0.113.${i}` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right password waits now: the account is locked for the window.
    const right = await http.request("POST", "/api/v1/auth/login", {
      body: { email: "STAFF@edges.example", password: "correct horse battery" },
    });
    expect(right.status).toBe(429);
  });

  it("takes about the same time for an unknown email as for a wrong password", async () => {
    const time = async (email: string) => {
      const start = performance.now();
      const res = await http.request("POST", "/api/v1/auth/login", {
        body: { email, password: "nope-nope" },
      });
      expect(res.status).toBe(401);
      return performance.now() - start;
    };
    await createUser(t.app.database.db, {
      clinicId: clinic.clinicId,
      email: "timing@edges.example",
      passwordHash: await hashPassword("something else"),
      role: "receptionist",
    });
    await time("unknown-warmup@edges.example");
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i++) {
      known.push(await time("timing@edges.example"));
      unknown.push(await time(`nobody-${i}@edges.example`));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[1]!;
    // Both run one scrypt (tens of ms at least); without the dummy hash an unknown email
    // answered in a few milliseconds.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
  });
});

describe("bad input", () => {
  it("answers 422 naming the field for NUL bytes in a body, a query and a path", async () => {
    const login = await http.request("POST", "/api/v1/auth/login", {
      body: { email: "a\u0000b@example.com", password: "x" },
    });
    expect(login.status).toBe(422);
    expect(login.body.errors[0].field).toBe("email");

    const query = await http.request("GET", "/api/v1/patients?q=a%00b", { token: admin });
    expect(query.status).toBe(422);
    expect(query.body.errors[0].field).toBe("query.q");

    const path = await http.request("GET", "/api/v1/notifications/logs/a%00b", { token: admin });
    expect(path.status).toBe(422);
    expect(path.body.errors[0].field).toBe("params.id");

    const nested = await http.request("PUT", "/api/v1/notifications/settings", {
      token: admin,
      body: { settings: { welcome: { enabled: true, note: "x\u0000" } } },
    });
    expect(nested.status).toBe(422);
    expect(nested.body.errors[0].field).toBe("settings.welcome.note");

    const patient = await http.request("POST", "/api/v1/patients", {
      token: admin,
      body: { first_name: "Ana\u0000", last_name: "Ruiz" },
    });
    expect(patient.status).toBe(422);
    expect(patient.body.errors[0].field).toBe("first_name");
  });

  it("answers 4xx, never 500, to deep and huge values", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const res = await http.request("POST", "/api/v1/patients", {
      token: admin,
      rawBody: `{"first_name": ${deep}}`,
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const wrong = await http.request("POST", "/api/v1/patients", { token: admin, body: [1, 2, 3] });
    expect(wrong.status).toBe(422);
  });

  it("refuses with 409 an event naming another clinic's patient, and changes nothing of that clinic", async () => {
    const theirs = await http.request("POST", "/api/v1/patients", {
      token: await tokenFor(t.app, other.clinicId, "admin"),
      body: { first_name: "Bea", last_name: "Otra", email: "bea@other.example" },
    });
    expect(theirs.status).toBe(201);
    const patientId = theirs.body.data.id as string;
    const before = (await t.app.database.db.select().from(patients).where(eq(patients.id, patientId)))[0];

    for (const event of ["patient.created", "appointment.scheduled"]) {
      const res = await http.request("POST", "/api/v1/events", {
        token: service,
        body: {
          event,
          idempotency_key: `cross-${event}`,
          payload: {
            patient_id: patientId,
            appointment_id: randomUUID(),
            patient_email: "eve@attacker.example",
            patient_name: "Eve Attacker",
            start_time: "2027-01-10T10:00:00+01:00",
          },
        },
      });
      expect([event, res.status]).toEqual([event, 409]);
    }
    await drain(t.app);
    const after = (await t.app.database.db.select().from(patients).where(eq(patients.id, patientId)))[0];
    expect(after).toEqual(before);
    const appts = await t.app.database.db
      .select()
      .from(appointments)
      .where(eq(appointments.patientId, patientId));
    expect(appts).toHaveLength(0);
  });
});

describe("request bodies have a time limit", () => {
  it("closes a connection that trickles its body, while /healthz keeps answering", async () => {
    const { port } = new URL(http.baseUrl);
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.on("data", (d) => {
      answer += String(d);
    });
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    socket.write(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
    );
    const health = await http.request("GET", "/healthz");
    expect(health.status).toBe(200);
    const started = Date.now();
    await closed;
    // The limit is 1 s here (REQUEST_TIMEOUT_SECONDS); the server checks a few times a second.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer === "" || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
  });
});
