export const DELETE_STEPS = ["Email and password", "Check your email", "Deleted"];
