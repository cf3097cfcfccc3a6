// Guards the TOTP factor: RFC 6238 codes, the ±1-step window, replay refusal and key set-up.
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { currentTotp, groupKey, matchTotp, newTotpSecret, totpQrSvg, totpUri } from "./totp";

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890".
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];

const step = (epochSeconds: number) => Math.floor(epochSeconds / 30);

describe("RFC 6238 conformance", () => {
  it("the base32 test secret is the RFC's ASCII seed", () => {
    // Decode base32 by hand so the test does not rely on the library it checks.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const bits = [...RFC_SECRET].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0"));
    const bytes = bits
      .join("")
      .match(/.{8}/g)!
      .map((b) => parseInt(b, 2));
    expect(Buffer.from(bytes).toString("ascii")).toBe("12345678901234567890");
  });

  it.each(RFC_VECTORS)("otplib with 8 digits matches Appendix B at T=%i", async (t, code) => {
    await expect(generate({ secret: RFC_SECRET, epoch: t, digits: 8 })).resolves.toBe(code);
  });

  it.each(RFC_VECTORS)(
    "currentTotp gives the 6-digit truncation (code mod 10^6) at T=%i",
    async (t, code8) => {
      const expected = String(Number(code8) % 1_000_000).padStart(6, "0");
      expect(expected).toBe(code8.slice(-6)); // mod 10^6 is the last six digits
      await expect(currentTotp(RFC_SECRET, t)).resolves.toBe(expected);
    },
  );

  it("a code is stable within a 30-second step and changes at the boundary", async () => {
    const start = 1_700_000_010; // a multiple of 30
    expect(start % 30).toBe(0);
    const first = await currentTotp(RFC_SECRET, start);
    await expect(currentTotp(RFC_SECRET, start + 29)).resolves.toBe(first);
    await expect(currentTotp(RFC_SECRET, start + 30)).resolves.not.toBe(first);
  });
});

describe("matchTotp window", () => {
  const now = 1111111111;

  it.each([-1, 0, 1])("accepts the code of step offset %i and returns its time step", async (d) => {
    const code = await currentTotp(RFC_SECRET, now + d * 30);
    await expect(matchTotp(RFC_SECRET, code, null, now)).resolves.toBe(step(now) + d);
  });

  it.each([-2, 2, -10, 10])("refuses the code of step offset %i", async (d) => {
    const code = await currentTotp(RFC_SECRET, now + d * 30);
    await expect(matchTotp(RFC_SECRET, code, null, now)).resolves.toBeNull();
  });

  it.each([0, 1, 15, 29])(
    "the window is exactly ±1 step wherever the clock is inside the step (offset %is)",
    async (offset) => {
      const t = 1_700_000_010 + offset;
      for (const d of [-2, -1, 0, 1, 2]) {
        const code = await currentTotp(RFC_SECRET, t + d * 30);
        const expected = Math.abs(d) <= 1 ? step(t) + d : null;
        await expect(matchTotp(RFC_SECRET, code, undefined, t)).resolves.toBe(expected);
      }
    },
  );

  it("refuses a wrong code of the right shape", async () => {
    const code = await currentTotp(RFC_SECRET, now);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    await expect(matchTotp(RFC_SECRET, wrong, null, now)).resolves.toBeNull();
  });

  it("refuses a code made with another secret", async () => {
    const code = await currentTotp(newTotpSecret(), now);
    // 1 in 10^6 chance per step of a collision; three steps are checked.
    const others = await Promise.all([-1, 0, 1].map((d) => currentTotp(RFC_SECRET, now + d * 30)));
    if (others.includes(code)) return;
    await expect(matchTotp(RFC_SECRET, code, null, now)).resolves.toBeNull();
  });

  it.each(["12345", "abcdef", "1234567", "", "      ", "12345a", "-12345", "１２３４５６"])(
    "returns null (never throws) for the malformed code %j",
    async (code) => {
      await expect(matchTotp(RFC_SECRET, code, null, now)).resolves.toBeNull();
    },
  );

  it("accepts a code typed with spaces", async () => {
    const code = await currentTotp(RFC_SECRET, now);
    const spaced = `${code.slice(0, 3)} ${code.slice(3)}`;
    await expect(matchTotp(RFC_SECRET, spaced, null, now)).resolves.toBe(step(now));
    await expect(matchTotp(RFC_SECRET, ` ${code} `, null, now)).resolves.toBe(step(now));
  });

  it("uses the real clock when no epoch is given", async () => {
    const code = await currentTotp(RFC_SECRET);
    const result = await matchTotp(RFC_SECRET, code);
    expect(result).not.toBeNull();
    expect(Math.abs(result! - step(Date.now() / 1000))).toBeLessThanOrEqual(1);
  });
});

