import { getCurrentUser, listWorkspaceMemberships, Forbidden, Unauthorized, type BitbucketCredential } from "../bitbucket";
import { open, seal } from "../crypto/secret-box";
import type { Database } from "../db/database";
import type { BitbucketGateway } from "./bitbucket-gateway";
import { EngineError } from "./errors";

export type TokenCredential = Extract<BitbucketCredential, { kind: "api-token" }>;

/** The account a saved credential acts as; never the token. */
export interface CredentialAccount {
  readonly email: string;
  readonly displayName: string;
  readonly uuid: string;
  readonly administersWorkspace: boolean;
  readonly savedAtMs: number;
}

export interface CredentialService {
  /**
   * Checks the token against Bitbucket (`GET /2.0/user` as the token, then the account's workspace role), then seals and
   * stores it, replacing any earlier one.
   * @see https://support.atlassian.com/bitbucket-cloud/docs/api-tokens/
   * @throws {EngineError} CREDENTIAL_REJECTED (Bitbucket does not accept the token), CREDENTIAL_NOT_ADMIN (the account does
   *   not administer the workspace); the client's typed errors when Bitbucket cannot answer
   */
  save(clientKey: string, input: { email: string; apiToken: string }): Promise<CredentialAccount>;
  status(clientKey: string): Promise<CredentialAccount | null>;
  /** @returns whether there was one */
  remove(clientKey: string): Promise<boolean>;
  /** The opened credential for Bitbucket calls; undefined when none is saved. */
  credentialOf(clientKey: string): Promise<TokenCredential | undefined>;
}

interface CredentialRow {
  client_key: string;
  email: string;
  token_sealed: string;
  account_uuid: string;
  account_display_name: string | null;
  validated_at: number | string;
}

/** A stored credential is the workspace owner's by construction: only owners pass `save`. */
const toAccount = (row: CredentialRow): CredentialAccount => ({
  email: row.email, displayName: row.account_display_name ?? row.email, uuid: row.account_uuid, administersWorkspace: true,
  savedAtMs: Number(row.validated_at),
});

export function createCredentialService(deps: {
  db: Database; clock: () => number; secretKey: Buffer; gateway: () => BitbucketGateway;
}): CredentialService {
  const { db, secretKey } = deps;
  const rows = () => db.knex<CredentialRow>("write_credentials");

  return {
    async save(clientKey, input) {
      const email = input.email.trim();
      const credential: TokenCredential = { kind: "api-token", email, apiToken: input.apiToken };
      const gateway = deps.gateway();
      const installation = await gateway.installation(clientKey);
      const api = gateway.asToken(credential);
      let user;
      try {
        user = await getCurrentUser(api);
      } catch (error) {
        if (error instanceof Unauthorized) {
          throw new EngineError("CREDENTIAL_REJECTED", "Bitbucket did not accept this email and API token (401). Check both, and that the token has not expired.");
        }
        throw error;
      }
      let owner = false;
      try {
        const roles = await listWorkspaceMemberships(api, installation.workspaceSlug ?? installation.workspaceUuid, { q: `user.uuid="${user.uuid}"` });
        owner = roles.some((m) => m.user.uuid === user.uuid && m.permission === "owner");
      } catch (error) {
        if (!(error instanceof Forbidden)) throw error;
      }
      if (!owner) {
        throw new EngineError(
          "CREDENTIAL_NOT_ADMIN",
          `${user.display_name ?? email} is not an admin of this workspace; Bitbucket lets only workspace admins change permissions.`,
        );
      }
      const row: CredentialRow = {
        client_key: clientKey, email, token_sealed: seal(secretKey, input.apiToken, clientKey), account_uuid: user.uuid,
        account_display_name: user.display_name ?? null, validated_at: deps.clock(),
      };
      await rows().insert(row).onConflict("client_key").merge(["email", "token_sealed", "account_uuid", "account_display_name", "validated_at"]);
      return toAccount(row);
    },
    async status(clientKey) {
      const row = await rows().where({ client_key: clientKey }).first();
      return row ? toAccount(row) : null;
    },
    async remove(clientKey) {
      return (await rows().where({ client_key: clientKey }).delete()) > 0;
    },
    async credentialOf(clientKey) {
      const row = await rows().where({ client_key: clientKey }).first();
      // Sealed with the clientKey as context: a row copied to another tenant does not open.
      return row && { kind: "api-token", email: row.email, apiToken: open(secretKey, row.token_sealed, clientKey) };
    },
  };
}
