// Threat: one deletion link deleting twice, or a login racing a deletion leaving a session behind.
import { describe, expect, it } from "vitest";
import {
  activeAccount,
  client,
  freshDatabase,
  lastMail,
  loginMail,
  crossover,
  race,
  staggered,
  SUBJECT,
  tokenIn,
  type Account,
} from "../../e2e/support/in-process";
import { db } from "../server/db";
import { AppError } from "../shared/problems";
import { confirmAccountDeletion, requestAccountDeletion } from "./account-deletion";
import { completeLogin } from "./login";

await freshDatabase({ MAIL_PER_ADDRESS_PER_HOUR: "50" });

const N = 10;

async function deletionLink(account: Account) {
  await requestAccountDeletion(account.email, account.password, client());
  return tokenIn(await lastMail(account.email, SUBJECT.deletion));
}

describe("concurrent confirmations of one deletion link", () => {
  it(`${N} at once delete the account once and announce it once`, async () => {
    const account = await activeAccount();
    const token = await deletionLink(account);
    const { won, refusals } = await race(() =>
      Array.from({ length: N }, () => confirmAccountDeletion(token, client())),
    );
    expect(won).toHaveLength(1);
    for (const refusal of refusals) expect(refusal).toMatch(/^410 /);

    expect(await db().user.count({ where: { id: account.id } })).toBe(0);
    const left = await db().emailMessage.findMany({ where: { to: account.email } });
    expect(left.map((m) => m.subject)).toEqual(["Your Triplock account has been deleted"]);
  });
});

describe("a login racing the deletion of its account", () => {
  it("never leaves a session, a login record or a database error behind, whichever wins", async () => {
    await crossover(["login first", "deletion first"], async (offset) => {
      const account = await activeAccount();
      const login = tokenIn(await loginMail(account.email));
      const deletion = await deletionLink(account);
      const [deleted, loggedIn] = await staggered(
        offset,
        () => confirmAccountDeletion(deletion, client()),
        () =>
          completeLogin(
            { token: login },
            { password: account.password, recoveryCode: account.recoveryCodes[0]! },
            "API",
            client(),
          ),
      );
      expect(deleted.status).toBe("fulfilled");
      if (loggedIn.status === "rejected") expect(loggedIn.reason).toBeInstanceOf(AppError);
      expect(await db().user.count({ where: { id: account.id } })).toBe(0);
      expect(await db().session.count({ where: { userId: account.id } })).toBe(0);
      expect(await db().securityEvent.count({ where: { userId: account.id } })).toBe(0);
      return loggedIn.status === "fulfilled" ? "login first" : "deletion first";
    });
  });
});