describe("matchTotp replay protection", () => {
  const now = 1_700_000_025;

  it("refuses a code whose step was already used", async () => {
    const code = await currentTotp(RFC_SECRET, now);
    const used = await matchTotp(RFC_SECRET, code, null, now);
    expect(used).toBe(step(now));
    await expect(matchTotp(RFC_SECRET, code, used, now)).resolves.toBeNull();
  });

  it("refuses a code of a step earlier than the last one used", async () => {
    const previous = await currentTotp(RFC_SECRET, now - 30);
    await expect(matchTotp(RFC_SECRET, previous, step(now), now)).resolves.toBeNull();
  });

  it("accepts a later step after an earlier one was used", async () => {
    const next = await currentTotp(RFC_SECRET, now + 30);
    await expect(matchTotp(RFC_SECRET, next, step(now), now)).resolves.toBe(step(now) + 1);
    const current = await currentTotp(RFC_SECRET, now);
    await expect(matchTotp(RFC_SECRET, current, step(now) - 1, now)).resolves.toBe(step(now));
  });

  it("treats afterTimeStep 0 as a real bound, not as absent", async () => {
    // Step 0 is T in [0, 30). A code for it must be refused once step 0 is spent.
    const code = await currentTotp(RFC_SECRET, 10);
    await expect(matchTotp(RFC_SECRET, code, null, 10)).resolves.toBe(0);
    await expect(matchTotp(RFC_SECRET, code, 0, 10)).resolves.toBeNull();
  });
});

describe("key set-up", () => {
  it("newTotpSecret is 160 bits in base32 and fresh each call", () => {
    const secrets = Array.from({ length: 50 }, newTotpSecret);
    for (const s of secrets) expect(s).toMatch(/^[A-Z2-7]{32}$/); // 32 × 5 bits = 160
    expect(new Set(secrets).size).toBe(secrets.length);
  });

  it("a new secret works end to end", async () => {
    const secret = newTotpSecret();
    const code = await currentTotp(secret, 1_800_000_000);
    await expect(matchTotp(secret, code, null, 1_800_000_000)).resolves.toBe(step(1_800_000_000));
  });

  it("totpUri is an otpauth://totp URI with issuer, secret and an encoded label", () => {
    const uri = totpUri(RFC_SECRET, "ann+tag@example.com");
    expect(uri.startsWith("otpauth://totp/")).toBe(true);
    const url = new URL(uri);
    expect(url.searchParams.get("secret")).toBe(RFC_SECRET);
    expect(url.searchParams.get("issuer")).toBe("Triplock");
    const label = uri.slice("otpauth://totp/".length, uri.indexOf("?"));
    expect(label).not.toMatch(/[@+ ]/);
    expect(decodeURIComponent(label)).toContain("ann+tag@example.com");
    // Defaults (SHA-1, 6 digits, 30 s) must not be overridden with anything else.
    for (const [key, value] of [
      ["algorithm", "SHA1"],
      ["digits", "6"],
      ["period", "30"],
    ]) {
      const actual = url.searchParams.get(key!);
      if (actual !== null) expect(actual.toUpperCase()).toBe(value);
    }
  });

  it("a label with spaces or a colon cannot break the URI", () => {
    const uri = totpUri(RFC_SECRET, "Ann Lee: x?secret=EVIL&");
    const url = new URL(uri);
    expect(url.searchParams.getAll("secret")).toEqual([RFC_SECRET]);
    expect(uri).not.toContain(" ");
  });

  it("groupKey splits the key in groups of four", () => {
    expect(groupKey("JBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP");
    expect(groupKey("ABCDEF")).toBe("ABCD EF");
    const secret = newTotpSecret();
    const grouped = groupKey(secret);
    expect(grouped.split(" ")).toHaveLength(8);
    expect(grouped.replace(/ /g, "")).toBe(secret);
  });

  it("totpQrSvg renders an SVG image", async () => {
    const svg = await totpQrSvg(totpUri(RFC_SECRET, "ann@example.com"));
    expect(svg.trimStart()).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
    expect(svg).toContain("</svg>");
    expect(svg).toContain("<path");
  });
});
