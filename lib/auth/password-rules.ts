export const PASSWORD_RULES = { minLength: 12, maxLength: 256 };
