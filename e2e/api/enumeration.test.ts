// Threat: learning which addresses have (active, pending or no) accounts from the status, body, headers or response time of sign-up, login, password-reset and deletion requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { post, STRONG_PASSWORD, uniqueEmail, type ApiResponse } from "../support/api";
import {
  activeAccount,
  median,
  postForMail,
  sleep,
  startCluster,
  SUBJECT,
  type Cluster,
} from "../support/adversary";

// A server of its own with a realistic bcrypt cost: at cost 10 one hash takes tens of
// milliseconds, so a path that skips (or adds) a hash for one kind of address stands out
// from the noise. Mail and failure limits, and the bound on queued hashing (which answers
// every address alike, 503, on a busy machine), are out of the way: this file measures timing.
let cluster: Cluster;
let url: string;
let active: string;
let pending: string;

beforeAll(async () => {
  cluster = await startCluster(1, {
    BCRYPT_COST: "10",
    MAIL_PER_ADDRESS_PER_HOUR: "1000",
    MAIL_PER_IP_PER_HOUR: "100000",
    LOGIN_FAILURES_PER_ACCOUNT: "100000",
    LOGIN_FAILURES_PER_IP: "100000",
    HASH_MAX_WAIT_SECONDS: "60",
  });
  url = cluster.servers[0]!.url;
  // All addresses have the same length, so even Content-Length cannot differ.
  active = (await activeAccount(url, uniqueEmail("known"))).email;
  pending = uniqueEmail("known");
  await postForMail(
    url,
    "/api/v1/signup",
    { email: pending, password: STRONG_PASSWORD },
    pending,
    SUBJECT.signup,
  );
});

afterAll(async () => {
  await cluster?.close();
});

interface Sample {
  ms: number;
  response: ApiResponse;
  email: string;
}

/** One request; how long it took as the client sees it. */
async function timed(path: string, body: { email: string }): Promise<Sample> {
  const start = performance.now();
  const response = await post(path, body, { server: url });
  return { ms: performance.now() - start, response, email: body.email };
}

/** What a client can observe, with the address it sent replaced by a placeholder. */
function observable({ response, email }: Sample) {
  const body = JSON.parse(JSON.stringify(response.body).split(email).join("<email>")) as unknown;
  const headers = [...response.headers.keys()].filter((h) => h !== "date").sort();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    retryAfter: response.headers.get("retry-after"),
    headers,
    body,
  };
}

/** The difference two medians may show: noise on a small, busy machine, never a bcrypt hash. */
const bound = (a: number, b: number) => Math.max(15, 0.25 * Math.max(a, b));

const WARM_UP = 3;
const ROUNDS = 20;
// A pause between requests lets the mail a request queued be sent before the next is timed.
const GAP_MS = 40;

/**
 * Sends each class of request ROUNDS times, interleaved (the order rotates every round, so no
 * class always follows another), after WARM_UP unmeasured rounds. Returns the samples.
 */
async function measure(
  classes: Record<string, () => { path: string; body: { email: string } }>,
): Promise<Record<string, Sample[]>> {
  const names = Object.keys(classes);
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(round + i) % names.length]!;
      const { path, body } = classes[name]!();
      const sample = await timed(path, body);
      if (round >= WARM_UP) samples[name]!.push(sample);
      await sleep(GAP_MS);
    }
  }
  return samples;
}

function report(title: string, samples: Record<string, Sample[]>): Record<string, number> {
  const medians = Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [name, median(list.map((s) => s.ms))]),
  );
  console.log(
    `[enumeration] ${title}: ` +
      Object.entries(medians)
        .map(([name, ms]) => `${name} median ${ms.toFixed(1)} ms`)
        .join(", "),
  );
  return medians;
}

/** Every response of every class looks the same, and every pair of medians is within bound. */
function expectIndistinguishable(
  samples: Record<string, Sample[]>,
  medians: Record<string, number>,
) {
  const all = Object.entries(samples).flatMap(([name, list]) =>
    list.map((s) => ({ name, seen: observable(s) })),
  );
  const reference = all[0]!.seen;
  for (const { name, seen } of all) expect(seen, `a "${name}" response differs`).toEqual(reference);
  const names = Object.keys(medians);
  for (const a of names)
    for (const b of names) {
      if (a >= b) continue;
      const [ma, mb] = [medians[a]!, medians[b]!];
      expect(
        Math.abs(ma - mb),
        `median ${a} ${ma.toFixed(1)} ms vs ${b} ${mb.toFixed(1)} ms`,
      ).toBeLessThanOrEqual(bound(ma, mb));
    }
}

