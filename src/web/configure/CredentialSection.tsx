import { useState } from "react";
import Button from "@atlaskit/button/new";
import Lozenge from "@atlaskit/lozenge";
import SectionMessage from "@atlaskit/section-message";
import type { CredentialAccount } from "../../shared/api-contract";
import { asApiError, type ApiError } from "../api/errors";
import { useApi } from "../common/ApiContext";
import { ErrorNotice } from "../common/ErrorNotice";
import { formatDateTime } from "../common/format";
import { inline, panel, stack, subtle } from "../common/layout";
import { Loading } from "../common/Loading";
import { useLoad } from "../common/use-load";
import { CredentialForm } from "./CredentialForm";
import { ScopesHelp } from "./ScopesHelp";

/** The write credential: why it is needed, what it acts as, and replacing or removing it. */
export const CredentialSection = () => {
  const api = useApi();
  const status = useLoad(() => api.getCredential(), "credential");
  const [replacing, setReplacing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  const remove = async (): Promise<void> => {
    setBusy(true);
    setFailure(null);
    try {
      await api.deleteCredential();
      setConfirmRemove(false);
      setSaved(false);
      status.reload();
    } catch (e) {
      setFailure(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section style={{ ...panel, ...stack("space.200"), maxWidth: "760px" }} aria-labelledby="credential-heading">
      <h2 id="credential-heading">Write credential</h2>
      <p>
        Bitbucket does not let apps change permissions with their own identity, so this app makes permission changes with
        the API token of a workspace administrator (a person, or a dedicated admin account). The token is stored encrypted,
        used only for the changes you apply here, and never shown again after you save it.
      </p>
      <ScopesHelp />
      {status.status === "loading" && <Loading what="the credential" />}
      {status.status === "error" && <ErrorNotice error={status.error} doing="read the credential" onRetry={status.reload} />}
      {status.status === "ready" && status.data.configured && !replacing && (
        <>
          {saved && <SectionMessage appearance="success" title="Credential saved"><p>Bitbucket accepted it. The token will not be shown again.</p></SectionMessage>}
          <AccountSummary account={status.data.account} />
          {failure && <ErrorNotice error={failure} doing="remove the credential" />}
          {confirmRemove ? (
            <SectionMessage appearance="warning" title="Remove the credential?">
              <p>Changes can no longer be applied until a new credential is saved; jobs that still have changes to make will fail them.</p>
              <div style={inline("space.100")}>
                <Button appearance="danger" isLoading={busy} onClick={() => { void remove(); }}>Remove</Button>
                <Button onClick={() => { setConfirmRemove(false); }}>Keep it</Button>
              </div>
            </SectionMessage>
          ) : (
            <div style={inline("space.100")}>
              <Button onClick={() => { setReplacing(true); setSaved(false); }}>Replace</Button>
              <Button appearance="subtle" onClick={() => { setConfirmRemove(true); }}>Remove</Button>
            </div>
          )}
        </>
      )}
      {status.status === "ready" && (!status.data.configured || replacing) && (
        <CredentialForm
          replacing={replacing}
          onSaved={() => { setReplacing(false); setSaved(true); status.reload(); }}
          onCancel={replacing ? () => { setReplacing(false); } : undefined}
        />
      )}
    </section>
  );
};

const AccountSummary = ({ account }: { account: CredentialAccount }) => (
  <dl style={{ ...stack("space.050"), margin: 0, padding: 0 }} data-testid="credential-account">
    <dt style={subtle}>Acts as</dt>
    <dd style={{ margin: 0 }}><strong>{account.displayName}</strong> ({account.email})</dd>
    <dt style={subtle}>Workspace administrator</dt>
    <dd style={{ margin: 0 }}>
      {account.administersWorkspace
        ? <Lozenge appearance="success">yes</Lozenge>
        : <><Lozenge appearance="removed">no</Lozenge> This account cannot change permissions; replace it with a workspace administrator&apos;s.</>}
    </dd>
    <dt style={subtle}>Saved</dt>
    <dd style={{ margin: 0 }}>{formatDateTime(account.savedAt)}</dd>
  </dl>
);
