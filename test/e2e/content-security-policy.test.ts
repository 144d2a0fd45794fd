// The staff UI and Swagger UI in Chromium under the policies the server sends: they render and
// work with no Content-Security-Policy violation, inline script is refused, framing is refused.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TokenService } from "../../src/core/auth/tokens.js";
import { useStack } from "./support/stack.js";
import { login, open } from "./support/ui.js";

describe("the UI under its Content-Security-Policy", () => {
  const stack = useStack();

  it("loads under a policy that refuses inline script, logs in and shows patients, with no violation", async () => {
    const { page, errors } = await stack.browser.newPage();
    const response = await page.goto(`${stack.baseUrl}/`);
    const policy = response!.headers()["content-security-policy"] ?? "";
    expect(policy).toMatch(/(^|;)\s*script-src 'self'\s*(;|$)/);
    expect(policy).toContain("frame-ancestors 'none'");

    // The policy is enforced, and a violation would be seen: an injected inline script is refused.
    const ran = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__inlineRan = true";
      document.head.append(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => errors.join("\n")).toMatch(/CSP violation: script-src-elem/);
    errors.length = 0;

    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/patients");
    await page.getByText("García López").first().waitFor();
    await page.locator("#patients-search").fill("Wilson");
    await page.getByText("Emma").first().waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it("an admin sets the clinic's language in Settings, and it holds after a reload", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/types");
    const select = page.locator("#clinic-language");
    await expect.poll(() => select.inputValue()).toBe("es");
    await select.selectOption("fr");
    await page.locator("form[aria-labelledby=clinic-language-title] button[type=submit]").click();
    await page.getByTestId("clinic-language-saved").getByText("Français").waitFor();
    await page.reload();
    await expect.poll(() => page.locator("#clinic-language").inputValue()).toBe("fr");
    expect(errors).toEqual([]);
  }, 60_000);

  it("speaks French and Portuguese when the user picks them, and keeps the choice", async () => {
    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/appointments");
    await page.locator("#ui-locale").selectOption("fr");
    await page.getByRole("link", { name: "Rendez-vous" }).first().waitFor();
    await page.getByRole("link", { name: "Devis" }).first().waitFor();
    await page.reload();
    await expect.poll(() => page.locator("#ui-locale").inputValue()).toBe("fr");
    await page.locator("#ui-locale").selectOption("pt");
    await page.getByRole("link", { name: "Consultas" }).first().waitFor();
    expect(await page.locator("html").getAttribute("lang")).toMatch(/^pt/);
    // Back to Spanish: the choice is kept for the pages the next tests open.
    await page.locator("#ui-locale").selectOption("es");
    await page.getByRole("link", { name: "Citas" }).first().waitFor();
    expect(errors).toEqual([]);
  }, 60_000);

  it("shows that a template comes from the installation's system layer", async () => {
    // The operator's installation token (what `cli token --installation` prints).
    const secret = readFileSync(path.join(stack.dataDir, "secret_key"), "utf8").trim();
    const operator = await new TokenService(secret).signInstallation({
      permissions: ["notifications.system_templates.write"],
      ttlSeconds: 600,
    });
    const put = await fetch(`${stack.baseUrl}/api/v1/notifications/system-templates/budget_accepted/es`, {
      method: "PUT",
      headers: { authorization: `Bearer ${operator}`, "content-type": "application/json" },
      body: JSON.stringify({
        subject: "Presupuesto aceptado (sistema)",
        body_html: "<p>{{ patient_name }}</p>",
      }),
    });
    expect(put.status).toBe(201);

    const { page, errors } = await stack.browser.newPage();
    await login(page, stack.baseUrl, stack.admin);
    await open(page, stack.baseUrl, "/settings/notifications/templates");
    await page.locator("#tpl-type").selectOption("budget_accepted");
    await page.locator("#tpl-locale").selectOption("es");
    await expect
      .poll(() => page.getByTestId("template-source").getAttribute("data-source"), { timeout: 10_000 })
      .toBe("system");
    await page.getByTestId("template-source").getByText("Plantilla del sistema").waitFor();
    expect(await page.locator("#tpl-subject").inputValue()).toBe("Presupuesto aceptado (sistema)");
    expect(errors).toEqual([]);
  }, 60_000);

  it("refuses to be framed by another page", async () => {
    const { page, errors } = await stack.browser.newPage();
    await page.setContent(`<iframe src="${stack.baseUrl}/"></iframe>`);
    await expect.poll(() => errors.join("\n")).toMatch(/frame-ancestors 'none'/);
  }, 30_000);

  it("keeps Swagger UI at /docs working under its own policy", async () => {
    const { page, errors } = await stack.browser.newPage();
    const response = await page.goto(`${stack.baseUrl}/docs`);
    expect(response!.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
    await page.locator(".swagger-ui .info .title").waitFor();
    await page.locator(".opblock-tag", { hasText: "directory" }).first().waitFor();
    expect(errors).toEqual([]);
  }, 60_000);
});
