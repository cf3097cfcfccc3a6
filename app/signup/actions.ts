"use server";

import { redirect } from "next/navigation";
import { confirmSignup, requestSignup, resendSignup } from "@/lib/flows/signup";
import { emailOnlyRequest, signupConfirmForm, signupRequest } from "@/lib/shared/schemas";
import { PAGES } from "@/lib/shared/routes";
import { formAction } from "@/lib/web/actions";
import { saveEnrolment } from "@/lib/web/enrolment-handoff";
import { forgetLinkToken, requireLinkToken } from "@/lib/web/link-token";
import { isHttps } from "@/lib/web/request-context";

export const signupAction = formAction(
  signupRequest,
  async (input, ctx) => ({
    status: "success",
    message: await requestSignup(input, ctx),
    values: { email: input.email },
  }),
  ["email", "name"],
);

export const resendAction = formAction(
  emailOnlyRequest,
  async ({ email }, ctx) => ({
    status: "success",
    message: await resendSignup(email, ctx),
    values: { email },
  }),
  ["email"],
);

export const confirmAction = formAction(signupConfirmForm, async ({ password }, ctx) => {
  const activation = await confirmSignup(await requireLinkToken(), password, ctx);
  await saveEnrolment(activation, await isHttps());
  await forgetLinkToken("SIGNUP");
  redirect(PAGES.signupComplete);
});
