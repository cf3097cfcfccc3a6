"use server";

import { redirect } from "next/navigation";
import { clearEnrolment, readEnrolment } from "@/lib/enrolment-handoff";
import { parseForm, type FormState } from "@/lib/form-state";
import { spendTotp } from "@/lib/mfa";
import { totpCheckRequest } from "@/lib/schemas";

/** The optional set-up check: one code from the new authenticator. */
export async function checkCodeAction(_state: FormState, formData: FormData): Promise<FormState> {
  const parsed = parseForm(totpCheckRequest, formData);
  if (!parsed.ok) return parsed.state;
  const enrolment = await readEnrolment();
  if (!enrolment) {
    return {
      status: "error",
      message: "This page has expired. Your account is active: you can log in.",
    };
  }
  if (!(await spendTotp(enrolment.userId, parsed.data.code))) {
    const detail =
      "That code does not match. Check the time on your phone and enter the newest code.";
    return { status: "error", message: detail, fieldErrors: { code: [detail] } };
  }
  return { status: "success", message: "It works: your authenticator is set up correctly." };
}

export async function finishEnrolmentAction(): Promise<void> {
  await clearEnrolment();
  redirect("/login");
}
