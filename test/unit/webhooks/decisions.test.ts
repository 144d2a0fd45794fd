import { describe, expect, it } from "vitest";
import {
  type PreferencesChange,
  preferenceFacts,
} from "../../../src/modules/notifications/settings/preference-events.js";
import { subscribes } from "../../../src/modules/webhooks/event-types.js";
import { testResultView } from "../../../src/modules/webhooks/http/views.js";
import { deliveryOutcome } from "../../../src/modules/webhooks/outcome.js";
import { excerptOf } from "../../../src/modules/webhooks/sender.js";
import { checkWebhookUrl, WebhookUrlRefusedError } from "../../../src/modules/webhooks/url-guard.js";

const now = new Date("2027-01-01T10:00:00Z");
const policy = { maxAttempts: 3, baseSeconds: 30, random: () => 0.5 };
const response = (status: number, excerpt = "") => ({ kind: "response" as const, status, excerpt });

describe("what follows a webhook attempt", () => {
  it("a 2xx is delivered", () => {
    for (const status of [200, 201, 204, 299]) {
      expect(deliveryOutcome(response(status), 1, now, policy)).toMatchObject({
        status: "delivered",
        lastStatusCode: status,
        lastError: null,
        deliveredAt: now,
        disableEndpoint: false,
      });
    }
  });

  it("another status or a connection error is tried again after base·2^(n−1), then failed", () => {
    expect(deliveryOutcome(response(500, "boom"), 1, now, policy)).toMatchObject({
      status: "pending",
      nextAttemptAt: new Date(now.getTime() + 30_000),
      lastStatusCode: 500,
      lastError: "HTTP 500: boom",
    });
    expect(deliveryOutcome(response(301), 2, now, policy)).toMatchObject({
      status: "pending",
      nextAttemptAt: new Date(now.getTime() + 60_000),
      lastError: "HTTP 301",
    });
    expect(deliveryOutcome({ kind: "error", message: "ECONNREFUSED" }, 2, now, policy)).toMatchObject({
      status: "pending",
      lastStatusCode: null,
      lastError: "ECONNREFUSED",
    });
    expect(deliveryOutcome(response(500), 3, now, policy)).toMatchObject({
      status: "failed",
      lastStatusCode: 500,
    });
  });

  it("410 Gone fails at once and disables the endpoint; a refused URL fails at once", () => {
    expect(deliveryOutcome(response(410), 1, now, policy)).toMatchObject({
      status: "failed",
      lastStatusCode: 410,
      disableEndpoint: true,
    });
    expect(
      deliveryOutcome({ kind: "refused", reason: "url_refused", message: "no" }, 1, now, policy),
    ).toMatchObject({
      status: "failed",
      lastError: "no",
      disableEndpoint: false,
    });
  });
});

describe("the receiver's answer as staff see it", () => {
  it("is one short line of plain text", () => {
    expect(excerptOf(Buffer.from("<html><b>Bad</b>\r\n\tgateway\u0000\u001b[31m</html>"))).toBe(
      "Bad gateway [31m",
    );
    expect(excerptOf(Buffer.from("x".repeat(5000)))).toHaveLength(200);
  });
});

describe("subscriptions", () => {
  it("an endpoint with no event types hears everything; otherwise only what it lists", () => {
    expect(subscribes([], "email.sent")).toBe(true);
    expect(subscribes(["email.failed"], "email.sent")).toBe(false);
    expect(subscribes(["email.failed", "email.sent"], "email.sent")).toBe(true);
  });
});

