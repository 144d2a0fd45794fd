// Settings > Webhooks in Chromium, against a real HTTP receiver on 127.0.0.1: an admin adds an
// endpoint and sees its secret once, a test event and a real email.sent arrive signed with
// that secret, the delivery log shows them and resends one, and the endpoint is turned off and
// deleted. A receptionist never sees the tab.
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "../../src/core/auth/tokens.js";
import {
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from "../support/webhook-receiver.js";
import { screenshot, waitUntil } from "./support/browser.js";
import { useStack } from "./support/stack.js";
import { expectToast, login, open } from "./support/ui.js";

/** Standard Webhooks' check, from the specification, with node:crypto alone. */
function signedWith(secret: string, hook: ReceivedWebhook): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const h = hook.headers;
  const mac = createHmac("sha256", key)
    .update(`${h["webhook-id"]}.${h["webhook-timestamp"]}.${hook.body}`)
    .digest("base64");
  return h["webhook-signature"] === `v1,${mac}`;
}

describe("webhooks settings", () => {
  const stack = useStack();
  let receiver: WebhookReceiver;
  let token: string;

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    const secret = readFileSync(path.join(stack.dataDir, "secret_key"), "utf8").trim();
    token = await new TokenService(secret).signAccess({
      clinicId: stack.clinicId,
      role: "admin",
      userId: null,
      ttlSeconds: 600,
    });
  }, 120_000);

  afterAll(async () => {
    await receiver?.close();
  });

  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${stack.baseUrl}/api/v1${p}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  };

  it("adds an endpoint, shows its secret once, and delivers signed events it can resend", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/webhooks");
    // A metadata address is refused under its field, in the UI's language (not the server's English).
    await page.locator("#webhook-url").fill("http://169.254.169.254/latest");
    await page.locator("form[data-testid=webhook-add] button[type=submit]").click();
    const refused = page.locator("#webhook-url-error");
    await refused.waitFor();
    expect(await refused.textContent()).toContain("https://");
    expect(await refused.textContent()).not.toContain("resolves to");
    expect(await page.getByTestId("webhook-endpoint").count()).toBe(0);

    await page.locator("#webhook-url").fill(receiver.url);
    await page.locator("#webhook-description").fill("CRM de la clínica");
    await page.locator("#webhook-event-email-sent").check();
    await page.locator("form[data-testid=webhook-add] button[type=submit]").click();

    const shown = page.getByTestId("webhook-secret-value");
    await shown.waitFor();
    const secret = (await shown.textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await screenshot(page, "webhooks-01-secret-once");
    await page.getByTestId("webhook-secret").locator("button.btn-primary").click();
    await expect.poll(() => page.getByTestId("webhook-secret").count()).toBe(0);
    const endpoint = page.getByTestId("webhook-endpoint");
    await expect.poll(() => endpoint.textContent()).toContain(receiver.url);
    expect(await endpoint.textContent()).toContain("email.sent");

    // A test event, answered by the receiver, and signed with the secret the page showed.
    await endpoint.getByRole("button").nth(1).click();
    const result = page.getByTestId("webhook-test-result");
    await result.waitFor();
    expect(await result.getAttribute("class")).toContain("result-success");
    // Worded in the UI's language from the answer's code, not the server's English.
    expect(await result.textContent()).toMatch(/El endpoint aceptó el evento de prueba \(HTTP 20\d\)\./);
    const test = await waitUntil("the test event", async () =>
      receiver.received.find((r) => r.json.type === "webhook.test"),
    );
    expect(signedWith(secret, test)).toBe(true);

    // A real email: its outcome reaches the receiver through the outbox and the worker.
    const patients = await api("GET", "/patients?page_size=1");
    const sent = await api("POST", "/notifications/send", {
      notification_type: "welcome",
      patient_id: patients.data[0].id,
    });
    expect(sent.data.success).toBe(true);
    const hook = await waitUntil("email.sent", async () =>
      receiver.received.find((r) => r.json.type === "email.sent"),
    );
    expect(signedWith(secret, hook)).toBe(true);
    expect(hook.json.data).toMatchObject({ email_log_id: sent.data.log_id, status: "sent" });

    // The log shows it delivered; "resend" delivers it again with the same webhook-id.
    const log = page.getByTestId("webhook-delivery");
    await expect
      .poll(async () => {
        await page.locator("section[aria-labelledby=webhook-deliveries-title] .card-header button").click();
        return log.count();
      })
      .toBe(1);
    expect(await log.locator("td").nth(3).textContent()).toContain("200");
    await screenshot(page, "webhooks-02-delivered");
    await log.getByRole("button").click();
    await expectToast(page);
    const again = await waitUntil("the resent email.sent", async () => {
      const all = receiver.received.filter((r) => r.json.type === "email.sent");
      return all.length === 2 ? all[1] : undefined;
    });
    expect(again.headers["webhook-id"]).toBe(hook.headers["webhook-id"]);

    // Reloaded, the page never shows the secret again.
    await page.reload();
    await endpoint.waitFor();
    expect(await page.content()).not.toContain(secret);

    // Off, then deleted (after saying yes).
    await endpoint.getByRole("button").first().click();
    await expectToast(page);
    await expect.poll(async () => (await api("GET", "/notifications/webhooks")).data[0].enabled).toBe(false);
    expect(await endpoint.locator(".badge-neutral").count()).toBe(1);
    await endpoint.getByRole("button").nth(3).click();
    await endpoint.locator("button.btn-danger").click();
    await expect.poll(() => page.getByTestId("webhook-endpoint").count()).toBe(0);
    expect((await api("GET", "/notifications/webhooks")).data).toEqual([]);
    // The refused URL's 422 is the one error the browser reports.
    expect(errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    await page.close();
  }, 120_000);

  it("is not offered to a receptionist", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.receptionist);
    await open(page, stack.baseUrl, "/settings/notifications/webhooks");
    await expect.poll(() => page.locator("a[href='/settings/notifications/webhooks']").count()).toBe(0);
    expect(await page.locator("#webhook-url").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
