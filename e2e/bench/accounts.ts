import { generate } from "otplib";
import { linkToken, mailCode, waitForMail } from "../support/mailbox";

// Accounts for the benchmark, made through the API as a program would: signed up,
// activated by code, and each with a login link waiting, so the timed part completes
// logins and nothing else. Each account completes one login per TOTP step.

export const PASSWORD = "correct horse battery staple";

// Hundreds of accounts are made at once, so their mail queues up behind each other.
const PATIENT = { timeoutMs: 120_000 };

export interface ReadyLogin {
  email: string;
  secret: string;
  token: string;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  }).then(async (response) => {
    if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  });

/** Runs `task` for 0..n-1, `concurrency` at a time. */
async function pool<T>(n: number, concurrency: number, task: (i: number) => Promise<T>) {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, concurrency) }, async () => {
      while (next < n) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

async function account(url: string, email: string): Promise<ReadyLogin> {
  await post(`${url}/api/v1/signup`, { email, password: PASSWORD });
  const code = mailCode(await waitForMail(url, email, /Confirm your Triplock account/, PATIENT));
  const basic = Buffer.from(`${email}:${PASSWORD}`).toString("base64");
  const activation = await post(
    `${url}/api/v1/signup/activate`,
    { code },
    { authorization: `Basic ${basic}` },
  );
  const secret = (activation.totp as { secret: string }).secret;
  await post(`${url}/api/v1/login`, { email });
  const token = linkToken(await waitForMail(url, email, /Your Triplock login link/, PATIENT));
  return { email, secret, token };
}

/**
 * `n` accounts, each with a login link waiting, made `concurrency` at a time (more than the
 * server's hash backlog bound allows at a high cost would be refused).
 */
export function readyLogins(
  url: string,
  n: number,
  label: string,
  concurrency = 8,
): Promise<ReadyLogin[]> {
  const run = Date.now().toString(36);
  return pool(n, concurrency, (i) => account(url, `bench-${label}-${run}-${i}@example.com`));
}

/** Completes a login prepared by readyLogins; throws unless it succeeds. */
export async function completeLogin(url: string, login: ReadyLogin): Promise<{ token: string }> {
  const session = await post(`${url}/api/v1/login/complete`, {
    token: login.token,
    password: PASSWORD,
    totp: await generate({ secret: login.secret }),
  });
  return { token: session.accessToken as string };
}
