export const SIGNUP_STEPS = [
  { key: "details", label: "Your details" },
  { key: "email", label: "Check your email" },
  { key: "password", label: "Confirm password" },
  { key: "authenticator", label: "Authenticator" },
] as const;
