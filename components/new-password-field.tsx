import { PASSWORD_MAX_BYTES, PASSWORD_MIN_LENGTH } from "@/lib/shared/password-limits";
import { Field, type FieldProps } from "./ui/field";

/** A password being chosen, with the policy as its hint (sign-up, reset and change alike). */
export function NewPasswordField({
  label = "New password",
  ...props
}: Omit<FieldProps, "label" | "hint" | "type"> & { label?: string }) {
  return (
    <Field
      label={label}
      type="password"
      autoComplete="new-password"
      required
      hint={`At least ${PASSWORD_MIN_LENGTH} characters (up to ${PASSWORD_MAX_BYTES} bytes). A few random words make a strong one.`}
      {...props}
    />
  );
}
