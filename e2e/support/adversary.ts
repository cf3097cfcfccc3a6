import { post, STRONG_PASSWORD, type ApiResponse } from "./api";
import { linkToken, listMail, waitForMail, type Mail } from "./mailbox";
import type { Activated } from "./signup";
import { rethrowAll } from "./server-errors";
import { createDatabase, startServer, type Database, type TestServer } from "./test-server";

// Helpers for the adversarial API tests (races, enumeration, floods, several instances):
// servers of their own, requests from a chosen client address, mail, TOTP codes, timing.

export const SUBJECT = {
  signup: /^Confirm your Triplock account$/,
  signupNotice: /^Sign-up attempt on your Triplock account$/,
  login: /^Your Triplock login link$/,
  signIn: /^New sign-in to your Triplock account$/,
  deletion: /^Confirm deleting your Triplock account$/,
  deleted: /^Your Triplock account has been deleted$/,
  reset: /^Reset your Triplock password$/,
  // The notices of changes to an account (lib/email/templates.ts).
  passwordReset: /^Your Triplock password was reset$/,
  passwordChanged: /^Your Triplock password was changed$/,
  authenticatorReplaced: /^Your Triplock authenticator was replaced$/,
  recoveryCodesReplaced: /^New recovery codes for your Triplock account$/,
};

/** Headers that make a server started with TRUST_PROXY=1 see the request as coming from `ip`. */
export const fromIp = (ip: string): Record<string, string> => ({ "x-forwarded-for": ip });

let ipCounter = 0;
/** A client address no other test in this process uses (TEST-NET-2, 198.51.100.0/24 and up). */
export function uniqueIp(): string {
  ipCounter += 1;
  return `198.51.${100 + Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

/**
 * Servers on one fresh database (several instances of the app), stopped and dropped by
 * `close`, which throws if any of them logged an unhandled error.
 */
export interface Cluster {
  database: Database;
  servers: TestServer[];
  close: () => Promise<void>;
}

export async function startCluster(
  instances: number,
  env: Record<string, string> = {},
  envFor: (index: number) => Record<string, string> = () => ({}),
): Promise<Cluster> {
  const database = await createDatabase();
  const servers: TestServer[] = [];
  try {
    // One after the other: both apply migrations under an advisory lock, and the machine is small.
    for (let i = 0; i < instances; i++)
      servers.push(await startServer(database, { env: { ...env, ...envFor(i) } }));
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
    throw error;
  }
  return {
    database,
    servers,
    close: async () => {
      const stopped = await Promise.allSettled(servers.map((s) => s.stop()));
      await database.drop();
      rethrowAll(stopped.flatMap((r) => (r.status === "rejected" ? [r.reason] : [])));
    },
  };
}

/** Mails to `to` whose subject matches, newest first. */
export async function mailsTo(server: string, to: string, subject: RegExp): Promise<Mail[]> {
  return (await listMail(server, to)).filter((m) => subject.test(m.subject));
}

/**
 * Posts a request that should cause one mail with `subject` to `to`, and returns the new mail.
 * `mailbox` is the server whose dev mailbox is read (any instance: they share the database).
 */
export async function postForMail(
  server: string,
  path: string,
  body: unknown,
  to: string,
  subject: RegExp,
  options: { headers?: Record<string, string>; mailbox?: string } = {},
): Promise<Mail> {
  const mailbox = options.mailbox ?? server;
  const before = (await mailsTo(mailbox, to, subject)).length;
  const response = await post(path, body, { server, headers: options.headers });
  if (response.status !== 202)
    throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return waitForMail(mailbox, to, subject, { count: before + 1 });
}

export interface Activation {
  user: { id: string; email: string };
  totp: { secret: string };
  recoveryCodes: string[];
}

/** A complete, ACTIVE account created through `server`, the requests sent with `headers`. */
export async function activeAccount(
  server: string,
  email: string,
  options: { password?: string; headers?: Record<string, string> } = {},
): Promise<Activated> {
  const password = options.password ?? STRONG_PASSWORD;
  const mail = await postForMail(
    server,
    "/api/v1/signup",
    { email, password },
    email,
    SUBJECT.signup,
    {
      headers: options.headers,
    },
  );
  const response = await post<Activation>(
    "/api/v1/signup/confirm",
    { token: linkToken(mail), password },
    { server, headers: options.headers },
  );
  if (response.status !== 200) throw new Error(`confirm answered ${response.status}`);
  return {
    email,
    password,
    secret: response.body.totp.secret,
    recoveryCodes: response.body.recoveryCodes,
  };
}

import { nextTotp } from "./totp";

export { nextTotp, wrongTotp } from "./totp";

export interface LoginAnswer {
  accessToken: string;
  previousLoginAt: string | null;
  code?: string;
}

/** Asks `server` for a login link for the account and returns its token. */
export async function loginLinkToken(
  server: string,
  email: string,
  options: { headers?: Record<string, string>; mailbox?: string } = {},
): Promise<string> {
  return linkToken(
    await postForMail(server, "/api/v1/login", { email }, email, SUBJECT.login, options),
  );
}

/** A complete login (link requested on `requestOn`, completed on `completeOn`); the access token. */
export async function logIn(
  account: Activated,
  requestOn: string,
  completeOn = requestOn,
  headers?: Record<string, string>,
): Promise<string> {
  const token = await loginLinkToken(requestOn, account.email, { headers });
  const response = await post<LoginAnswer>(
    "/api/v1/login/complete",
    { token, password: account.password, totp: await nextTotp(account.secret) },
    { server: completeOn, headers },
  );
  if (response.status !== 200)
    throw new Error(`login answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.accessToken;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Statuses of a batch of responses, for readable failure messages. */
export const statusesOf = (responses: ApiResponse<unknown>[]) => responses.map((r) => r.status);

export function countOf<T>(values: T[], value: T): number {
  return values.filter((v) => v === value).length;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
