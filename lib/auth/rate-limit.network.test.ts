// Threat: an IPv6 client rotating through the 2^64 addresses of its own network to dodge
// the per-client limits.
import { describe, expect, it } from "vitest";
import { clientNetwork } from "./rate-limit";

describe("clientNetwork", () => {
  it("counts an IPv6 client by its /64", () => {
    const a = clientNetwork("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
    const b = clientNetwork("2001:db8:1:2::1");
    expect(a).toBe("2001:db8:1:2::/64");
    expect(b).toBe(a);
    expect(clientNetwork("2001:db8:1:3::1")).not.toBe(a);
  });

  it("reads every way of writing the same /64 alike", () => {
    for (const ip of [
      "2001:0db8:0000:0002:0:0:0:1",
      "2001:DB8:0:2::ffff",
      "2001:db8::2:0:0:0:1",
      "2001:db8:0:2::1%eth0",
    ]) {
      expect(clientNetwork(ip), ip).toBe("2001:db8:0:2::/64");
    }
    expect(clientNetwork("::1")).toBe("0:0:0:0::/64");
  });

  it("keeps IPv4 addresses as they are", () => {
    expect(clientNetwork("203.0.113.7")).toBe("203.0.113.7");
    expect(clientNetwork("unknown")).toBe("unknown");
  });
});
