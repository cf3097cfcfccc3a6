export const LOGIN_STEPS = [
  { key: "email", label: "Email" },
  { key: "inbox", label: "Check your email" },
  { key: "factors", label: "Password and code" },
] as const;
