import { useState } from "react";
import Button from "@atlaskit/button/new";
import TextField from "@atlaskit/textfield";
import { ErrorMessage, HelperMessage, Label } from "@atlaskit/form";
import { asApiError, type ApiError } from "../api/errors";
import { useApi } from "../common/ApiContext";
import { ErrorNotice } from "../common/ErrorNotice";
import { inline, stack } from "../common/layout";

const CREDENTIAL_ERRORS: Record<string, string> = {
  CREDENTIAL_REJECTED: "Bitbucket did not accept this email and API token",
  CREDENTIAL_NOT_ADMIN: "This account does not administer the workspace",
};

interface Props { replacing: boolean; onSaved: () => void; onCancel?: (() => void) | undefined }

/** Email and API token; the app checks them with Bitbucket before saving. The token field is cleared either way. */
export const CredentialForm = ({ replacing, onSaved, onCancel }: Props) => {
  const api = useApi();
  const [email, setEmail] = useState("");
  const [apiToken, setApiToken] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (): Promise<void> => {
    const missing: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) missing.email = "Enter the email address of the Atlassian account.";
    if (apiToken.trim() === "") missing.apiToken = "Paste the API token.";
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    setFailure(null);
    try {
      await api.putCredential({ email: email.trim(), apiToken: apiToken.trim() });
      setApiToken("");
      onSaved();
    } catch (e) {
      const error = asApiError(e);
      setApiToken("");
      setErrors(error.fieldErrors);
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const refusal = failure ? CREDENTIAL_ERRORS[failure.code] : undefined;
  return (
    <form style={{ ...stack("space.200"), maxWidth: "480px" }} onSubmit={(e) => { e.preventDefault(); void save(); }} aria-label="Write credential" autoComplete="off">
      <div style={stack("space.050")}>
        <Label htmlFor="credential-email">Email of the Atlassian account</Label>
        <TextField id="credential-email" type="email" value={email} isInvalid={Boolean(errors.email)} onChange={(e) => { setEmail(e.currentTarget.value); }} />
        {errors.email && <ErrorMessage>{errors.email}</ErrorMessage>}
      </div>
      <div style={stack("space.050")}>
        <Label htmlFor="credential-token">API token</Label>
        <TextField id="credential-token" type="password" autoComplete="new-password" value={apiToken} isInvalid={Boolean(errors.apiToken)} onChange={(e) => { setApiToken(e.currentTarget.value); }} />
        {errors.apiToken ? <ErrorMessage>{errors.apiToken}</ErrorMessage> : <HelperMessage>Checked with Bitbucket when you save; never shown again.</HelperMessage>}
      </div>
      {failure && (refusal
        ? <ErrorMessage>{`${refusal}: ${failure.message}`}</ErrorMessage>
        : <ErrorNotice error={failure} doing="save the credential" />)}
      <div style={inline("space.100")}>
        <Button type="submit" appearance="primary" isLoading={busy}>{replacing ? "Save the new credential" : "Save credential"}</Button>
        {onCancel && <Button onClick={onCancel}>Cancel</Button>}
      </div>
    </form>
  );
};
