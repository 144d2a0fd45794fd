import { describe, expect, it } from "vitest";
import { isLoopback, metricsAccess } from "../../../src/core/metrics/index.js";

const TOKEN = "metrics-token-0123456789abcdef";

describe("isLoopback", () => {
  it.each(["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1", "::FFFF:127.0.0.9"])(
    "%s is loopback",
    (a) => {
      expect(isLoopback(a)).toBe(true);
    },
  );
  it.each([
    "192.0.2.2",
    "10.0.0.1",
    "::ffff:10.0.0.1",
    "fd00::2",
    "::",
    "0.0.0.0",
    "128.0.0.1",
    "localhost",
    "",
  ])("%s is not", (a) => {
    expect(isLoopback(a)).toBe(false);
  });
});

describe("metricsAccess", () => {
  it("with a token, lets in whoever presents it, from anywhere", () => {
    const input = { token: TOKEN, authorization: `Bearer ${TOKEN}` };
    expect(metricsAccess({ ...input, clientAddress: "203.0.113.9" })).toBe("allowed");
    expect(metricsAccess({ ...input, authorization: `bearer  ${TOKEN}`, clientAddress: "203.0.113.9" })).toBe(
      "allowed",
    );
  });

  it("with a token, asks loopback clients for it too", () => {
    expect(metricsAccess({ token: TOKEN, authorization: undefined, clientAddress: "127.0.0.1" })).toBe(
      "token_required",
    );
  });

  it.each([undefined, "", "Bearer", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN])(
    "with a token, refuses the authorization %j",
    (authorization) => {
      expect(metricsAccess({ token: TOKEN, authorization, clientAddress: "127.0.0.1" })).toBe(
        "token_required",
      );
    },
  );

  it("without a token, lets in loopback clients only", () => {
    expect(metricsAccess({ token: null, authorization: undefined, clientAddress: "127.0.0.1" })).toBe(
      "allowed",
    );
    expect(metricsAccess({ token: null, authorization: undefined, clientAddress: "::1" })).toBe("allowed");
    expect(metricsAccess({ token: null, authorization: undefined, clientAddress: "192.0.2.2" })).toBe(
      "loopback_only",
    );
    expect(metricsAccess({ token: null, authorization: undefined, clientAddress: undefined })).toBe(
      "loopback_only",
    );
  });

  it("without a token, a bearer header opens nothing", () => {
    expect(metricsAccess({ token: null, authorization: "Bearer anything", clientAddress: "192.0.2.2" })).toBe(
      "loopback_only",
    );
  });
});