describe("the webhook URL guard", () => {
  const lookup = (address: string) => async () => [{ address, family: address.includes(":") ? 6 : 4 }];
  const refused = async (url: string, address = "93.184.216.34", allowPrivate = false) =>
    checkWebhookUrl(url, { allowPrivate, lookup: lookup(address) }).then(
      () => null,
      (err) => (err instanceof WebhookUrlRefusedError ? err.message : `other: ${err.message}`),
    );

  it("accepts an https URL whose host resolves to a public address, and connects to that address", async () => {
    const target = await checkWebhookUrl("https://hooks.example.com/x?y=1", {
      allowPrivate: false,
      lookup: lookup("93.184.216.34"),
    });
    expect(target.address).toBe("93.184.216.34");
    expect(target.url.hostname).toBe("hooks.example.com");
  });

  it("refuses plain http, credentials, and private, loopback or metadata addresses", async () => {
    expect(await refused("http://hooks.example.com/x")).toMatch(/https/);
    expect(await refused("https://u:p@hooks.example.com/x")).toMatch(/user name or password/);
    expect(await refused("https://hooks.example.com/x", "10.0.0.8")).toMatch(/not allowed/);
    expect(await refused("https://hooks.example.com/x", "127.0.0.1")).toMatch(/not allowed/);
    expect(await refused("https://hooks.example.com/x", "::ffff:192.168.1.1")).toMatch(/not allowed/);
    expect(await refused("https://[fd00::1]/x")).toMatch(/not allowed/);
    // Even where private hosts are allowed (development), a metadata service never is.
    expect(await refused("http://169.254.169.254/latest/meta-data", "169.254.169.254", true)).toMatch(
      /not allowed/,
    );
    expect(await refused("http://127.0.0.1:9000/x", "127.0.0.1", true)).toBeNull();
  });
});

describe("preference facts", () => {
  const prefs = (emailEnabled: boolean, welcome = true) => ({
    patientId: "p1",
    emailEnabled,
    preferences: { welcome },
    preferredLocale: "es",
  });
  const change = (over: Partial<PreferencesChange>): PreferencesChange => ({
    clinicId: "c1",
    before: prefs(true),
    after: prefs(true),
    actor: { kind: "patient", via: "one_click" },
    at: now,
    ...over,
  });
  const patient = { email: "ana@example.com", name: "Ana" };

  it("nothing changed: nothing to report", () => {
    expect(preferenceFacts(change({}), patient, "id")).toEqual([]);
  });

  it("a patient turning email off: preferences_changed and unsubscribed", () => {
    const facts = preferenceFacts(change({ after: prefs(false) }), patient, "id");
    expect(facts.map((f) => f.name)).toEqual(["patient.preferences_changed", "patient.unsubscribed"]);
    expect(facts[1]!.payload).toMatchObject({
      email_enabled: false,
      changed_by: "patient",
      via: "one_click",
    });
  });

  it("staff turning email off, or one type changed: preferences_changed only", () => {
    const staff = preferenceFacts(
      change({ after: prefs(false), actor: { kind: "staff", userId: null } }),
      patient,
      "id",
    );
    expect(staff.map((f) => f.name)).toEqual(["patient.preferences_changed"]);
    expect(staff[0]!.payload).toMatchObject({ changed_by: "staff", via: null });
    const oneType = preferenceFacts(change({ after: prefs(true, false) }), patient, "id");
    expect(oneType.map((f) => f.name)).toEqual(["patient.preferences_changed"]);
  });
});

describe("the test event's answer, for a client to word", () => {
  it("gives a code for each outcome, and the receiver's own words apart", () => {
    expect(testResultView({ kind: "response", status: 204, excerpt: "" })).toMatchObject({
      success: true,
      code: "accepted",
      status_code: 204,
      excerpt: null,
    });
    expect(testResultView({ kind: "response", status: 500, excerpt: "boom" })).toMatchObject({
      success: false,
      code: "rejected",
      status_code: 500,
      excerpt: "boom",
    });
    expect(testResultView({ kind: "error", message: "connect ECONNREFUSED" })).toMatchObject({
      success: false,
      code: "unreachable",
    });
    expect(testResultView({ kind: "refused", reason: "url_refused", message: "private" }).code).toBe(
      "url_refused",
    );
  });
});