const signupMedians: Record<string, number> = {};
const loginMedians: Record<string, number> = {};

describe("sign-up request: ACTIVE, PENDING and new addresses look alike", () => {
  it("same status, body and headers, response times within noise", async () => {
    const signup = (email: string) => ({
      path: "/api/v1/signup",
      body: { email, password: STRONG_PASSWORD },
    });
    const samples = await measure({
      active: () => signup(active),
      pending: () => signup(pending),
      new: () => signup(uniqueEmail("fresh")),
    });
    Object.assign(signupMedians, report("POST /api/v1/signup", samples));
    expect(samples.new![0]!.response.status).toBe(202);
    expectIndistinguishable(samples, signupMedians);
  });
});

// Both are answered by the worker, not by the request (lib/auth/link-requests.ts).
describe.each([
  { what: "login request", path: "/api/v1/login", medians: loginMedians },
  { what: "password reset request", path: "/api/v1/password/forgot", medians: {} },
])("$what: ACTIVE, PENDING and unknown addresses look alike", ({ path, medians }) => {
  it("same status, body and headers, response times within noise", async () => {
    const request = (email: string) => ({ path, body: { email } });
    const samples = await measure({
      active: () => request(active),
      pending: () => request(pending),
      unknown: () => request(uniqueEmail("fresh")),
    });
    Object.assign(medians, report(`POST ${path}`, samples));
    expect(samples.unknown![0]!.response.status).toBe(202);
    expectIndistinguishable(samples, medians);
  });
});

describe("deletion request: a wrong password and an unknown address look alike", () => {
  it("same status, body and headers, response times within noise", async () => {
    const deletion = (email: string) => ({
      path: "/api/v1/account/delete",
      body: { email, password: "not the right password" },
    });
    const samples = await measure({
      "wrong password": () => deletion(active),
      unknown: () => deletion(uniqueEmail("fresh")),
    });
    const medians = report("POST /api/v1/account/delete", samples);
    expect(samples.unknown![0]!.response.status).toBe(401);
    expectIndistinguishable(samples, medians);
  });
});

describe("the timing comparison is sensitive enough", () => {
  it("one bcrypt hash (a sign-up hashes, a login request does not) exceeds the bound", () => {
    // If this fails, the bound is too loose for this machine to see a missing hash.
    const hash = signupMedians.new! - loginMedians.unknown!;
    console.log(`[enumeration] one bcrypt hash at cost 10 ≈ ${hash.toFixed(1)} ms`);
    expect(hash).toBeGreaterThan(bound(signupMedians.new!, signupMedians.new! - hash));
  });
});

// Anyone can ask for a login or reset code for any address, then guess codes in parallel.
// Every wrong guess must get the answer an unknown address gets, including the guesses that
// arrive after the code's attempt budget is spent mid-burst.
describe.each([
  {
    what: "login completion",
    request: "/api/v1/login",
    mail: SUBJECT.login,
    complete: "/api/v1/login/complete",
    factors: { password: STRONG_PASSWORD, totp: "000000" },
  },
  {
    what: "password reset",
    request: "/api/v1/password/forgot",
    mail: SUBJECT.reset,
    complete: "/api/v1/password/reset",
    factors: { totp: "000000", newPassword: `${STRONG_PASSWORD} renewed` },
  },
])("$what by emailed code under a burst of guesses", ({ request, mail, complete, factors }) => {
  it("answers an ACTIVE address with a pending request exactly like an unknown address", async () => {
    const unknown = uniqueEmail("fresh");
    const seen: Record<string, ReturnType<typeof observable>[]> = {};
    // The active address's code is mailed (and so live) before the burst begins.
    await postForMail(url, request, { email: active }, active, mail);
    expect((await post(request, { email: unknown }, { server: url })).status).toBe(202);
    for (const email of [active, unknown]) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          post(complete, { email, code: String(100000 + i * 7919), ...factors }, { server: url }),
        ),
      );
      seen[email === active ? "active" : "unknown"] = responses.map((response) =>
        observable({ response, email, ms: 0 }),
      );
    }
    const statuses = (list: ReturnType<typeof observable>[]) => list.map((o) => o.status).join(",");
    console.log(
      `[enumeration] ${complete} code burst statuses: active ${statuses(seen.active!)}; unknown ${statuses(seen.unknown!)}`,
    );
    expect(seen.unknown![0]!.status).toBe(401);
    for (const response of [...seen.active!, ...seen.unknown!])
      expect(response).toEqual(seen.unknown![0]);
  });
});
