"use client";

import Link from "next/link";
import { FormError } from "@/components/form-error";
import { Button } from "@/components/ui/button";
import { useServerForm } from "@/components/use-server-form";
import { completeWithLinkAction } from "../actions";
import { FactorFields } from "../factor-fields";

export function VerifyForm() {
  const { form, state, pending, errorFor } = useServerForm(
    "loginFactorsForm",
    completeWithLinkAction,
  );
  return (
    <form {...form} className="space-y-5">
      <FormError state={state}>
        <Link href="/login" className="font-medium underline underline-offset-4">
          Start again
        </Link>
      </FormError>
      <FactorFields errorFor={errorFor} state={state} />
      <Button type="submit" className="w-full" pending={pending}>
        Log in
      </Button>
    </form>
  );
}
