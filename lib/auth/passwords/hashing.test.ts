// Guards password storage: salted bcrypt at the configured cost, hashed off the event loop.
import { readdirSync, readFileSync } from "node:fs";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// config() parses the environment once, so it must be set before the module loads.
process.env.BCRYPT_COST = "4";
// One worker leaves a core free for the event loop on small CI machines, so the
// responsiveness measurement below tests where the work runs, not how busy the box is.
process.env.HASH_POOL_THREADS = "1";

type Passwords = typeof import("./hashing");
let passwords: Passwords;

beforeAll(async () => {
  passwords = await import("./hashing");
});

afterAll(async () => {
  await (
    globalThis as { triplockHashPool?: { pool: { destroy(): Promise<void> } } }
  ).triplockHashPool?.pool.destroy();
});

describe("hashPassword / verifyPassword", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await passwords.hashPassword("correct horse battery staple");
    await expect(passwords.verifyPassword("correct horse battery staple", hash)).resolves.toBe(
      true,
    );
    await expect(passwords.verifyPassword("correct horse battery stapl", hash)).resolves.toBe(
      false,
    );
    await expect(passwords.verifyPassword("Correct horse battery staple", hash)).resolves.toBe(
      false,
    );
    await expect(passwords.verifyPassword("", hash)).resolves.toBe(false);
  });

  it("never stores the password in the hash", async () => {
    const hash = await passwords.hashPassword("visible-marker-42");
    expect(hash).not.toContain("visible-marker-42");
  });

  it("uses the configured cost (BCRYPT_COST=4)", async () => {
    const hash = await passwords.hashPassword("a password");
    expect(hash).toMatch(/^\$2[ab]\$04\$[./A-Za-z0-9]{53}$/);
  });

  it("salts every hash: one password hashed twice gives two different hashes", async () => {
    const [a, b] = await Promise.all([
      passwords.hashPassword("same password"),
      passwords.hashPassword("same password"),
    ]);
    expect(a).not.toBe(b);
    await expect(passwords.verifyPassword("same password", a)).resolves.toBe(true);
    await expect(passwords.verifyPassword("same password", b)).resolves.toBe(true);
  });

  it("uses every one of 72 bytes: the last byte of a 72-byte password matters", async () => {
    const password = "é".repeat(35) + "ab"; // 70 + 2 bytes
    expect(Buffer.byteLength(password)).toBe(72);
    const hash = await passwords.hashPassword(password);
    await expect(passwords.verifyPassword(password, hash)).resolves.toBe(true);
    await expect(passwords.verifyPassword("é".repeat(35) + "ac", hash)).resolves.toBe(false);
  });

  it("round-trips non-ASCII passwords", async () => {
    const password = "Zoë 🔐 пароль";
    const hash = await passwords.hashPassword(password);
    await expect(passwords.verifyPassword(password, hash)).resolves.toBe(true);
  });

  it("verifies standard bcrypt hashes made elsewhere, whatever their cost", async () => {
    const hash = bcrypt.hashSync("from-another-tool", 5);
    await expect(passwords.verifyPassword("from-another-tool", hash)).resolves.toBe(true);
    await expect(passwords.verifyPassword("from-another-tooL", hash)).resolves.toBe(false);
  });

  it("verifyAgainstDummy answers false whatever the password", async () => {
    await expect(passwords.verifyAgainstDummy("anything")).resolves.toBe(false);
    await expect(passwords.verifyAgainstDummy("")).resolves.toBe(false);
  });
});

describe("hashing runs off the event loop", () => {
  /** Largest gap between 2 ms ticks while `work` runs, in milliseconds. */
  async function maxTickGap(work: () => Promise<unknown>): Promise<number> {
    let last = performance.now();
    let max = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      max = Math.max(max, now - last);
      last = now;
    }, 2);
    try {
      await work();
      await new Promise((r) => setTimeout(r, 10)); // let a final tick land
    } finally {
      clearInterval(timer);
    }
    return Math.max(max, performance.now() - last);
  }

  it(
    "the event loop keeps ticking while four expensive hashes are checked",
    { timeout: 60_000 },
    async () => {
      const password = "an expensive password";
      const expensive = bcrypt.hashSync(password, 11);
      // Warm the pool so thread start-up is not part of the measurement.
      await passwords.verifyPassword(password, await passwords.hashPassword(password));

      // Reference: one comparison done on the main thread blocks the loop for its whole
      // duration — this also proves the instrument sees blocking when there is some.
      const started = performance.now();
      const blockingGap = await maxTickGap(async () => {
        await new Promise((r) => setTimeout(r, 5));
        expect(bcrypt.compareSync(password, expensive)).toBe(true);
      });
      const oneHashMs = performance.now() - started;
      expect(blockingGap).toBeGreaterThan(oneHashMs * 0.6);

      const pooledGap = await maxTickGap(async () => {
        const results = await Promise.all(
          Array.from({ length: 4 }, () => passwords.verifyPassword(password, expensive)),
        );
        expect(results).toEqual([true, true, true, true]);
      });

      // Had any of the four run on the main thread, some tick would have waited a whole
      // hash (≈ blockingGap). Ratios from the same run keep this independent of CPU speed.
      expect(pooledGap).toBeLessThan(blockingGap * 0.5);
    },
  );

  it.runIf(process.platform === "linux")(
    "hashes at a lower priority than the event loop (nice 10 on Linux)",
    async () => {
      await passwords.hashPassword("any password at all");
      // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value; the name in
      // field 2 may hold spaces, so count from its closing parenthesis.
      const nice = (task: string) => {
        const stat = readFileSync(`/proc/self/task/${task}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      };
      const threads = readdirSync("/proc/self/task").map(nice);
      expect(nice(String(process.pid))).toBe(0);
      expect(threads.filter((n) => n === 10)).toHaveLength(1);
    },
  );
});
