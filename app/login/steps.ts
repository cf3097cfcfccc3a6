export const LOGIN_STEPS = ["Email", "Check your email", "Password and code"];
