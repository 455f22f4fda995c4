import { useState } from "react";
import Button from "@atlaskit/button/new";
import { RadioGroup } from "@atlaskit/radio";
import { ErrorMessage } from "@atlaskit/form";
import type { Level, Plan } from "../../shared/api-contract";
import { asApiError, type ApiError } from "../api/errors";
import { useApi } from "../common/ApiContext";
import { ErrorNotice } from "../common/ErrorNotice";
import { panel, stack } from "../common/layout";
import { toPlanRequest, type ChangeDraft } from "./change-draft";
import { PrincipalPicker } from "./PrincipalPicker";
import { ScopeFields } from "./ScopeFields";

const levelOptions: { name: string; value: Level; label: string }[] = [
  { name: "level", value: "read", label: "Read" },
  { name: "level", value: "write", label: "Write" },
  { name: "level", value: "create-repo", label: "Create repositories (project only)" },
  { name: "level", value: "admin", label: "Admin" },
  { name: "level", value: "none", label: "Remove access" },
];

interface Props {
  projectKey: string;
  draft: ChangeDraft;
  onDraftChange: (draft: ChangeDraft) => void;
  onPlan: (plan: Plan) => void;
}

/** Who, what level (or removal) and where; "Preview" asks the server for the plan. Nothing changes until Apply. */
export const ChangeForm = ({ projectKey, draft, onDraftChange, onPlan }: Props) => {
  const api = useApi();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const update = (patch: Partial<ChangeDraft>): void => { onDraftChange({ ...draft, ...patch }); };

  const preview = async (): Promise<void> => {
    const built = toPlanRequest(draft);
    if ("errors" in built) { setErrors(built.errors); return; }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      onPlan(await api.createPlan(projectKey, built.request));
    } catch (e) {
      const error = asApiError(e);
      setFailure(error);
      setErrors(error.fieldErrors);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      style={{ ...panel, ...stack("space.300"), maxWidth: "720px" }}
      aria-labelledby="change-heading"
      onSubmit={(e) => { e.preventDefault(); void preview(); }}
    >
      <h2 id="change-heading">Change access</h2>
      <PrincipalPicker id="change-principal" value={draft.principal} onChange={(principal) => { update({ principal }); }} error={errors.principal} />
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend id="level-legend"><strong>Level</strong></legend>
        <RadioGroup
          labelId="level-legend"
          options={levelOptions}
          value={draft.permission}
          onChange={(e) => { update({ permission: e.currentTarget.value as Level }); }}
        />
        {errors.permission && <ErrorMessage>{errors.permission}</ErrorMessage>}
      </fieldset>
      <ScopeFields draft={draft} update={update} />
      {failure && <ErrorNotice error={failure} doing="make the plan" />}
      <div>
        <Button type="submit" appearance="primary" isLoading={busy}>Preview</Button>
      </div>
    </form>
  );
};
