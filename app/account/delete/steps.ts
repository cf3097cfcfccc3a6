export const DELETE_STEPS = [
  { key: "credentials", label: "Email and password" },
  { key: "inbox", label: "Check your email" },
  { key: "deleted", label: "Deleted" },
] as const;
