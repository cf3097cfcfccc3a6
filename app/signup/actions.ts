"use server";

import { redirect } from "next/navigation";
import { saveEnrolment } from "@/lib/enrolment-handoff";
import { forgetLinkToken, linkTokenFromCookie } from "@/lib/link-token";
import { formFailure, formValues, parseForm, type FormState } from "@/lib/form-state";
import { actionContext, isHttps } from "@/lib/request-context";
import { emailOnlyRequest, signupConfirmRequest, signupRequest } from "@/lib/schemas";
import { confirmSignup, requestSignup, resendSignup, signupRequestedMessage } from "@/lib/signup";

export async function signupAction(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(signupRequest, formData, ["email", "name"]);
  if (!parsed.ok) return parsed.state;
  try {
    await requestSignup(parsed.data, await actionContext());
  } catch (error) {
    return formFailure(error, formValues(formData, ["email", "name"]));
  }
  return {
    status: "success",
    message: signupRequestedMessage(parsed.data.email),
    values: { email: parsed.data.email },
  };
}

export async function resendAction(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(emailOnlyRequest, formData, ["email"]);
  if (!parsed.ok) return parsed.state;
  try {
    await resendSignup(parsed.data.email, await actionContext());
  } catch (error) {
    return formFailure(error, { email: parsed.data.email });
  }
  return {
    status: "success",
    message: `A new link is on its way to ${parsed.data.email}. Earlier links no longer work.`,
    values: { email: parsed.data.email },
  };
}

export async function confirmAction(_state: FormState, formData: FormData): Promise<FormState> {
  formData.set("token", (await linkTokenFromCookie()) ?? "");
  const parsed = parseForm(signupConfirmRequest, formData);
  if (!parsed.ok) return parsed.state;
  try {
    const activation = await confirmSignup(parsed.data.token, parsed.data.password);
    await saveEnrolment(activation, await isHttps());
  } catch (error) {
    return formFailure(error);
  }
  await forgetLinkToken("/signup/confirm");
  redirect("/signup/complete");
}
