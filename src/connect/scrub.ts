/** Three base64url segments starting like a JSON header (`eyJ`): a JWT, or its unsigned part. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)?/g;

/** Replaces anything that looks like a JWT. ACE quotes token segments in some error messages ("Signature verification failed for input: …"). */
export function scrubTokens(text: string): string {
  return text.replace(JWT_LIKE, "[redacted-jwt]");
}
