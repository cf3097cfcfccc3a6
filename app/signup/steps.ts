export const SIGNUP_STEPS = [
  "Your details",
  "Check your email",
  "Confirm password",
  "Authenticator",
];
