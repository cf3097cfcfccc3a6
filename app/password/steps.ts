export const RESET_STEPS = [
  { key: "email", label: "Email" },
  { key: "inbox", label: "Check your email" },
  { key: "password", label: "New password" },
] as const;
