"use client";

import Link from "next/link";
import { FormError } from "@/components/form-error";
import { useServerForm } from "@/components/use-server-form";
import { PAGES } from "@/lib/shared/routes";
import { resetWithLinkAction } from "../actions";
import { ResetFields } from "../reset-fields";

export function ResetForm() {
  const { form, state, pending, errorFor } = useServerForm(
    "passwordResetForm",
    resetWithLinkAction,
  );
  return (
    <form {...form} className="space-y-5">
      <FormError state={state}>
        <Link href={PAGES.passwordForgot} className="font-medium underline underline-offset-4">
          Start again
        </Link>
      </FormError>
      <ResetFields errorFor={errorFor} state={state} pending={pending} />
    </form>
  );
}
