// Guards the email layout: both parts carry the link and code, HTML is escaped, lifetimes read right.
import { describe, expect, it } from "vitest";
import { renderEmail } from "./layout";
import { signupExistingAccountEmail, signupLinkEmail } from "./templates";

const url = "https://triplock.example/signup/confirm?token=AbC_d-123&x=1";

describe("renderEmail", () => {
  const email = renderEmail("Confirm your account", "Confirm your email", [
    { kind: "paragraph", text: "Hello there." },
    { kind: "button", label: "Confirm", url },
    { kind: "code", label: "Your code", code: "048213" },
    { kind: "facts", rows: [["When", "2026-01-01 10:00"]] },
    { kind: "note", text: "Ignore this if it was not you." },
  ]);

  it("keeps the subject", () => {
    expect(email.subject).toBe("Confirm your account");
  });

  it("the text part carries the exact link, the code and every block", () => {
    expect(email.text).toContain(url);
    expect(email.text).toContain("048213");
    expect(email.text).toContain("Hello there.");
    expect(email.text).toContain("When: 2026-01-01 10:00");
    expect(email.text).toContain("Ignore this if it was not you.");
    expect(email.text).not.toMatch(/<[a-z]/i);
  });

  it("the HTML part carries the link as a working href and the code", () => {
    expect(email.html).toContain("048213");
    const hrefs = [...email.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs).toHaveLength(1);
    // Attribute-escaped & must decode back to the exact URL.
    expect(hrefs[0]!.replace(/&#38;|&amp;/g, "&")).toBe(url);
    expect(email.html).toMatch(/^<!doctype html>/i);
    expect(email.html).toContain("Confirm your email");
  });

  it("escapes user-controlled text in the HTML part", () => {
    const hostile = `Hi "Bob" <script>alert('x')</script> & <img src=x onerror=alert(1)>`;
    const rendered = renderEmail(`Subject <b>"x"</b>`, `Heading <i>`, [
      { kind: "paragraph", text: hostile },
      { kind: "facts", rows: [["Name", "<b>Mallory</b>"]] },
      { kind: "note", text: "it's <u>fine</u>" },
      { kind: "code", label: "<code>", code: "<1234>" },
      { kind: "button", label: "<Go>", url: `https://x.example/"><script>alert(1)</script>` },
    ]);
    const { html } = rendered;
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<b>");
    expect(html).not.toContain("<i>");
    expect(html).not.toContain("<u>");
    expect(html).not.toContain("<1234>");
    // The URL stays inside its attribute: one href, holding the whole (escaped) URL.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs).toHaveLength(1);
    expect(hrefs[0]!.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))).toBe(
      `https://x.example/"><script>alert(1)</script>`,
    );
    expect(html).not.toContain(`"Bob"`);
    expect(html).not.toContain("onerror=alert(1)>");
    // The text is still there, escaped rather than dropped.
    expect(html).toMatch(/&lt;script&gt;|&#60;script&#62;/);
    expect(html).toMatch(/Hi (&quot;|&#34;)Bob(&quot;|&#34;)/);
    // The plain-text part is not HTML and keeps the text verbatim.
    expect(rendered.text).toContain(hostile);
    expect(rendered.subject).toBe(`Subject <b>"x"</b>`);
  });

  it("every block kind appears in both parts (the parts do not drift apart)", () => {
    for (const piece of ["Hello there.", "Confirm", "Your code", "When", "Ignore this"]) {
      expect(email.text).toContain(piece);
      expect(email.html).toContain(piece);
    }
  });
});

describe("signupLinkEmail", () => {
  const base = { url, code: "482913" };

  it("carries the link and the code in both parts", () => {
    const email = signupLinkEmail({ ...base, linkTtlSeconds: 1800, codeTtlSeconds: 600 });
    for (const part of [email.text, email.html]) {
      expect(part).toContain("482913");
      expect(part.replace(/&#38;|&amp;/g, "&")).toContain(url);
    }
  });

  it("states the default lifetimes: link 30 minutes, code 10 minutes", () => {
    const email = signupLinkEmail({ ...base, linkTtlSeconds: 1800, codeTtlSeconds: 600 });
    expect(email.text).toContain("30 minutes");
    expect(email.text).toContain("10 minutes");
    expect(email.html).toContain("30 minutes");
    expect(email.html).toContain("10 minutes");
  });

  it("says '1 minute' (singular) for the strict 60-second profile", () => {
    const email = signupLinkEmail({ ...base, linkTtlSeconds: 1800, codeTtlSeconds: 60 });
    expect(email.text).toMatch(/\b1 minute\b(?!s)/);
    expect(email.text).not.toContain("1 minutes");
    expect(email.text).not.toContain("60 seconds");
  });

  it("states an odd lifetime in seconds rather than rounding it", () => {
    const email = signupLinkEmail({ ...base, linkTtlSeconds: 1800, codeTtlSeconds: 90 });
    expect(email.text).toContain("90 seconds");
  });
});

describe("signupExistingAccountEmail", () => {
  it("carries no activation link or code, only a way to log in", () => {
    const email = signupExistingAccountEmail("https://triplock.example");
    expect(email.text).toContain("https://triplock.example/login");
    expect(email.text).not.toContain("token=");
    expect(email.text).not.toMatch(/\b\d{4,10}\b/);
  });
});
