/**
 * Who a grant is for. Users are keyed by their `{uuid}` (Bitbucket answers with the canonical user whatever id form was
 * sent, so comparing by uuid is the only stable way); groups by their workspace-local slug.
 */
export type Principal = UserPrincipal | GroupPrincipal;
export interface UserPrincipal { readonly type: "user"; readonly uuid: string; readonly name?: string }
export interface GroupPrincipal { readonly type: "group"; readonly slug: string; readonly name?: string }

/** A stable string key for maps and database columns: `user:{uuid}` or `group:slug`. */
export const principalKey = (p: Principal): string => (p.type === "user" ? `user:${p.uuid}` : `group:${p.slug}`);

export const samePrincipal = (a: Principal, b: Principal): boolean => principalKey(a) === principalKey(b);

export const principalLabel = (p: Principal): string => p.name ?? (p.type === "user" ? p.uuid : p.slug);
