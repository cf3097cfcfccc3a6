// NIST SP 800-63B: length, not composition. bcrypt reads only the first 72 bytes of its
// input, so longer passwords are refused rather than silently truncated. (Apart from the
// schemas in password-policy.ts, so a page can state them without loading zod.)
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const PASSWORD_MAX_BYTES = 72;
