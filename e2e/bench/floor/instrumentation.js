// Its own (empty) hook, so that Next.js does not take Triplock's from the workspace root.
export function register() {}
