"use server";

import { redirect } from "next/navigation";
import { checkNewAuthenticator } from "@/lib/flows/signup";
import { signupMessages } from "@/lib/shared/messages";
import { PAGES } from "@/lib/shared/routes";
import { totpCheckRequest } from "@/lib/shared/schemas";
import { formAction } from "@/lib/web/actions";
import { clearEnrolment, enrolledAccount } from "@/lib/web/enrolment-handoff";

/** The optional set-up check: one code from the new authenticator. */
export const checkCodeAction = formAction(totpCheckRequest, async ({ code }) => {
  const enrolment = await enrolledAccount();
  if (!enrolment) return { status: "error", message: signupMessages.checkExpired };
  if (!(await checkNewAuthenticator(enrolment.userId, code))) {
    const detail = signupMessages.checkWrongCode;
    return { status: "error", message: detail, fieldErrors: { code: [detail] } };
  }
  return { status: "success", message: signupMessages.checkWorks };
});

export async function finishEnrolmentAction(): Promise<void> {
  await clearEnrolment();
  redirect(PAGES.login);
}
