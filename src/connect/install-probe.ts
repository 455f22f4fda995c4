import { BitbucketError, path, type BitbucketClient } from "../bitbucket";

/** The installation's identity as the install payload gives it. */
export interface ConnectCredential {
  readonly appKey: string;
  readonly clientKey: string;
  readonly sharedSecret: string;
}

/** What the probe concluded about a first install's secret. */
export type ProbeResult =
  | { readonly ok: true }
  /** Bitbucket answered, and not with 2xx: the secret (or workspace) is not genuine. */
  | { readonly ok: false; readonly kind: "rejected"; readonly status: number }
  /** Bitbucket could not be asked (network, timeout, 429, 5xx): nothing is known, so nothing is stored either. */
  | { readonly ok: false; readonly kind: "unavailable"; readonly reason: string };

/**
 * Port: proves that a first install's `sharedSecret` is genuine by calling Bitbucket as the app with a JWT signed by it
 * (bitbucket-platform.md §2.3 step 3). The API base is always the configured one, never one named in the payload.
 */
export interface InstallProbe {
  verify(request: { readonly credential: ConnectCredential; readonly workspaceUuid: string }): Promise<ProbeResult>;
}

/**
 * `GET /2.0/workspaces/{uuid}/projects?pagelen=1` as the installation, through the Bitbucket client bound to the configured
 * API base; only a 2xx confirms. The `project` scope covers it (Sentry's `/hooks` probe would need `webhook`). No retries:
 * Bitbucket waits for the install answer, and a transient failure is reported as such so Bitbucket retries the install.
 */
export function createInstallProbe(client: BitbucketClient): InstallProbe {
  return {
    async verify({ credential, workspaceUuid }) {
      const api = client.as({ kind: "connect-jwt", ...credential }, { retry: false });
      try {
        await api.get(path`/2.0/workspaces/${workspaceUuid}/projects`, { pagelen: "1" });
        return { ok: true };
      } catch (error) {
        if (error instanceof BitbucketError && error.status !== undefined && !error.isRetryable) {
          return { ok: false, kind: "rejected", status: error.status };
        }
        return { ok: false, kind: "unavailable", reason: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
