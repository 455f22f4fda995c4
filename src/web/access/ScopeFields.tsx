import { Checkbox } from "@atlaskit/checkbox";
import { RadioGroup } from "@atlaskit/radio";
import TextField from "@atlaskit/textfield";
import { HelperMessage, Label } from "@atlaskit/form";
import type { PlanScope } from "../../shared/api-contract";
import { stack } from "../common/layout";
import type { ChangeDraft } from "./change-draft";

const scopeOptions: { name: string; value: PlanScope; label: string }[] = [
  { name: "scope", value: "project", label: "The project's own grant (one call; every repository inherits it, also new ones)" },
  { name: "scope", value: "repositories", label: "Each repository (explicit repository grants)" },
  { name: "scope", value: "both", label: "Both the project grant and each repository" },
];

type Update = (patch: Partial<ChangeDraft>) => void;

/** Where the change applies: the project grant, the repositories (with include/exclude patterns) or both. */
export const ScopeFields = ({ draft, update }: { draft: ChangeDraft; update: Update }) => (
  <div style={stack("space.150")}>
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <legend id="scope-legend"><strong>Where</strong></legend>
      <RadioGroup
        labelId="scope-legend"
        options={scopeOptions}
        value={draft.scope}
        onChange={(e) => { update({ scope: e.currentTarget.value as PlanScope }); }}
      />
    </fieldset>
    {draft.scope !== "project" && (
      <div style={stack("space.100")}>
        <div style={{ ...stack("space.050"), maxWidth: "480px" }}>
          <Label htmlFor="include-patterns">Only repositories matching (optional)</Label>
          <TextField id="include-patterns" value={draft.include} placeholder="mobile-*, api-*" onChange={(e) => { update({ include: e.currentTarget.value }); }} />
          <HelperMessage>Patterns on the repository slug, separated by commas; * matches anything. Empty means every repository.</HelperMessage>
        </div>
        <div style={{ ...stack("space.050"), maxWidth: "480px" }}>
          <Label htmlFor="exclude-patterns">Except repositories matching (optional)</Label>
          <TextField id="exclude-patterns" value={draft.exclude} placeholder="*-archive" onChange={(e) => { update({ exclude: e.currentTarget.value }); }} />
        </div>
        <Checkbox
          label="Also for repositories created later in this project"
          isChecked={draft.alsoForNewRepositories}
          onChange={(e) => { update({ alsoForNewRepositories: e.currentTarget.checked }); }}
        />
      </div>
    )}
  </div>
);
