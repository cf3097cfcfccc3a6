// Threat: a client choosing the address its limits are counted under with a forged
// X-Forwarded-For, behind a chain of trusted proxies.
import { beforeAll, describe, expect, it } from "vitest";

// config() parses the environment once, so it must be set before the module loads.
process.env.TRUST_PROXY = "2";

type ClientIp = typeof import("./client-ip");
let mod: ClientIp;

beforeAll(async () => {
  mod = await import("./client-ip");
});

const forwarded = (value: string) => new Headers({ "x-forwarded-for": value });

describe("clientIp behind TRUST_PROXY=2 (a CDN and a load balancer)", () => {
  it("is the entry the outer trusted proxy wrote, whatever the client put before it", () => {
    // client-forged, the real client (seen by the CDN), the CDN (seen by the balancer)
    expect(mod.clientIp(forwarded("6.6.6.6, 203.0.113.7, 198.51.100.2"))).toBe("203.0.113.7");
    expect(mod.clientIp(forwarded("1.1.1.1, 2.2.2.2, 203.0.113.7, 198.51.100.2"))).toBe(
      "203.0.113.7",
    );
  });

  it("takes the leftmost entry when fewer proxies than trusted wrote one", () => {
    expect(mod.clientIp(forwarded("203.0.113.7"))).toBe("203.0.113.7");
  });

  it("unwraps IPv4-mapped IPv6 addresses", () => {
    expect(mod.clientIp(forwarded("::ffff:203.0.113.7, 198.51.100.2"))).toBe("203.0.113.7");
  });
});
